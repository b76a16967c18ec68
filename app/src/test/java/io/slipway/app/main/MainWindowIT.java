package io.slipway.app.main;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import io.slipway.app.build.BuildViewModel;
import io.slipway.app.engine.EngineConnector;
import io.slipway.app.engine.EngineSession;
import io.slipway.app.fx.DaemonThreads;
import io.slipway.app.fx.FxThread;
import io.slipway.app.history.CompareRow;
import io.slipway.app.history.HistoryViewModel;
import io.slipway.app.profiles.ProfileEditorViewModel;
import io.slipway.app.profiles.ProfilesViewModel;
import io.slipway.app.settings.Settings;
import io.slipway.app.settings.SettingsStore;
import io.slipway.app.timeline.TimelineCanvas;
import io.slipway.core.SlipwayException;
import io.slipway.core.auth.AllCredentials;
import io.slipway.core.build.BuildStatus;
import io.slipway.core.engine.Engine;
import io.slipway.core.engine.EngineLocator;
import io.slipway.core.history.BuildComparison;
import io.slipway.core.history.HistoryStore;
import io.slipway.core.profile.ProfileStore;
import io.slipway.core.testing.EngineTestSupport;
import io.slipway.core.timeline.RowState;
import io.slipway.core.timeline.TimelineRow;
import io.slipway.core.timeline.TimelineSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
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
import javafx.scene.control.TabPane;
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
  ShellViewModel shell;
  MainWindow window;
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
    if (shell != null) {
      FxToolkit.setupFixture(shell::close);
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
    Path config = Files.createDirectories(tmp.resolve("config"));
    FxToolkit.setupFixture(
        () -> {
          model =
              new MainViewModel(
                  connector,
                  background,
                  FxThread.executor(),
                  FxThread.scheduler(pulse),
                  FxThread.scheduler(pulse),
                  Clock.systemUTC());
          ProfilesViewModel profiles =
              new ProfilesViewModel(
                  new ProfileStore(config.resolve("profiles")), background, FxThread.executor());
          ProfileEditorViewModel editor =
              new ProfileEditorViewModel(background, FxThread.executor(), tmp);
          shell =
              new ShellViewModel(
                  model,
                  profiles,
                  editor,
                  new SettingsStore(config.resolve("settings.json")),
                  background,
                  FxThread.executor(),
                  Map.of());
          shell.useHistory(new HistoryStore(config.resolve("history")));
          window = MainWindow.install(stage, shell);
          stage.show();
          stage.toFront();
          shell.start(Settings.DEFAULT, () -> new AllCredentials(List.of(), List.of()));
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

    // A new profile, filled in in the editor as a person would.
    robot.clickOn("#newProfileButton");
    WaitForAsyncUtils.waitForFxEvents();
    robot.doubleClickOn("#nameField").eraseText(20).write("window-it");
    robot.clickOn("#contextField").write(folder.toString());
    robot.clickOn("#tagInput").write(tag).type(KeyCode.ENTER);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(text("#headerTitleLabel")).isEqualTo("window-it");
    assertThat(text("#headerDetailLabel")).contains(tag);
    assertThat(fx(() -> shell.editor().firstProblemProperty().get())).isEmpty();
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
    // Building saved the profile; its row shows the outcome.
    waitFor(
        10,
        () ->
            shell.profiles().items().stream()
                .anyMatch(i -> i.saved() && i.name().equals("window-it") && i.last().isPresent()));

    assertThat(fx(() -> model.buildStateProperty().get()))
        .as("failure: %s", fx(() -> buildView().failureTextProperty().get()))
        .isEqualTo(BuildState.SUCCEEDED);
    // The Build tab shows the build view: its timeline has the build's rows.
    assertThat(fx(() -> tabs().getSelectionModel().getSelectedItem().getText())).isEqualTo("Build");
    waitFor(10, () -> buildView().phaseProperty().get() == BuildViewModel.Phase.FINISHED);
    TimelineSnapshot first = fx(() -> buildView().snapshotProperty().get());
    // The engine's default builder (BuildKit here, with a session): its vertices, the two steps.
    String from = "[1/2] FROM docker.io/" + BASE_IMAGE;
    String run = "[2/2] RUN echo hello && echo " + token;
    assertThat(first.rows()).extracting(TimelineRow::name).contains(from, run);
    assertThat(first.rows())
        .extracting(TimelineRow::state)
        .doesNotContain(RowState.FAILED, RowState.RUNNING, RowState.CANCELLED);
    assertThat(row(first, run).state()).isEqualTo(RowState.DONE);
    assertThat(logTexts(first)).contains("hello", token);
    TimelineCanvas canvas = fx(() -> window.controller().buildView().timeline());
    assertThat(fx(() -> canvas.isVisible() && canvas.getScene() != null)).isTrue();
    assertThat(fx(() -> canvas.rows().stream().map(TimelineRow::name).toList()))
        .contains(from, run);
    Node view = fx(() -> window.controller().buildView().node());
    assertThat(text(view, "#summaryTitleLabel")).isEqualTo("Build succeeded");
    assertThat(text(view, "#imageIdLabel")).matches("[0-9a-f]{12}");
    assertThat(fx(() -> robot.lookup("#emptyState").query().isVisible())).isFalse();

    // Again with the shortcut: now the RUN step comes from the cache.
    robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
    waitFor(120, () -> builds.get() == 2 && model.buildStateProperty().get().finished());
    assertThat(fx(() -> model.buildStateProperty().get())).isEqualTo(BuildState.SUCCEEDED);
    waitFor(10, () -> buildView().phaseProperty().get() == BuildViewModel.Phase.FINISHED);
    TimelineSnapshot second = fx(() -> buildView().snapshotProperty().get());
    assertThat(second).isNotSameAs(first);
    assertThat(row(second, run).state()).isEqualTo(RowState.CACHED);

    // Both builds are in the History tab, newest first.
    robot.press(KeyCode.CONTROL, KeyCode.DIGIT3).release(KeyCode.DIGIT3, KeyCode.CONTROL);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(fx(() -> tabs().getSelectionModel().getSelectedItem().getText()))
        .isEqualTo("History");
    HistoryViewModel history = fx(() -> window.controller().historyView().model());
    assertThat(fx(() -> history.profileProperty().get())).isEqualTo("window-it");
    waitFor(10, () -> history.items().size() == 2);
    assertThat(fx(() -> history.items().get(0).entry().start()))
        .isAfter(fx(() -> history.items().get(1).entry().start()));
    assertThat(fx(() -> history.items().get(0).entry().status())).isEqualTo(BuildStatus.SUCCEEDED);
    // The sidebar's row shows the last outcome, read from the same store.
    assertThat(fx(() -> shell.profiles().selectedProperty().get().last().orElseThrow().state()))
        .isEqualTo(BuildState.SUCCEEDED);

    // Select two builds and compare them: the RUN step went from rebuilt to cached.
    Node historyNode = fx(() -> window.controller().historyView().node());
    ListView<?> list = robot.from(historyNode).lookup("#historyList").queryAs(ListView.class);
    robot.clickOn(cell(list, 0));
    robot.press(KeyCode.CONTROL).clickOn(cell(list, 1)).release(KeyCode.CONTROL);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(fx(() -> history.canCompareProperty().get())).isTrue();
    robot.clickOn(robot.from(historyNode).lookup("#compareButton").queryButton());
    waitFor(10, () -> history.detailProperty().get() == HistoryViewModel.Detail.COMPARISON);
    assertThat(fx(() -> history.compare().rows().stream().map(CompareRow::name).toList()))
        .contains(run);
    assertThat(
            fx(
                () ->
                    history.compare().rows().stream()
                        .filter(r -> r.name().equals(run))
                        .findFirst()
                        .orElseThrow()
                        .change()))
        .isEqualTo(BuildComparison.Change.NOW_CACHED);

    // Reopen the first build: the Build tab shows it again.
    robot.clickOn(cell(list, 1));
    robot.clickOn(robot.from(historyNode).lookup("#openButton").queryButton());
    waitFor(
        10,
        () ->
            tabs().getSelectionModel().getSelectedItem().getText().equals("Build")
                && buildView().snapshotProperty().get() != null
                && row(buildView().snapshotProperty().get(), run).state() == RowState.DONE);
    assertThat(fx(() -> buildView().phaseProperty().get()))
        .isEqualTo(BuildViewModel.Phase.FINISHED);
    assertThat(logTexts(fx(() -> buildView().snapshotProperty().get()))).contains(token);
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
    // Dropped on the window (TestFX cannot drag files from outside): a profile, built at once.
    FxToolkit.setupFixture(() -> shell.dragEntered(List.of(folder), ""));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#dropOverlay").query().isVisible()).isTrue();
    assertThat(text("#dropLabel"))
        .startsWith("Drop to create a profile from ")
        .endsWith("window-cancel");
    FxToolkit.setupFixture(() -> shell.drop(List.of(folder), ""));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(robot.lookup("#dropOverlay").query().isVisible()).isFalse();
    waitFor(
        10,
        () -> shell.profiles().items().stream().anyMatch(i -> i.name().equals("window-cancel")));
    waitFor(
        60,
        () ->
            buildView().snapshotProperty().get() != null
                && buildView().snapshotProperty().get().rows().stream()
                    .anyMatch(
                        r ->
                            r.name().contains("started-" + token)
                                && r.state() == RowState.RUNNING));
    // The running build shows in the Build tab's timeline as it runs.
    assertThat(fx(() -> buildView().phaseProperty().get())).isEqualTo(BuildViewModel.Phase.RUNNING);

    long clicked = System.nanoTime();
    robot.clickOn("#cancelButton");
    waitFor(10, () -> model.buildStateProperty().get().finished());

    assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - clicked)).isLessThan(2000);
    assertThat(fx(() -> model.buildStateProperty().get())).isEqualTo(BuildState.CANCELLED);
    waitFor(10, () -> buildView().outcomeProperty().get() == BuildStatus.CANCELLED);
    assertThat(text(fx(() -> window.controller().buildView().node()), "#summaryTitleLabel"))
        .isEqualTo("Build cancelled");
    // The cancelled build is in the history too.
    HistoryViewModel history = fx(() -> window.controller().historyView().model());
    waitFor(10, () -> history.items().size() == 1);
    assertThat(fx(() -> history.items().get(0).entry().status())).isEqualTo(BuildStatus.CANCELLED);
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

    // The sidebar invites a drop; a profile still cannot build.
    waitFor(10, () -> robot.lookup("#sidebarEmpty").query().isVisible());
    Path folder = Files.createDirectory(tmp.resolve("app"));
    Files.writeString(folder.resolve("Dockerfile"), "FROM scratch\n");
    FxToolkit.setupFixture(() -> shell.open(folder));
    waitFor(10, () -> shell.editor().draftProperty().get() != null);
    assertThat(text("#headerTitleLabel")).isEqualTo("app");
    assertThat(robot.lookup("#buildButton").queryAs(Button.class).isDisabled()).isTrue();

    // It retries by itself with backoff (1 s, 2 s, 4 s…), and at once on Retry.
    waitFor(10, () -> attempts.get() >= 2);
    int before = attempts.get();
    robot.clickOn("#retryLink");
    waitFor(
        3,
        () ->
            attempts.get() > before
                && model.engineStateProperty().get() == EngineState.UNAVAILABLE);
  }

  @Test
  void theSidebarFiltersDeletesWithUndoAndTheKeyboardCreatesAProfile() throws Exception {
    ProfileStore store = new ProfileStore(tmp.resolve("config/profiles"));
    for (String name : List.of("api", "web", "worker")) {
      store.save(
          io.slipway.core.profile.BuildProfile.builder(name)
              .context(new io.slipway.core.context.ContextSource.LocalFolder(tmp.resolve(name)))
              .tag(name + ":latest")
              .build());
    }
    openWindow(
        () -> {
          throw new SlipwayException(NO_ENGINE);
        });
    waitFor(10, () -> shell.profiles().items().size() == 3);
    ListView<?> list = robot.lookup("#profileList").queryAs(ListView.class);

    robot.clickOn("#filterField").write("wor");
    waitFor(5, () -> list.getItems().size() == 1);
    robot.doubleClickOn("#filterField").eraseText(3);
    waitFor(5, () -> list.getItems().size() == 3);

    FxToolkit.setupFixture(() -> shell.profiles().select("web"));
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(text("#headerTitleLabel")).isEqualTo("web");
    robot.clickOn("#deleteButton");
    waitFor(5, () -> robot.lookup("#noticeBar").query().isVisible());
    assertThat(text("#noticeLabel")).isEqualTo("Deleted web.");
    assertThat(store.find("web")).isEmpty();
    robot.clickOn("#undoButton");
    waitFor(5, () -> store.find("web").isPresent() && list.getItems().size() == 3);

    // A problem shows beside its field as the user types, and goes when it is fixed.
    robot.clickOn("#tagInput").write("Not A Tag").type(KeyCode.ENTER);
    waitFor(5, () -> robot.lookup("#tagsProblem").query().isVisible());
    assertThat(text("#tagsProblem")).contains("Not A Tag");
    assertThat(robot.lookup("#buildButton").queryButton().isDisabled()).isTrue();
    robot.type(KeyCode.BACK_SPACE); // the empty tag field's Backspace removes the last chip
    waitFor(5, () -> !robot.lookup("#tagsProblem").query().isVisible());

    robot.clickOn("#profileList");
    robot.press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
    waitFor(5, () -> "new-profile".equals(shell.editor().nameProperty().get()));
    waitFor(5, () -> robot.lookup("#nameField").query().isFocused());
    // Not valid yet (no context): Build says why instead of building.
    assertThat(fx(() -> model.buildBlockerProperty().get())).startsWith("Context: ");
  }

  @Test
  void settingsWarnAboutPlainTcpAndAreSavedForNextTime() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    openWindow(
        () -> {
          attempts.incrementAndGet();
          throw new SlipwayException(NO_ENGINE);
        });
    waitFor(10, () -> model.engineStateProperty().get() == EngineState.UNAVAILABLE);
    assertThat(robot.lookup("#engineSettingsLink").queryAs(Hyperlink.class).isVisible()).isTrue();

    robot.press(KeyCode.CONTROL, KeyCode.COMMA).release(KeyCode.COMMA, KeyCode.CONTROL);
    waitFor(10, () -> robot.lookup("#hostRadio").tryQuery().isPresent());
    robot.clickOn("#hostRadio");
    robot.clickOn("#hostField").write("tcp://10.1.2.3:2375");
    waitFor(5, () -> robot.lookup("#warningLabel").query().isVisible());
    assertThat(text("#warningLabel")).contains("unencrypted TCP");
    int before = attempts.get();
    robot.clickOn(
        (Node)
            robot
                .lookup(".dialog-pane .button")
                .match(n -> "OK".equals(((Button) n).getText()))
                .query());
    waitFor(10, () -> attempts.get() > before);

    Path file = tmp.resolve("config/settings.json");
    waitFor(10, () -> Files.exists(file));
    assertThat(new SettingsStore(file).load().engine()).isEqualTo("tcp://10.1.2.3:2375");
    assertThat(fx(() -> shell.engineEnvironment()))
        .containsEntry("DOCKER_HOST", "tcp://10.1.2.3:2375");
  }

  @Test
  void aBuildThatCannotStartShowsTheSentenceInTheWindow() throws Exception {
    Engine engine = EngineTestSupport.engineOrSkip();
    Path folder = Files.createDirectory(tmp.resolve("no-dockerfile"));
    // A connection of its own: closing the window closes it (the shared test engine stays open).
    openWindow(() -> EngineSession.of(Engine.connect(EngineLocator.fromSystem())));
    waitFor(30, () -> model.engineStateProperty().get() == EngineState.READY);
    FxToolkit.setupFixture(
        () -> {
          shell.newProfile();
          shell.editor().contextLocationProperty().set(folder.toString());
        });
    waitFor(10, () -> !shell.editor().dockerfileNoteProperty().get().isEmpty());
    assertThat(text("#dockerfileNoteLabel")).startsWith("No Dockerfile in this folder");

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
                    ? buildView().failureTextProperty().get()
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

  private static TimelineRow row(TimelineSnapshot snapshot, String name) {
    return snapshot.rows().stream()
        .filter(r -> r.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row " + name));
  }

  private static List<String> logTexts(TimelineSnapshot snapshot) {
    List<String> out = new java.util.ArrayList<>();
    for (int i = 0; i < snapshot.log().size(); i++) {
      out.add(snapshot.log().text(i).strip());
    }
    return out;
  }

  BuildViewModel buildView() {
    return window.controller().buildTabModel().build();
  }

  TabPane tabs() {
    return window.controller().buildTab().getTabPane();
  }

  String text(Node under, String query) throws Exception {
    Label label = robot.from(under).lookup(query).queryAs(Label.class);
    return fx(label::getText);
  }

  /** The list's cell showing item {@code index}. */
  Node cell(ListView<?> list, int index) throws Exception {
    return fx(
        () ->
            list.lookupAll(".list-cell").stream()
                .filter(
                    n -> n instanceof javafx.scene.control.ListCell<?> c && c.getIndex() == index)
                .filter(n -> !((javafx.scene.control.ListCell<?>) n).isEmpty())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no cell " + index)));
  }
}
