package io.slipway.core.timeline;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One step (classic builder) or vertex (BuildKit) of a build, as it stood when the snapshot was
 * taken.
 *
 * @param id the step id: the step number ("3", "context") or the vertex digest
 * @param index the step number or vertex number; 0 for the classic context upload, -1 when the row
 *     was only ever seen in a log line, progress or finish (no start event)
 * @param total the number of steps the builder announced, 0 when not counted
 * @param parents the ids this row depends on (BuildKit); empty for the classic builder
 * @param end empty while {@link RowState#RUNNING}
 * @param dockerfileLine the Dockerfile line of the instruction, when known
 * @param progress the latest progress the row reported
 * @param logLines how many log lines belong to this row
 */
public record TimelineRow(
    String id,
    int index,
    int total,
    String name,
    List<String> parents,
    Instant start,
    Optional<Instant> end,
    RowState state,
    Optional<String> error,
    Optional<Integer> exitCode,
    Optional<Integer> dockerfileLine,
    Optional<RowProgress> progress,
    int logLines) {

  /** BuildKit marks its bookkeeping vertices (load the Dockerfile, the context, metadata) so. */
  public static final String INTERNAL_PREFIX = "[internal]";

  public TimelineRow {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    parents = List.copyOf(parents);
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(exitCode, "exitCode");
    Objects.requireNonNull(dockerfileLine, "dockerfileLine");
    Objects.requireNonNull(progress, "progress");
    if (end.isEmpty() != (state == RowState.RUNNING)) {
      throw new IllegalArgumentException("only a running row has no end: " + id + " " + state);
    }
    if (end.isPresent() && end.get().isBefore(start)) {
      throw new IllegalArgumentException("row " + id + " ends before it starts");
    }
  }

  /** From start to end; empty while running. */
  public Optional<Duration> duration() {
    return end.map(e -> Duration.between(start, e));
  }

  /** A BuildKit bookkeeping vertex ({@code [internal] …}), which the view may fold away. */
  public boolean internal() {
    return name.startsWith(INTERNAL_PREFIX);
  }

  /**
   * Whether this row is one of the Dockerfile's own steps, the rows the cache-hit ratio counts (see
   * {@link io.slipway.core.build.DockerfileSteps}): not the context upload, not BuildKit's
   * bookkeeping vertices such as "[internal] …" or "exporting to image".
   */
  public boolean countsAsStep() {
    return io.slipway.core.build.DockerfileSteps.isDockerfileStep(id, index, name);
  }
}
