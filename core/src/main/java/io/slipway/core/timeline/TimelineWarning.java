package io.slipway.core.timeline;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A warning of the build, attributed to a row when the builder knew which. */
public record TimelineWarning(Instant time, Optional<String> stepId, String message) {
  public TimelineWarning {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(stepId, "stepId");
    Objects.requireNonNull(message, "message");
  }
}
