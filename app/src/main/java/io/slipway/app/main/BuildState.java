package io.slipway.app.main;

/** Where the window's build is. */
public enum BuildState {
  /** Nothing has run yet (or the last start was refused). */
  IDLE,
  /** Handed to the builder, waiting for its first event. */
  STARTING,
  RUNNING,
  /** Cancel asked for; waiting for the builder to confirm. */
  CANCELLING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  /** A build is under way (cancel is possible, a new one is not). */
  public boolean active() {
    return this == STARTING || this == RUNNING || this == CANCELLING;
  }

  public boolean finished() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
