package io.slipway.app.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.app.engine.EngineConnector;
import io.slipway.app.engine.EngineSession;
import io.slipway.app.fx.FxEventBatcher;
import io.slipway.core.SlipwayException;
import io.slipway.core.build.BuildEvent;
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
  void theBuildRunsFromItsFirstEventAndEndsWithTheFinalOne() {
    readyToBuild();
    model.build();
    builder.emit(step("1", 1, 2, "FROM slipway-test/busybox:1", at(0)));
    assertThat(model.buildStateProperty().get()).isEqualTo(BuildState.RUNNING);
    assertThat(model.lastFinishedProperty().get()).isNull();

    builder.emit(
        done("1", true, 0),
        step("2", 2, 2, "RUN echo hello", at(0.1)),
        log("2", LogLine.Stream.STDOUT, "hello\n"),
        done("2", false, 1.2),
        new ImageBuilt(at(1.4), "sha256:0f8be4d68900aa11bb22cc33", List.of("demo-app:latest")),
        new BuildFinished(
            at(1.4),
            BuildStatus.SUCCEEDED,
            Duration.ofMillis(4200),
            Optional.of("sha256:0f8be4d68900aa11bb22cc33"),
            Optional.empty(),
            Optional.empty()));

    assertThat(model.buildStateProperty().get()).isEqualTo(BuildState.SUCCEEDED);
    assertThat(model.lastFinishedProperty().get())
        .isEqualTo(
            new MainViewModel.FinishedBuild("", BuildState.SUCCEEDED, Duration.ofMillis(4200)));
    assertThat(model.canBuildProperty().get()).isTrue();
    assertThat(model.canCancelProperty().get()).isFalse();
  }

  @Test
  void aFailedBuildEndsFailedWithItsDuration() {
    readyToBuild();
    model.build();
    String error = "The command '/bin/sh -c exit 3' returned a non-zero code: 3";
    builder.emit(
        new StepStarted(at(0), "2", 2, 3, "RUN exit 3", List.of(), Optional.of(4)),
        new StepFinished(
            at(0.4), "2", false, Optional.of(error), Optional.of(3), Duration.ofMillis(400)),
        new BuildFinished(
            at(0.4),
            BuildStatus.FAILED,
            Duration.ofMillis(900),
            Optional.empty(),
            Optional.of(error),
            Optional.of(3)));

    assertThat(model.buildStateProperty().get()).isEqualTo(BuildState.FAILED);
    assertThat(model.lastFinishedProperty().get().duration()).isEqualTo(Duration.ofMillis(900));
    assertThat(model.canBuildProperty().get()).isTrue();
  }

  @Test
  void aProfileBuildHandsEveryEventToTheObserverOnTheBuildersThread() {
    model.connectEngine();
    List<BuildEvent> seen = new java.util.ArrayList<>();
    List<String> started = new java.util.ArrayList<>();
    model.setBuildObserver(
        p -> {
          started.add(p.name());
          return seen::add;
        });
    model.profileProperty().set(profile("demo"));
    model.build();
    assertThat(started).containsExactly("demo");

    BuildEvent line = log("1", LogLine.Stream.STDOUT, "hello");
    builder.emit(step("1", 1, 1, "RUN echo hello", at(0)), line);
    assertThat(seen).hasSize(2).contains(line);
    assertThat(model.buildStateProperty().get()).isEqualTo(BuildState.RUNNING);
  }

  @Test
  void theObserverGetsTheEndTheBuilderNeverSent() {
    model.connectEngine();
    List<BuildEvent> seen = new java.util.ArrayList<>();
    model.setBuildObserver(p -> seen::add);
    model.profileProperty().set(profile("demo"));
    model.build();
    builder.handle.result.completeExceptionally(new NullPointerException("x is null"));

    assertThat(model.buildStateProperty().get()).isEqualTo(BuildState.FAILED);
    assertThat(seen).hasSize(1);
    BuildFinished end = (BuildFinished) seen.get(0);
    assertThat(end.status()).isEqualTo(BuildStatus.FAILED);
    assertThat(end.error()).contains(MainViewModel.INTERNAL_ERROR);
    assertThat(model.lastFinishedProperty().get().profileName()).isEqualTo("demo");
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
    assertThat(model.lastFinishedProperty().get().state()).isEqualTo(BuildState.CANCELLED);
    assertThat(model.lastFinishedProperty().get().duration()).isEqualTo(Duration.ofSeconds(3));
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
    assertThat(model.lastFinishedProperty().get().duration()).isEqualTo(Duration.ofSeconds(2));
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
    assertThat(model.lastFinishedProperty().get().state()).isEqualTo(BuildState.FAILED);
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
    assertThat(model.buildStateProperty().get()).isEqualTo(BuildState.RUNNING);
    // The old build's late end changes nothing about the new one.
    firstListener.onEvent(
        new BuildFinished(
            at(2),
            BuildStatus.FAILED,
            Duration.ofSeconds(2),
            Optional.empty(),
            Optional.of("late"),
            Optional.empty()));
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
    builder.emit(done("1", false, 1));
    assertThat(pending).as("one drain for every event of the pulse").hasSize(1);
    pending.poll().run();
    assertThat(model.buildStateProperty().get()).isEqualTo(BuildState.RUNNING);
    builder.emit(
        new BuildFinished(
            at(1),
            BuildStatus.SUCCEEDED,
            Duration.ofSeconds(1),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
    assertThat(pending).hasSize(1);
    pending.poll().run();
    assertThat(model.buildStateProperty().get()).isEqualTo(BuildState.SUCCEEDED);
  }

  io.slipway.core.profile.BuildProfile profile(String name) {
    return io.slipway.core.profile.BuildProfile.builder(name)
        .context(new io.slipway.core.context.ContextSource.LocalFolder(folder))
        .build();
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
