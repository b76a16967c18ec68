package io.slipway.app.main;

/** One step's state, as its row shows it. */
public enum StepState {
  RUNNING,
  DONE,
  CACHED,
  FAILED,
  CANCELLED;

  /** The CSS pseudo-class name of this state ("running", "cached", …). */
  public String cssName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
