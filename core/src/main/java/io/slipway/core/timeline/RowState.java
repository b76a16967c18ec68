package io.slipway.core.timeline;

/** Where a timeline row stands. Only {@link #RUNNING} rows have no end. */
public enum RowState {
  RUNNING,
  /** Finished and did its work. */
  DONE,
  /** Finished from the cache, without running. */
  CACHED,
  FAILED,
  /** Stopped because the build was cancelled or failed elsewhere. */
  CANCELLED
}
