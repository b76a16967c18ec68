package io.slipway.app.engine;

import io.slipway.core.engine.EngineInfo;

/** How the status bar names an engine. */
public final class EngineText {
  private EngineText() {}

  /** "Engine 20.10.24 · API 1.41 · BuildKit default · unix:///var/run/docker.sock". */
  public static String describe(EngineInfo info) {
    return "Engine "
        + info.serverVersion()
        + " · API "
        + info.apiVersion()
        + " · "
        + (info.buildKitDefault() ? "BuildKit default" : "classic builder default")
        + " · "
        + info.endpoint();
  }

  /** The first line of a multi-line message: what the status bar shows. */
  public static String firstLine(String message) {
    if (message == null || message.isBlank()) {
      return "The Docker engine is not reachable.";
    }
    String trimmed = message.strip();
    int nl = trimmed.indexOf('\n');
    return nl < 0 ? trimmed : trimmed.substring(0, nl).strip();
  }
}
