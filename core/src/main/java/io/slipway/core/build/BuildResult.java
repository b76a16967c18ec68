package io.slipway.core.build;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The outcome of a build; the same facts as its final {@link BuildEvent.BuildFinished} event. */
public record BuildResult(
    BuildStatus status,
    Duration duration,
    Optional<String> imageId,
    List<String> tags,
    Optional<String> error,
    Optional<Integer> exitCode) {

  public BuildResult {
    tags = List.copyOf(tags);
  }

  public boolean succeeded() {
    return status == BuildStatus.SUCCEEDED;
  }
}
