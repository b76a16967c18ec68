package io.slipway.app.main;

/** The engine as the status bar shows it. */
public enum EngineState {
  CONNECTING,
  READY,
  UNAVAILABLE
}
