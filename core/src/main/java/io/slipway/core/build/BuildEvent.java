package io.slipway.core.build;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What happened during a build, in the order it happened. Both builders emit these and nothing
 * else; every front end (timeline, log view, history, command line) reads only these.
 *
 * <p>A step is identified by a string id: the step number for the classic builder ("3"), the vertex
 * digest for BuildKit. Every event carries the time it was observed.
 */
public sealed interface BuildEvent {

  Instant time();

  /** A step (classic) or vertex (BuildKit) started. {@code parents} are the ids it depends on. */
  record StepStarted(
      Instant time,
      String stepId,
      int index,
      int total,
      String name,
      List<String> parents,
      Optional<Integer> dockerfileLine)
      implements BuildEvent {
    public StepStarted {
      parents = List.copyOf(parents);
    }
  }

  /** Progress inside a step: a pull, a context upload ({@code total} is -1 when unknown). */
  record StepProgress(Instant time, String stepId, String label, long current, long total)
      implements BuildEvent {}

  /** One line of output, attributed to a step when the builder knows which (else empty). */
  record LogLine(Instant time, Optional<String> stepId, Stream stream, String text)
      implements BuildEvent {
    public enum Stream {
      STDOUT,
      STDERR,
      /** Lines written by the builder itself, not by a RUN command. */
      BUILDER
    }
  }

  /** A step ended: successfully, from the cache, or with an error. */
  record StepFinished(
      Instant time,
      String stepId,
      boolean cached,
      Optional<String> error,
      Optional<Integer> exitCode,
      Duration duration)
      implements BuildEvent {
    /** The error of a step that was stopped because the build was cancelled or another failed. */
    public static final String CANCELLED = "cancelled";

    public boolean failed() {
      return error.isPresent();
    }

    public boolean cancelled() {
      return error.filter(CANCELLED::equals).isPresent();
    }
  }

  /** Something worth a look that did not stop the build (e.g. unused build args). */
  record Warning(Instant time, Optional<String> stepId, String message) implements BuildEvent {}

  /** The image the build produced (the last stage's id). */
  record ImageBuilt(Instant time, String imageId, List<String> tags) implements BuildEvent {
    public ImageBuilt {
      tags = List.copyOf(tags);
    }
  }

  /** Always the last event of a build, whichever way it ended. */
  record BuildFinished(
      Instant time,
      BuildStatus status,
      Duration duration,
      Optional<String> imageId,
      Optional<String> error,
      Optional<Integer> exitCode)
      implements BuildEvent {}
}
