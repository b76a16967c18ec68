package io.slipway.core.history;

import io.slipway.core.build.BuildEvent;
import io.slipway.core.build.BuildEvent.BuildFinished;
import io.slipway.core.build.BuildEvent.LogLine;
import io.slipway.core.build.BuildEvent.StepFinished;
import io.slipway.core.build.BuildEvent.StepStarted;
import io.slipway.core.build.BuildStatus;
import io.slipway.core.timeline.BuildTimeline;
import io.slipway.core.timeline.TimelineSnapshot;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Small scripted BuildKit-shaped builds for the history tests. Times in seconds from T0. */
final class Builds {
  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  private final BuildTimeline timeline = new BuildTimeline();
  private final Instant base;

  Builds(double startOffsetSeconds) {
    base = T0.plusMillis(Math.round(startOffsetSeconds * 1000));
  }

  Instant at(double s) {
    return base.plusMillis(Math.round(s * 1000));
  }

  Builds step(String id, String name, double start, double end, boolean cached, String... parents) {
    timeline.accept(new StepStarted(at(start), id, 1, 0, name, List.of(parents), Optional.of(2)));
    timeline.accept(
        new LogLine(at(start), Optional.of(id), LogLine.Stream.STDOUT, "output of " + name));
    timeline.accept(
        new StepFinished(
            at(end),
            id,
            cached,
            Optional.empty(),
            Optional.empty(),
            Duration.ofMillis(Math.round((end - start) * 1000))));
    return this;
  }

  Builds failed(String id, String name, double start, double end) {
    timeline.accept(new StepStarted(at(start), id, 1, 0, name, List.of(), Optional.of(3)));
    timeline.accept(
        new StepFinished(
            at(end), id, false, Optional.of("exit code: 2"), Optional.of(2), Duration.ZERO));
    return this;
  }

  Builds log(String id, String text) {
    timeline.accept(new LogLine(base, Optional.ofNullable(id), LogLine.Stream.STDOUT, text));
    return this;
  }

  Builds event(BuildEvent e) {
    timeline.accept(e);
    return this;
  }

  TimelineSnapshot running() {
    return timeline.snapshot();
  }

  TimelineSnapshot finish(double end, BuildStatus status) {
    timeline.accept(
        new BuildFinished(
            at(end),
            status,
            Duration.ofMillis(Math.round(end * 1000)),
            status == BuildStatus.SUCCEEDED ? Optional.of("sha256:abc") : Optional.empty(),
            status == BuildStatus.SUCCEEDED ? Optional.empty() : Optional.of("it broke"),
            Optional.empty()));
    return timeline.snapshot();
  }

  /** internal, FROM, COPY, RUN make, the last two cached as chosen. */
  static TimelineSnapshot typical(double offset, boolean copyCached, double makeSeconds) {
    Builds b = new Builds(offset);
    b.step("d1", "[internal] load build definition from Dockerfile", 0, 0.1, false);
    b.step("d2", "[1/3] FROM docker.io/slipway-test/busybox:1", 0.1, 0.2, true, "d1");
    b.step("d3", "[2/3] COPY . /src", 0.2, 0.5, copyCached, "d2");
    b.step("d4", "[3/3] RUN make", 0.5, 0.5 + makeSeconds, copyCached, "d3");
    return b.finish(0.6 + makeSeconds, BuildStatus.SUCCEEDED);
  }
}
