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

  /** How a finished build ended, as a state. */
  public static BuildState of(io.slipway.core.build.BuildStatus status) {
    return switch (status) {
      case SUCCEEDED -> SUCCEEDED;
      case FAILED -> FAILED;
      case CANCELLED -> CANCELLED;
    };
  }

  public boolean finished() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }
}
