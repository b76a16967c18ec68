package io.slipway.core.build;

/** How a build ended. */
public enum BuildStatus {
  SUCCEEDED,
  FAILED,
  CANCELLED
}
