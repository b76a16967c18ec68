package io.slipway.core.timeline;

import io.slipway.core.build.BuildEvent;
import io.slipway.core.build.BuildEvent.BuildFinished;
import io.slipway.core.build.BuildEvent.ImageBuilt;
import io.slipway.core.build.BuildEvent.LogLine;
import io.slipway.core.build.BuildEvent.StepFinished;
import io.slipway.core.build.BuildEvent.StepProgress;
import io.slipway.core.build.BuildEvent.StepStarted;
import io.slipway.core.build.BuildEvent.Warning;
import io.slipway.core.build.BuildStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Scripted event sequences shaped like what the two builders emit. Times are in seconds. */
final class Events {

  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  private final List<BuildEvent> events = new ArrayList<>();

  static Instant at(double seconds) {
    return T0.plusNanos(Math.round(seconds * 1e9));
  }

  static Duration seconds(double seconds) {
    return Duration.ofNanos(Math.round(seconds * 1e9));
  }

  List<BuildEvent> events() {
    return events;
  }

  BuildTimeline feed() {
    BuildTimeline timeline = new BuildTimeline();
    events.forEach(timeline::accept);
    return timeline;
  }

  Events started(double s, String id, int index, int total, String name, String... parents) {
    events.add(new StepStarted(at(s), id, index, total, name, List.of(parents), Optional.empty()));
    return this;
  }

  /** A classic step: id = its number, the Dockerfile line given. */
  Events step(double s, int number, int total, String instruction, int line) {
    events.add(
        new StepStarted(
            at(s),
            Integer.toString(number),
            number,
            total,
            instruction,
            List.of(),
            Optional.of(line)));
    return this;
  }

  Events progress(double s, String id, String label, long current, long total) {
    events.add(new StepProgress(at(s), id, label, current, total));
    return this;
  }

  Events log(double s, String id, String text) {
    return log(s, id, LogLine.Stream.STDOUT, text);
  }

  Events log(double s, String id, LogLine.Stream stream, String text) {
    events.add(new LogLine(at(s), Optional.of(id), stream, text));
    return this;
  }

  Events buildLog(double s, String text) {
    events.add(new LogLine(at(s), Optional.empty(), LogLine.Stream.BUILDER, text));
    return this;
  }

  Events done(double s, String id, double startedAt) {
    events.add(
        new StepFinished(
            at(s), id, false, Optional.empty(), Optional.empty(), seconds(s - startedAt)));
    return this;
  }

  Events cached(double s, String id, double startedAt) {
    events.add(
        new StepFinished(
            at(s), id, true, Optional.empty(), Optional.empty(), seconds(s - startedAt)));
    return this;
  }

  Events failed(double s, String id, double startedAt, String error, Integer exitCode) {
    events.add(
        new StepFinished(
            at(s),
            id,
            false,
            Optional.of(error),
            Optional.ofNullable(exitCode),
            seconds(s - startedAt)));
    return this;
  }

  Events warning(double s, String id, String message) {
    events.add(new Warning(at(s), Optional.ofNullable(id), message));
    return this;
  }

  Events image(double s, String imageId, String... tags) {
    events.add(new ImageBuilt(at(s), imageId, List.of(tags)));
    return this;
  }

  Events finished(
      double s,
      BuildStatus status,
      double startedAt,
      String imageId,
      String error,
      Integer exitCode) {
    events.add(
        new BuildFinished(
            at(s),
            status,
            seconds(s - startedAt),
            Optional.ofNullable(imageId),
            Optional.ofNullable(error),
            Optional.ofNullable(exitCode)));
    return this;
  }

  static final String IMAGE =
      "sha256:81c1970bb5ff0f76bb2594828c6e88d740014b742837ffaea32a0557ec89ed92";

  /**
   * The classic builder on core's recorded fixture classic-success.jsonl (success.Dockerfile,
   * GREETING=hello, UNUSED=x), with the context upload first, as ClassicBuilder and its parser emit
   * it. The build started at 0.
   */
  static Events classicSuccess() {
    Events e = new Events();
    e.started(0.05, "context", 0, 0, "Sending build context (1.2 kB)")
        .progress(0.06, "context", "context", 600, 1200)
        .progress(0.07, "context", "context", 1200, 1200)
        .done(0.08, "context", 0.05);
    e.step(0.10, 1, 6, "FROM slipway-test/busybox:1", 1)
        .log(0.11, "1", LogLine.Stream.BUILDER, " ---> 07aa3830c7a3")
        .done(0.11, "1", 0.10);
    e.step(0.11, 2, 6, "ARG GREETING=hi", 2)
        .log(0.12, "2", LogLine.Stream.BUILDER, " ---> Running in 08fe5a8ffae9")
        .log(0.29, "2", LogLine.Stream.BUILDER, "Removing intermediate container 08fe5a8ffae9")
        .log(0.30, "2", LogLine.Stream.BUILDER, " ---> 530bc90b862c")
        .done(0.30, "2", 0.11);
    e.step(0.30, 3, 6, "ENV WHO=world", 3)
        .log(0.31, "3", LogLine.Stream.BUILDER, " ---> Running in d97e68ff8fad")
        .log(0.49, "3", LogLine.Stream.BUILDER, "Removing intermediate container d97e68ff8fad")
        .log(0.50, "3", LogLine.Stream.BUILDER, " ---> d6b9c35f3d9e")
        .done(0.50, "3", 0.30);
    e.step(0.50, 4, 6, "COPY hello.txt /hello.txt", 4)
        .log(0.60, "4", LogLine.Stream.BUILDER, " ---> 40b22f768934")
        .done(0.60, "4", 0.50);
    e.step(0.60, 5, 6, "RUN echo \"$GREETING $WHO\" && cat /hello.txt", 5)
        .log(0.61, "5", LogLine.Stream.BUILDER, " ---> Running in 9484891a6e4e")
        .log(1.20, "5", "hello world")
        .log(1.21, "5", "file content")
        .log(1.59, "5", LogLine.Stream.BUILDER, "Removing intermediate container 9484891a6e4e")
        .log(1.60, "5", LogLine.Stream.BUILDER, " ---> ca297ecdf39c")
        .done(1.60, "5", 0.60);
    e.step(1.60, 6, 6, "RUN echo to-stderr >&2; echo done", 6)
        .log(1.61, "6", LogLine.Stream.BUILDER, " ---> Running in f8c35b96c1e4")
        .log(2.00, "6", "done")
        .log(2.01, "6", LogLine.Stream.STDERR, "to-stderr")
        .log(2.39, "6", LogLine.Stream.BUILDER, "Removing intermediate container f8c35b96c1e4")
        .log(2.40, "6", LogLine.Stream.BUILDER, " ---> 81c1970bb5ff")
        .done(2.40, "6", 1.60);
    e.warning(2.41, null, "One or more build-args [UNUSED] were not consumed")
        .buildLog(2.41, "Successfully built 81c1970bb5ff")
        .buildLog(2.42, "Successfully tagged slipway-fixture:1")
        .image(2.42, IMAGE, "slipway-fixture:1")
        .finished(2.43, BuildStatus.SUCCEEDED, 0, IMAGE, null, null);
    return e;
  }

  // BuildKit vertex digests, shortened.
  static final String DEF = "sha256:01def";
  static final String META = "sha256:02meta";
  static final String IGNORE = "sha256:03ignore";
  static final String BASE = "sha256:04base";
  static final String CONTEXT = "sha256:05ctx";
  static final String COPY_SRC = "sha256:06copy";
  static final String MAKE = "sha256:07make";
  static final String DEPS = "sha256:08deps";
  static final String FINAL_APP = "sha256:09app";
  static final String FINAL_DEPS = "sha256:10deps";
  static final String EXPORT = "sha256:11export";

  /**
   * A BuildKit build of three stages: "builder" (a slow RUN make) and "deps" (a fast RUN) run side
   * by side from the same base, then "final" copies from both. Cached vertices start and finish at
   * once. The critical path goes through the slower branch: context → COPY → make → final COPY app
   * → final COPY deps → export.
   */
  static Events buildKitParallel() {
    Events e = new Events();
    e.started(0.00, DEF, 1, 0, "[internal] load build definition from Dockerfile")
        .done(0.05, DEF, 0.00)
        .started(0.05, META, 2, 0, "[internal] load metadata for docker.io/library/alpine:3.19")
        .started(0.05, IGNORE, 3, 0, "[internal] load .dockerignore")
        .done(0.06, IGNORE, 0.05)
        .done(0.90, META, 0.05)
        .started(0.90, BASE, 4, 0, "[base 1/1] FROM docker.io/library/alpine:3.19")
        .cached(0.90, BASE, 0.90)
        .started(0.91, CONTEXT, 5, 0, "[internal] load build context")
        .progress(0.92, CONTEXT, "transferring context", 2048, -1)
        .done(0.95, CONTEXT, 0.91)
        .started(0.95, COPY_SRC, 6, 0, "[builder 2/3] COPY . /src", BASE, CONTEXT)
        .cached(0.95, COPY_SRC, 0.95)
        .started(0.95, MAKE, 7, 0, "[builder 3/3] RUN make", COPY_SRC)
        .started(0.95, DEPS, 8, 0, "[deps 2/2] RUN fetch-deps", BASE);
    for (int i = 0; i < 10; i++) {
      e.log(1.0 + i * 0.1, MAKE, "cc -c file" + i + ".c");
      e.log(1.0 + i * 0.1 + 0.05, DEPS, "fetched dep " + i);
    }
    e.done(2.00, DEPS, 0.95);
    for (int i = 10; i < 20; i++) {
      e.log(2.0 + i * 0.1, MAKE, "cc -c file" + i + ".c");
    }
    e.done(5.00, MAKE, 0.95)
        .started(5.00, FINAL_APP, 9, 0, "[final 2/3] COPY --from=builder /src/app /app", BASE, MAKE)
        .done(5.20, FINAL_APP, 5.00)
        .started(
            5.20, FINAL_DEPS, 10, 0, "[final 3/3] COPY --from=deps /deps /deps", FINAL_APP, DEPS)
        .done(5.40, FINAL_DEPS, 5.20)
        .started(5.40, EXPORT, 11, 0, "exporting to image", FINAL_DEPS)
        .log(5.50, EXPORT, LogLine.Stream.BUILDER, "exporting layers 0.3s done")
        .done(5.90, EXPORT, 5.40)
        .image(5.95, IMAGE, "app:1")
        .finished(6.00, BuildStatus.SUCCEEDED, 0, IMAGE, null, null);
    return e;
  }
}
