package io.slipway.app.main;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import io.slipway.app.engine.EngineConnector;
import io.slipway.app.engine.EngineSession;
import io.slipway.app.fx.DaemonThreads;
import io.slipway.app.fx.FxThread;
import io.slipway.core.SlipwayException;
import io.slipway.core.engine.Engine;
import io.slipway.core.engine.EngineLocator;
import io.slipway.core.testing.EngineTestSupport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Application;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The real window (headless Monocle) on the real engine: choose a folder, press Build, watch the
 * steps and the log arrive; and the plain message when no engine answers.
 */
class MainWindowIT {
  static final String BASE_IMAGE = "slipway-test/busybox:1";
  static final String NO_ENGINE =
      "No Docker engine answers at unix:///nonexistent/docker.sock: no such file.\n"
          + "Start Docker, or point DOCKER_HOST at a running engine.\n"
          + "Tried: DOCKER_HOST=unix:///nonexistent/docker.sock";

  static Stage stage;

  @TempDir Path tmp;

  final FxRobot robot = new FxRobot();
  ExecutorService background;
  ScheduledExecutorService pulse;
  MainViewModel model;
  String tag;

  @BeforeAll
  static void toolkit() throws Exception {
    stage = FxToolkit.registerPrimaryStage();
    FxToolkit.setupFixture(
        () -> Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet()));
  }

  @BeforeEach
  void executors() {
    background = Executors.newCachedThreadPool(new DaemonThreads("it-worker"));
    pulse = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("it-pulse"));
  }

  @AfterEach
  void tearDown() throws Exception {
    if (model != null) {
      FxToolkit.setupFixture(model::close);
    }
    FxToolkit.setupFixture(() -> stage.hide());
    background.shutdown();
    background.awaitTermination(10, TimeUnit.SECONDS);
    pulse.shutdownNow();
    if (tag != null) {
      run("docker", "rmi", "-f", tag);
    }
  }

  void openWindow(EngineConnector connector) throws Exception {
    FxToolkit.setupFixture(
        () -> {
          model =
              new MainViewModel(
                  connector,
                  background,
                  FxThread.executor(),
                  FxThread.scheduler(pulse),
                  Clock.systemUTC());
          MainWindow.install(stage, model);
          stage.show();
          stage.toFront();
          model.connectEngine();
        });
    WaitForAsyncUtils.waitForFxEvents();
  }

  @Test
  void buildsAFolderOnTheEngineAndShowsItsStepsAndLog() throws Exception {
    Engine engine = EngineTestSupport.engineOrSkip();
    ensureBaseImage();
    String token = UUID.randomUUID().toString().substring(0, 8);
    Path folder = Files.createDirectory(tmp.resolve("window-it"));
    // The token keeps the RUN step out of any earlier run's cache, so it really prints "hello".
    Files.writeString(
        folder.resolve("Dockerfile"),
        "FROM " + BASE_IMAGE + "\nRUN echo hello && echo " + token + "\n");
    tag = "slipway-it/window:" + token;

    // A connection of its own: closing the window closes it (the shared test engine stays open).
    openWindow(() -> EngineSession.of(Engine.connect(EngineLocator.fromSystem())));
    waitFor(30, () -> model.engineStateProperty().get() != EngineState.CONNECTING);
    assertThat(fx(() -> model.engineStateProperty().get())).isEqualTo(EngineState.READY);
    assertThat(text("#engineLabel")).startsWith("Engine ").contains("API ");

    FxToolkit.setupFixture(
        () -> {
          model.chooseFolder(folder);
          model.tagProperty().set(tag);
        });
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(text("#folderNameLabel")).isEqualTo("window-it");
    assertThat(robot.lookup("#buildButton").queryButton().isDisabled()).isFalse();

    AtomicInteger builds = new AtomicInteger();
    FxToolkit.setupFixture(
        () ->
            model
                .buildStateProperty()
                .addListener(
                    (o, was, now) -> {
                      if (now == BuildState.STARTING) {
                        builds.incrementAndGet();
                      }
                    }));
    robot.clickOn("#buildButton");
    waitFor(120, () -> builds.get() == 1 && model.buildStateProperty().get().finished());

    assertThat(fx(() -> model.buildStateProperty().get()))
        .as(
            "summary: %s / %s",
            fx(() -> model.summaryDetailProperty().get()),
            fx(() -> model.summaryErrorProperty().get()))
        .isEqualTo(BuildState.SUCCEEDED);
    List<StepRow> rows = fx(() -> List.copyOf(model.steps()));
    // The engine's default builder (BuildKit here, with a session): its vertices, the two steps.
    String from = "[1/2] FROM docker.io/" + BASE_IMAGE;
    String run = "[2/2] RUN echo hello && echo " + token;
    assertThat(rows).extracting(StepRow::instruction).contains(from, run);
    assertThat(rows)
        .extracting(StepRow::state)
        .doesNotContain(StepState.FAILED, StepState.RUNNING, StepState.CANCELLED);
    assertThat(row(rows, run).state()).isEqualTo(StepState.DONE);
    assertThat(
            fx(
                () ->
                    model.buildLog().stream()
                        .filter(e -> e.kind() != LogEntry.Kind.STEP_HEADER)
                        .map(LogEntry::text)
                        .map(String::strip)
                        .toList()))
        .contains("hello", token);

    // What the window shows.
    ListView<?> steps = robot.lookup("#stepList").queryAs(ListView.class);
    assertThat(fx(() -> steps.getItems().size())).isEqualTo(rows.size());
    assertThat(visibleTexts(".step-instruction")).contains(from, run);
    assertThat(text("#summaryTitleLabel")).isEqualTo("Build succeeded");
    assertThat(text("#summaryDetailLabel")).contains("of 2 steps cached");
    assertThat(text("#imageIdLabel")).matches("[0-9a-f]{12}");
    assertThat(visibleTexts(".log-cell")).contains("hello");

    // Again with the shortcut: now the RUN step comes from the cache.
    robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
    waitFor(120, () -> builds.get() == 2 && model.buildStateProperty().get().finished());
    assertThat(fx(() -> model.buildStateProperty().get())).isEqualTo(BuildState.SUCCEEDED);
    assertThat(fx(() -> row(model.steps(), run).state())).isEqualTo(StepState.CACHED);
    assertThat(visibleTexts(".cached-badge")).contains("CACHED");
    assertThat(text("#summaryDetailLabel")).containsPattern("[12] of 2 steps cached");
  }

  @Test
  void cancelStopsALongRunningStepWithinTwoSeconds() throws Exception {
    Engine engine = EngineTestSupport.engineOrSkip();
    ensureBaseImage();
    String token = UUID.randomUUID().toString().substring(0, 8);
    Path folder = Files.createDirectory(tmp.resolve("window-cancel"));
    Files.writeString(
        folder.resolve("Dockerfile"),
        "FROM " + BASE_IMAGE + "\nRUN echo started-" + token + " && sleep 30\n");
    // A connection of its own: closing the window closes it (the shared test engine stays open).
    openWindow(() -> EngineSession.of(Engine.connect(EngineLocator.fromSystem())));
    waitFor(30, () -> model.engineStateProperty().get() == EngineState.READY);
    FxToolkit.setupFixture(() -> model.chooseFolder(folder));
    WaitForAsyncUtils.waitForFxEvents();
    // The Dockerfile is checked off the FX thread; Build is enabled once it is found.
    waitFor(10, () -> !robot.lookup("#buildButton").queryButton().isDisabled());
    robot.clickOn("#buildButton");
    waitFor(
        60,
        () ->
            fx(
                () ->
                    model.steps().stream()
                        .anyMatch(
                            r ->
                                r.instruction().contains("started-" + token)
                                    && r.state() == StepState.RUNNING)));

    long clicked = System.nanoTime();
    robot.clickOn("#cancelButton");
    waitFor(10, () -> model.buildStateProperty().get().finished());

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - clicked)).isLessThan(2000);
    assertThat(fx(() -> model.buildStateProperty().get())).isEqualTo(BuildState.CANCELLED);
  }

  @Test
  void withoutAnEngineTheStatusBarSaysWhatIsWrongAndOffersRetry() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    openWindow(
        () -> {
          attempts.incrementAndGet();
          throw new SlipwayException(NO_ENGINE);
        });
    waitFor(10, () -> model.engineStateProperty().get() == EngineState.UNAVAILABLE);
    WaitForAsyncUtils.waitForFxEvents();

    Label engineLabel = robot.lookup("#engineLabel").queryAs(Label.class);
    assertThat(text("#engineLabel"))
        .isEqualTo("No Docker engine answers at unix:///nonexistent/docker.sock: no such file.");
    assertThat(engineLabel.getPseudoClassStates())
        .contains(PseudoClass.getPseudoClass("unavailable"));
    assertThat(fx(() -> engineLabel.getTooltip().getText())).isEqualTo(NO_ENGINE);
    assertThat(robot.lookup("#retryLink").queryAs(Hyperlink.class).isVisible()).isTrue();
    assertThat(robot.lookup("#engineDetailsLink").queryAs(Hyperlink.class).isVisible()).isTrue();
    assertThat(texts(robot.lookup(".label").queryAll())).noneMatch(t -> t.contains("Exception"));

    // The empty state invites a drop; a chosen folder still cannot build.
    assertThat(robot.lookup("#emptyState").query().isVisible()).isTrue();
    Path folder = Files.createDirectory(tmp.resolve("app"));
    Files.writeString(folder.resolve("Dockerfile"), "FROM scratch\n");
    FxToolkit.setupFixture(() -> model.chooseFolder(folder));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#emptyState").query().isVisible()).isFalse();
    assertThat(robot.lookup("#buildButton").queryAs(Button.class).isDisabled()).isTrue();

    robot.clickOn("#retryLink");
    waitFor(
        10,
        () -> attempts.get() == 2 && model.engineStateProperty().get() == EngineState.UNAVAILABLE);
    assertThat(attempts.get()).isEqualTo(2);
  }

  @Test
  void aBuildThatCannotStartShowsTheSentenceInTheWindow() throws Exception {
    Engine engine = EngineTestSupport.engineOrSkip();
    Path folder = Files.createDirectory(tmp.resolve("no-dockerfile"));
    // A connection of its own: closing the window closes it (the shared test engine stays open).
    openWindow(() -> EngineSession.of(Engine.connect(EngineLocator.fromSystem())));
    waitFor(30, () -> model.engineStateProperty().get() == EngineState.READY);
    FxToolkit.setupFixture(() -> model.chooseFolder(folder));
    waitFor(10, () -> !model.dockerfileProblemProperty().get().isEmpty());
    assertThat(text("#hintLabel")).startsWith("There is no Dockerfile");

    robot.clickOn("#buildButton");
    waitFor(
        60,
        () ->
            !model.errorMessageProperty().get().isEmpty()
                || model.buildStateProperty().get().finished());

    // The builder either refuses at once (the banner) or fails the build (the summary).
    String shown =
        fx(
            () ->
                model.errorMessageProperty().get().isEmpty()
                    ? model.summaryErrorProperty().get()
                    : model.errorMessageProperty().get());
    assertThat(shown).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
    if (!fx(() -> model.errorMessageProperty().get()).isEmpty()) {
      assertThat(robot.lookup("#errorBanner").query().isVisible()).isTrue();
      assertThat(text("#errorLabel")).isEqualTo(shown);
    }
  }

  // ---- helpers

  /** Makes the base image from busybox-static when the engine does not have it yet. */
  static void ensureBaseImage() throws Exception {
    if (run("docker", "image", "inspect", BASE_IMAGE) == 0) {
      return;
    }
    Path busybox = Path.of("/bin/busybox");
    if (!Files.isExecutable(busybox)) {
      String why = BASE_IMAGE + " is missing and /bin/busybox (busybox-static) is not installed";
      if ("1".equals(System.getProperty("slipway.requireEngine"))) {
        throw new IllegalStateException(why);
      }
      Assumptions.abort(why);
    }
    Path root = Files.createTempDirectory("slipway-rootfs");
    Files.createDirectories(root.resolve("bin"));
    Files.copy(busybox, root.resolve("bin/busybox"));
    for (String applet : Set.of("sh", "echo", "cat", "ls", "sleep", "true", "false")) {
      Files.createSymbolicLink(root.resolve("bin").resolve(applet), Path.of("busybox"));
    }
    try {
      int code = run("sh", "-c", "tar -C '" + root + "' -c . | docker import - " + BASE_IMAGE);
      assertThat(code).as("docker import of " + BASE_IMAGE).isZero();
    } finally {
      run("rm", "-rf", root.toString());
    }
  }

  static int run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }

  static <T> T fx(Callable<T> read) throws Exception {
    return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
  }

  static void waitFor(int seconds, Callable<Boolean> condition) throws Exception {
    WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> fx(condition));
    WaitForAsyncUtils.waitForFxEvents();
  }

  String text(String query) throws Exception {
    Label label = robot.lookup(query).queryAs(Label.class);
    return fx(label::getText);
  }

  List<String> visibleTexts(String query) throws Exception {
    return fx(() -> texts(robot.lookup(query).queryAll()));
  }

  static List<String> texts(Iterable<? extends Node> nodes) {
    List<String> out = new java.util.ArrayList<>();
    for (Node n : nodes) {
      if (n instanceof javafx.scene.control.Labeled l && n.isVisible() && l.getText() != null) {
        out.add(l.getText());
      }
    }
    return out;
  }

  private static StepRow row(List<StepRow> rows, String instruction) {
    return rows.stream()
        .filter(r -> r.instruction().equals(instruction))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + instruction));
  }
}
