package io.slipway.app.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.app.engine.EngineConnector;
import io.slipway.app.engine.EngineSession;
import io.slipway.app.fx.FxEventBatcher;
import io.slipway.core.SlipwayException;
import io.slipway.core.build.BuildEvent.BuildFinished;
import io.slipway.core.build.BuildEvent.ImageBuilt;
import io.slipway.core.build.BuildEvent.LogLine;
import io.slipway.core.build.BuildEvent.StepFinished;
import io.slipway.core.build.BuildEvent.StepStarted;
import io.slipway.core.build.BuildResult;
import io.slipway.core.build.BuildStatus;
import io.slipway.core.engine.EngineInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The window's logic, without the toolkit: scripted engines and builders, a clock moved by hand.
 */
class MainViewModelTest {

  static final EngineInfo INFO =
      new EngineInfo(
          "unix:///var/run/docker.sock",
          "20.10.24",
          "1.41",
          "1.41",
          Optional.of("1.12"),
          Optional.of("2"),
          false,
          "linux");

  static final String NO_ENGINE =
      "No Docker engine answers at unix:///var/run/docker.sock: connection refused.\n"
          + "Start Docker, or point DOCKER_HOST at a running engine.\n"
          + "Tried: DOCKER_HOST (unset), context \"default\", unix:///var/run/docker.sock";

  @TempDir Path tmp;

  MutableClock clock = new MutableClock(Instant.parse("2025-01-01T10:00:00Z"));
  FakeBuilder builder = new FakeBuilder();
  EngineConnector engine = () -> new EngineSession(INFO, builder, () -> {});

  /** Work "off the UI thread", run at once unless the test holds it. */
  Deque<Runnable> held = new ArrayDeque<>();

  boolean holdBackground;
  Executor background =
      r -> {
        if (holdBackground) {
          held.add(r);
        } else {
          r.run();
        }
      };

  /** Batches drain at once, each counted. */
  AtomicInteger drains = new AtomicInteger();

  FxEventBatcher.Scheduler pulses =
      (task, delay) -> {
        drains.incrementAndGet();
        task.run();
      };
  MainViewModel model;
  Path folder;

  @BeforeEach
  void setUp() throws IOException {
    model = newModel(() -> engine.connect());
    folder = Files.createDirectory(tmp.resolve("Demo App"));
    Files.writeString(folder.resolve("Dockerfile"), "FROM scratch\n");
  }

  MainViewModel newModel(EngineConnector connector) {
    return new MainViewModel(connector, background, Runnable::run, pulses, clock);
  }

  Instant at(double seconds) {
    return clock.instant().plusMillis((long) (seconds * 1000));
  }

  void readyToBuild() {
    model.connectEngine();
    model.chooseFolder(folder);
  }

  // ---- engine

  @Test
  void describesTheConnectedEngineInOneLine() {
    assertThat(model.engineStateProperty().get()).isEqualTo(EngineState.CONNECTING);
    assertThat(model.engineTextProperty().get()).isEqualTo("Connecting to the Docker engine…");

    model.connectEngine();

    assertThat(model.engineStateProperty().get()).isEqualTo(EngineState.READY);
    assertThat(model.engineTextProperty().get())
        .isEqualTo("Engine 20.10.24 · API 1.41 · BuildKit default · unix:///var/run/docker.sock");
    assertThat(model.builderTextProperty().get()).isEqualTo("Builder: fake");
  }

  @Test
  void connectingHappensOffTheUiThreadAndShowsConnectingUntilThen() {
    holdBackground = true;
    model.connectEngine();
    assertThat(model.engineStateProperty().get()).isEqualTo(EngineState.CONNECTING);
    assertThat(held).hasSize(1);

    held.poll().run();
    assertThat(model.engineStateProperty().get()).isEqualTo(EngineState.READY);
  }

  @Test
  void anUnreachableEngineShowsTheFirstLineAndKeepsTheWholeText() {
    model =
        newModel(
            () -> {
              throw new SlipwayException(NO_ENGINE);
            });
    model.connectEngine();
    model.chooseFolder(folder);

    assertThat(model.engineStateProperty().get()).isEqualTo(EngineState.UNAVAILABLE);
    assertThat(model.engineTextProperty().get())
        .isEqualTo("No Docker engine answers at unix:///var/run/docker.sock: connection refused.");
    assertThat(model.engineDetailProperty().get()).isEqualTo(NO_ENGINE);
    assertThat(model.canBuildProperty().get()).isFalse();

    model.build();
    assertThat(builder.requests).isEmpty();
    assertThat(model.errorMessageProperty().get()).contains("not reachable");
  }

  @Test
  void retryReconnectsAndClearsTheEngineProblem() {
    AtomicInteger attempts = new AtomicInteger();
    model =
        newModel(
            () -> {
              if (attempts.incrementAndGet() == 1) {
                throw new SlipwayException(NO_ENGINE);
              }
              return engine.connect();
            });
    model.connectEngine();
    model.chooseFolder(folder);
    model.build();
    assertThat(model.errorMessageProperty().get()).isNotEmpty();

    model.connectEngine();

    assertThat(model.engineStateProperty().get()).isEqualTo(EngineState.READY);
    assertThat(model.engineDetailProperty().get()).isEmpty();
    assertThat(model.errorMessageProperty().get()).isEmpty();
    assertThat(model.canBuildProperty().get()).isTrue();
  }

  @Test
  void anUnexpectedConnectFailureReadsAsASentence() {
    model =
        newModel(
            () -> {
              throw new IllegalStateException("boom at Foo.java:12");
            });
    model.connectEngine();

    assertThat(model.engineStateProperty().get()).isEqualTo(EngineState.UNAVAILABLE);
    assertThat(model.engineTextProperty().get())
        .isEqualTo("Slipway could not talk to the Docker engine. The details are in the log.")
        .doesNotContain("boom");
  }

  // ---- folder, tag, Dockerfile

  @Test
  void choosingAFolderNamesItAndDefaultsTheTagToAValidLowercaseReference() {
    readyToBuild();

    assertThat(model.folderNameProperty().get()).isEqualTo("Demo App");
    assertThat(model.tagProperty().get()).isEqualTo("demo-app:latest");
    assertThat(model.tagProblemProperty().get()).isEmpty();
    assertThat(model.dockerfileProblemProperty().get()).isEmpty();
    assertThat(model.windowTitleProperty().get()).isEqualTo("Slipway — Demo App");
    assertThat(model.canBuildProperty().get()).isTrue();
  }

  @Test
  void anInvalidTagIsExplainedAndBlocksTheBuild() {
    readyToBuild();
    model.tagProperty().set("Demo:latest");

    assertThat(model.tagProblemProperty().get()).contains("lowercase").contains("demo:latest");
    assertThat(model.canBuildProperty().get()).isFalse();

    model.tagProperty().set("");
    assertThat(model.canBuildProperty().get()).as("no tag is fine").isTrue();
  }

  @Test
  void aMissingDockerfileIsPointedOut() throws IOException {
    readyToBuild();
    model.dockerfileProperty().set("Dockerfile.dev");
    assertThat(model.dockerfileProblemProperty().get())
        .isEqualTo(
            "There is no Dockerfile.dev in this folder. Add one, or name the Dockerfile to use.");

    Files.writeString(folder.resolve("Dockerfile.dev"), "FROM scratch\n");
    model.dockerfileProperty().set("Dockerfile.dev ");
    assertThat(model.dockerfileProblemProperty().get()).isEmpty();
  }

  @Test
  void theDockerfileCheckRunsOffTheUiThread() {
    model.connectEngine();
    holdBackground = true;
    model.chooseFolder(tmp); // no Dockerfile here
    assertThat(model.dockerfileProblemProperty().get()).isEmpty();

    held.poll().run();
    assertThat(model.dockerfileProblemProperty().get()).startsWith("There is no Dockerfile");
  }

  // ---- builds

  @Test
  void buildsTheFolderWithTheDockerfileAndTag() {
    readyToBuild();
    model.tagProperty().set("registry.local:5000/team/demo:1.0");

    model.build();

    assertThat(builder.requests).hasSize(1);
    var request = builder.requests.get(0);
    assertThat(request.localFolder()).contains(folder.toAbsolutePath().normalize());
    assertThat(request.dockerfile()).isEqualTo("Dockerfile");
    assertThat(request.tags()).containsExactly("registry.local:5000/team/demo:1.0");
    assertThat(model.buildStateProperty().get()).isEqualTo(BuildState.RUNNING);
    assertThat(model.canBuildProperty().get()).isFalse();
    assertThat(model.canCancelProperty().get()).isTrue();
  }

  @Test
  void theOutputFieldSendsTheResultToAFolderOfTheContext() {
    readyToBuild();
    model.outputProperty().set("type=local,dest=out");
    model.build();
    assertThat(builder.requests.get(0).output())
        .contains(
            io.slipway.core.profile.OutputSpec.local(
                folder.toAbsolutePath().normalize().resolve("out").toString()));
  }

  @Test
  void aBadOutputIsAnErrorAndNothingStarts() {
    readyToBuild();
    model.outputProperty().set("type=registry");
    model.build();
    assertThat(builder.requests).isEmpty();
    assertThat(model.errorMessageProperty().get()).startsWith("Output: unknown output type");
  }

  @Test
  void aBlankTagBuildsAnUntaggedImage() {
    readyToBuild();
    model.tagProperty().set("  ");
    model.build();
    assertThat(builder.requests.get(0).tags()).isEmpty();
  }

  @Test
  void stepsFillInAsTheBuildRunsAndDurationsTick() {
    readyToBuild();
    model.build();

    builder.emit(step("1", 1, 3, "FROM slipway-test/busybox:1", at(0)));
    assertThat(model.steps()).hasSize(1);
    StepRow from = model.steps().get(0);
    assertThat(from.number()).isEqualTo(1);
    assertThat(from.instruction()).isEqualTo("FROM slipway-test/busybox:1");
    assertThat(from.state()).isEqualTo(StepState.RUNNING);

    clock.advance(Duration.ofMillis(2500));
    model.tick();
    assertThat(from.elapsed()).isEqualTo(Duration.ofMillis(2500));
    assertThat(DurationFormat.format(from.elapsed())).isEqualTo("2.5s");
    assertThat(model.progressTextProperty().get()).isEqualTo("Step 1 of 3 · 2.5s");

    builder.emit(
        new StepFinished(
            at(0), "1", false, Optional.empty(), Optional.empty(), Duration.ofMillis(2600)));
    assertThat(from.state()).isEqualTo(StepState.DONE);
    assertThat(from.elapsed()).as("the builder's figure wins").isEqualTo(Duration.ofMillis(2600));

    clock.advance(Duration.ofSeconds(5));
    model.tick();
    assertThat(from.elapsed())
        .as("a finished step stops ticking")
        .isEqualTo(Duration.ofMillis(2600));
  }

  @Test
  void aSuccessfulBuildEndsWithCachedMarksAndASummary() {
    readyToBuild();
    model.build();

    builder.emit(
        step("1", 1, 4, "FROM slipway-test/busybox:1", at(0)),
        done("1", false, 0.1),
        step("2", 2, 4, "RUN apt-get install -y curl", at(0.1)),
        log("2", LogLine.Stream.BUILDER, " ---> Using cache"),
        done("2", true, 0.0),
        step("3", 3, 4, "RUN echo hello", at(0.1)),
        log("3", LogLine.Stream.BUILDER, " ---> Running in 4acb56f89e06"),
        log("3", LogLine.Stream.STDOUT, "hello\n"),
        done("3", false, 1.2),
        step("4", 4, 4, "COPY . /app", at(1.3)),
        done("4", true, 0.0),
        new ImageBuilt(at(1.4), "sha256:0f8be4d68900aa11bb22cc33", List.of("demo-app:latest")),
        new BuildFinished(
            at(1.4),
            BuildStatus.SUCCEEDED,
            Duration.ofMillis(4200),
            Optional.of("sha256:0f8be4d68900aa11bb22cc33"),
            Optional.empty(),
            Optional.empty()));

    assertThat(model.steps())
        .extracting(StepRow::state)
        .containsExactly(StepState.DONE, StepState.CACHED, StepState.DONE, StepState.CACHED);
    assertThat(model.steps().get(2).elapsed()).isEqualTo(Duration.ofMillis(1200));
    assertThat(model.buildStateProperty().get()).isEqualTo(BuildState.SUCCEEDED);
    assertThat(model.summaryTitleProperty().get()).isEqualTo("Build succeeded");
    assertThat(model.summaryDetailProperty().get())
        .isEqualTo("4.2s · 2 of 4 steps cached · tagged demo-app:latest");
    assertThat(model.summaryErrorProperty().get()).isEmpty();
    assertThat(model.imageIdProperty().get()).isEqualTo("sha256:0f8be4d68900aa11bb22cc33");
    assertThat(model.imageIdShortProperty().get()).isEqualTo("0f8be4d68900");
    assertThat(model.progressTextProperty().get()).isEmpty();
    assertThat(model.canBuildProperty().get()).isTrue();
    assertThat(model.canCancelProperty().get()).isFalse();
  }

  @Test
  void theLogShowsTheWholeBuildOrTheSelectedStep() {
    readyToBuild();
    model.build();
    builder.emit(
        log(null, LogLine.Stream.BUILDER, "Sending build context to Docker daemon  3.072kB"),
        step("1", 1, 2, "FROM scratch", at(0)),
        done("1", false, 0),
        step("2", 2, 2, "RUN echo hello", at(0)),
        log("2", LogLine.Stream.STDOUT, "hello"),
        log("2", LogLine.Stream.STDERR, "\u001B[31mwarn: red\u001B[0m\nsecond line\n"));

    assertThat(model.logTitleProperty().get()).isEqualTo("Build log");
    assertThat(model.shownLogProperty().get())
        .extracting(LogEntry::text)
        .containsExactly(
            "Sending build context to Docker daemon  3.072kB",
            "#1  FROM scratch",
            "#2  RUN echo hello",
            "hello",
            "warn: red",
            "second line");
    assertThat(model.shownLogProperty().get().get(1).kind()).isEqualTo(LogEntry.Kind.STEP_HEADER);

    StepRow run = model.steps().get(1);
    model.selectedStepProperty().set(run);
    assertThat(model.logTitleProperty().get()).isEqualTo("#2  RUN echo hello");
    assertThat(model.shownLogProperty().get())
        .extracting(LogEntry::text)
        .containsExactly("hello", "warn: red", "second line");

    // Lines keep arriving into the shown step log.
    builder.emit(log("2", LogLine.Stream.STDOUT, "more"));
    assertThat(model.shownLogProperty().get()).extracting(LogEntry::text).endsWith("more");

    model.selectedStepProperty().set(null);
    assertThat(model.shownLogProperty().get()).hasSize(7);
  }

  @Test
  void aFailedStepShowsItsExitCodeAndTheBuildOpensOnIt() {
    readyToBuild();
    model.build();
    String error = "The command '/bin/sh -c exit 3' returned a non-zero code: 3";
    builder.emit(
        step("1", 1, 3, "FROM slipway-test/busybox:1", at(0)),
        done("1", true, 0),
        new StepStarted(at(0), "2", 2, 3, "RUN exit 3", List.of(), Optional.of(4)),
        log("2", LogLine.Stream.STDERR, "make: *** [all] Error 3"),
        new StepFinished(
            at(0.4), "2", false, Optional.of(error), Optional.of(3), Duration.ofMillis(400)),
        new BuildFinished(
            at(0.4),
            BuildStatus.FAILED,
            Duration.ofMillis(900),
            Optional.empty(),
            Optional.of(error),
            Optional.of(3)));

    StepRow failed = model.steps().get(1);
    assertThat(failed.state()).isEqualTo(StepState.FAILED);
    assertThat(failed.exitCode()).contains(3);
    assertThat(failed.error()).isEqualTo(error);
    assertThat(model.buildStateProperty().get()).isEqualTo(BuildState.FAILED);
    assertThat(model.summaryTitleProperty().get()).isEqualTo("Build failed");
    assertThat(model.summaryDetailProperty().get())
        .isEqualTo(
            "Step #2 failed with exit code 3 (Dockerfile line 4) · 0.9s · 1 of 2 steps cached");
    assertThat(model.summaryErrorProperty().get()).isEqualTo(error);
    assertThat(model.imageIdProperty().get()).isEmpty();
    assertThat(model.selectedStepProperty().get()).isSameAs(failed);
    assertThat(model.shownLogProperty().get())
        .extracting(LogEntry::text)
        .containsExactly("make: *** [all] Error 3");
  }

  @Test
  void aStepLeftRunningByAFailedBuildTakesTheBuildsError() {
    readyToBuild();
    model.build();
    builder.emit(
        step("1", 1, 1, "RUN false", at(0)),
        new BuildFinished(
            at(1),
            BuildStatus.FAILED,
            Duration.ofSeconds(1),
            Optional.empty(),
            Optional.of("returned a non-zero code: 1"),
            Optional.of(1)));

    StepRow row = model.steps().get(0);
    assertThat(row.state()).isEqualTo(StepState.FAILED);
    assertThat(row.exitCode()).contains(1);
    assertThat(row.elapsed()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void cancelAsksTheBuilderAndTheBuildEndsCancelled() {
    readyToBuild();
    model.build();
    builder.emit(step("1", 1, 2, "RUN sleep 60", at(0)));

    model.cancel();

    assertThat(builder.handle.cancels).isEqualTo(1);
    assertThat(model.buildStateProperty().get()).isEqualTo(BuildState.CANCELLING);
    assertThat(model.canCancelProperty().get()).isFalse();
    assertThat(model.progressTextProperty().get()).isEqualTo("Cancelling…");
    model.cancel();
    assertThat(builder.handle.cancels).as("once is enough").isEqualTo(1);

    builder.emit(
        new BuildFinished(
            at(3),
            BuildStatus.CANCELLED,
            Duration.ofSeconds(3),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));

    assertThat(model.buildStateProperty().get()).isEqualTo(BuildState.CANCELLED);
    assertThat(model.steps().get(0).state()).isEqualTo(StepState.CANCELLED);
    assertThat(model.summaryTitleProperty().get()).isEqualTo("Build cancelled");
    assertThat(model.summaryDetailProperty().get()).isEqualTo("3.0s · 0 of 1 step cached");
    assertThat(model.canBuildProperty().get()).isTrue();
  }

  @Test
  void cancelBeforeTheBuilderAnsweredCancelsAsSoonAsItDoes() {
    readyToBuild();
    holdBackground = true;
    model.build();
    assertThat(model.buildStateProperty().get()).isEqualTo(BuildState.STARTING);

    model.cancel();
    assertThat(model.buildStateProperty().get()).isEqualTo(BuildState.CANCELLING);

    held.poll().run(); // the builder starts; the handle comes back
    while (!held.isEmpty()) {
      held.poll().run(); // the cancel, off the UI thread too
    }
    assertThat(builder.handle.cancels).isEqualTo(1);
  }

  @Test
  void aRefusedBuildShowsTheBuildersSentence() {
    readyToBuild();
    builder.refuseWith = "There is no Dockerfile in " + folder + ". Add one, or pick the file.";

    model.build();

    assertThat(model.errorMessageProperty().get()).isEqualTo(builder.refuseWith);
    assertThat(model.buildStateProperty().get()).isEqualTo(BuildState.IDLE);
    assertThat(model.canBuildProperty().get()).isTrue();

    model.dismissError();
    assertThat(model.errorMessageProperty().get()).isEmpty();
  }

  @Test
  void theResultEndsTheBuildIfTheFinalEventNeverCame() {
    readyToBuild();
    model.build();
    builder.emit(step("1", 1, 1, "FROM scratch", at(0)));

    builder.handle.result.complete(
        new BuildResult(
            BuildStatus.SUCCEEDED,
            Duration.ofSeconds(2),
            Optional.of("sha256:abcdef0123456789"),
            List.of("demo-app:latest"),
            Optional.empty(),
            Optional.empty()));

    assertThat(model.buildStateProperty().get()).isEqualTo(BuildState.SUCCEEDED);
    assertThat(model.imageIdShortProperty().get()).isEqualTo("abcdef012345");
  }

  @Test
  void theResultAfterTheFinalEventChangesNothing() {
    readyToBuild();
    model.build();
    builder.emit(
        new BuildFinished(
            at(1),
            BuildStatus.FAILED,
            Duration.ofSeconds(1),
            Optional.empty(),
            Optional.of("boom"),
            Optional.empty()));
    builder.handle.result.complete(
        new BuildResult(
            BuildStatus.SUCCEEDED,
            Duration.ofSeconds(1),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Optional.empty()));

    assertThat(model.buildStateProperty().get()).isEqualTo(BuildState.FAILED);
  }

  @Test
  void aBrokenResultReadsAsASentenceNotATrace() {
    readyToBuild();
    model.build();
    builder.handle.result.completeExceptionally(new NullPointerException("x is null"));

    assertThat(model.buildStateProperty().get()).isEqualTo(BuildState.FAILED);
    assertThat(model.summaryErrorProperty().get()).isEqualTo(MainViewModel.INTERNAL_ERROR);
  }

  @Test
  void aNewBuildStartsClean() {
    readyToBuild();
    model.build();
    builder.emit(
        step("1", 1, 1, "FROM scratch", at(0)),
        log("1", LogLine.Stream.STDOUT, "old"),
        new BuildFinished(
            at(1),
            BuildStatus.SUCCEEDED,
            Duration.ofSeconds(1),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
    var firstListener = builder.listener;

    model.build();
    firstListener.onEvent(log("1", LogLine.Stream.STDOUT, "late line from the old build"));

    assertThat(model.steps()).isEmpty();
    assertThat(model.buildLog()).isEmpty();
    assertThat(model.summaryTitleProperty().get()).isEmpty();
    assertThat(model.buildStateProperty().get()).isEqualTo(BuildState.RUNNING);
  }

  @Test
  void eventsReachTheModelInBatchesNotOneByOne() {
    readyToBuild();
    // Drains wait for the "pulse"; all events emitted meanwhile share one.
    Deque<Runnable> pending = new ArrayDeque<>();
    model = new MainViewModel(engine, background, Runnable::run, (t, d) -> pending.add(t), clock);
    model.connectEngine();
    model.chooseFolder(folder);
    model.build();

    builder.emit(step("1", 1, 1, "RUN seq 1000", at(0)));
    for (int i = 1; i <= 1000; i++) {
      builder.emit(log("1", LogLine.Stream.STDOUT, String.valueOf(i)));
    }
    assertThat(pending).hasSize(1);
    assertThat(model.steps()).isEmpty();

    pending.poll().run();
    assertThat(model.steps()).hasSize(1);
    assertThat(model.steps().get(0).log()).hasSize(1000);
    assertThat(model.steps().get(0).log().get(999).text()).isEqualTo("1000");
  }

  // ---- helpers

  static StepStarted step(String id, int index, int total, String name, Instant at) {
    return new StepStarted(at, id, index, total, name, List.of(), Optional.empty());
  }

  StepFinished done(String id, boolean cached, double seconds) {
    return new StepFinished(
        clock.instant(),
        id,
        cached,
        Optional.empty(),
        Optional.empty(),
        Duration.ofMillis((long) (seconds * 1000)));
  }

  LogLine log(String stepId, LogLine.Stream stream, String text) {
    return new LogLine(clock.instant(), Optional.ofNullable(stepId), stream, text);
  }
}
