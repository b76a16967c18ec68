package io.slipway.core.build;

import java.util.concurrent.CompletableFuture;

/** A running build. The result future completes normally for every outcome, failures included. */
public interface BuildHandle {

  /** An id for this build, unique per run (BuildKit's {@code buildid}). */
  String id();

  CompletableFuture<BuildResult> result();

  /**
   * Asks the build to stop. Idempotent and non-blocking; the result then completes with {@link
   * BuildStatus#CANCELLED} (unless the build had already finished).
   */
  void cancel();
}
