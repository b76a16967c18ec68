package io.slipway.app.build;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.theme.PrimerLight;
import io.slipway.app.fx.DaemonThreads;
import io.slipway.app.fx.FxThread;
import io.slipway.app.history.CompareRow;
import io.slipway.app.history.HistoryView;
import io.slipway.app.history.HistoryViewModel;
import io.slipway.app.timeline.TimelineCanvas;
import io.slipway.core.build.BuildListener;
import io.slipway.core.build.BuildRequest;
import io.slipway.core.build.BuildResult;
import io.slipway.core.build.BuilderService;
import io.slipway.core.build.selection.Builders;
import io.slipway.core.engine.Engine;
import io.slipway.core.history.BuildComparison.Change;
import io.slipway.core.history.HistoryStore;
import io.slipway.core.testing.EngineTestSupport;
import io.slipway.core.testing.TestImages;
import io.slipway.core.timeline.RowState;
import io.slipway.core.timeline.TimelineRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The build view, the history and the comparison in a real window (headless Monocle) over real
 * builds on the engine: the timeline and log of a build as it runs, the failing row of a failed
 * build, a build reopened from the history, two builds compared.
 */
class BuildViewIT {
  static Stage stage;

  @TempDir Path tmp;

  final FxRobot robot = new FxRobot();
  ExecutorService background;
  ScheduledExecutorService pulse;
  TestImages images;
  Engine engine;
  BuilderService builder;
  HistoryStore store;
  BuildViewModel model;
  BuildView view;

  @BeforeAll
  static void toolkit() throws Exception {
    stage = FxToolkit.registerPrimaryStage();
    FxToolkit.setupFixture(
        () -> Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet()));
  }

  @BeforeEach
  void setUp() throws Exception {
    engine = EngineTestSupport.engineOrSkip();
    images = new TestImages(engine);
    builder = Builders.forEngine(engine).service();
    background = Executors.newCachedThreadPool(new DaemonThreads("it-worker"));
    pulse = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("it-pulse"));
    store = new HistoryStore(tmp.resolve("history"));
    FxToolkit.setupFixture(
        () -> {
          model =
              new BuildViewModel(
                  background, FxThread.executor(), FxThread.scheduler(pulse), Clock.systemUTC());
          model.setImageInspector(ImageInspector.of(engine));
          model.setHistory(store, e -> {});
          view = BuildView.load(model);
          show(view.node());
        });
    WaitForAsyncUtils.waitForFxEvents();
  }

  static void show(Parent root) {
    stage.setScene(new Scene(root, 1200, 760));
    stage.show();
    stage.toFront();
  }

  @AfterEach
  void tearDown() throws Exception {
    FxToolkit.setupFixture(() -> stage.hide());
    if (background != null) {
      background.shutdown();
      background.awaitTermination(10, TimeUnit.SECONDS);
      pulse.shutdownNow();
    }
    if (images != null) {
      images.close();
    }
  }

  /** Builds {@code folder} into the view, as the window would; waits for the end. */
  BuildResult build(Path folder, String tag) throws Exception {
    BuildRequest.Builder b = BuildRequest.builder(folder);
    if (tag != null) {
      b.tag(tag);
    }
    BuildRequest request = b.build();
    BuildListener listener =
        fx(() -> model.attach("it-profile", folder, folder.resolve("Dockerfile"), builder.name()));
    BuildResult result = builder.start(request, listener).result().get(3, TimeUnit.MINUTES);
    result.imageId().ifPresent(images::remember);
    waitFor(30, () -> model.phaseProperty().get() == BuildViewModel.Phase.FINISHED);
    return result;
  }

  @Test
  void showsARealBuildAsATimelineWithTheSelectedRowsLogAndASummary() throws Exception {
    String token = UUID.randomUUID().toString().substring(0, 8);
    Path folder = Files.createDirectory(tmp.resolve("view-it"));
    Files.writeString(
        folder.resolve("Dockerfile"),
        "FROM "
            + TestImages.BASE
            + "\nRUN echo hello-"
            + token
            + " && for i in 1 2 3 4 5; do echo line $i; done\n");
    String tag = images.uniqueTag("build-view");

    BuildResult result = build(folder, tag);

    assertThat(result.succeeded()).as("%s", result).isTrue();
    List<TimelineRow> rows = fx(() -> List.copyOf(view.timeline().rows()));
    TimelineRow run =
        rows.stream()
            .filter(r -> r.name().contains("RUN echo hello-" + token))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no RUN row in " + rows));
    assertThat(run.state()).isEqualTo(RowState.DONE);
    assertThat(rows)
        .extracting(TimelineRow::state)
        .doesNotContain(RowState.FAILED, RowState.RUNNING);
    assertThat(fx(() -> view.timeline().paintCount())).isPositive();

    // The whole log, then the RUN row's own log after a click on its row.
    assertThat(logTexts()).contains("hello-" + token, "line 5");
    int index = rows.indexOf(run);
    TimelineCanvas canvas = view.timeline();
    double y = fx(() -> 26 + canvas.viewport().rowY(index) + 12);
    robot.clickOn(
        canvas.localToScreen(120, y).getX(),
        canvas.localToScreen(120, y).getY(),
        javafx.scene.input.MouseButton.PRIMARY);
    WaitForAsyncUtils.waitForFxEvents();
    assertThat(fx(() -> model.selectedRowIdProperty().get())).isEqualTo(run.id());
    assertThat(logTexts()).contains("hello-" + token).allMatch(t -> !t.startsWith("#"));
    assertThat(text("#logTitleLabel")).contains("RUN echo hello-" + token).endsWith("lines");

    // Keyboard: Up selects the row above.
    robot.type(KeyCode.UP);
    assertThat(fx(() -> model.selectedRowIdProperty().get())).isEqualTo(rows.get(index - 1).id());

    // Ctrl+F searches the shown log.
    fx(() -> model.showWholeLog());
    robot.press(KeyCode.CONTROL, KeyCode.F).release(KeyCode.F, KeyCode.CONTROL);
    robot.write("line 4");
    waitFor(10, () -> model.searchStatusProperty().get().equals("1 of 1"));
    assertThat(fx(() -> model.currentMatchProperty().get())).isNotNegative();

    // The summary, and the build in the history.
    assertThat(text("#summaryTitleLabel")).isEqualTo("Build succeeded");
    assertThat(text("#imageIdLabel")).matches("[0-9a-f]{12}");
    waitFor(10, () -> !model.imageSizeProperty().get().isEmpty());
    assertThat(text("#sizeLabel")).matches("[0-9.]+ (B|kB|MB)");
    assertThat(fx(() -> model.dockerRunCommandProperty().get()))
        .isEqualTo("docker run --rm -it " + tag);
    List<String> copied = new ArrayList<>();
    fx(
        () -> {
          view.controller().setClipboard(copied::add);
          return null;
        });
    robot.clickOn("#copyRunButton");
    assertThat(copied).containsExactly("docker run --rm -it " + tag);
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> store.list("it-profile").size() == 1);
    assertThat(store.open(store.list("it-profile").get(0)).log().search("hello-" + token, true))
        .hasSize(1);
  }

  @Test
  void aFailedBuildOpensOnTheFailingStepWithItsDockerfileLine() throws Exception {
    String token = UUID.randomUUID().toString().substring(0, 8);
    Path folder = Files.createDirectory(tmp.resolve("fail-it"));
    Files.writeString(
        folder.resolve("Dockerfile"),
        "FROM " + TestImages.BASE + "\n\nRUN echo broken-" + token + " >&2 && exit 3\n");

    BuildResult result = build(folder, null);

    assertThat(result.succeeded()).isFalse();
    String selected = fx(() -> model.selectedRowIdProperty().get());
    TimelineRow failed = fx(() -> model.snapshotProperty().get().row(selected).orElseThrow());
    assertThat(failed.state()).isEqualTo(RowState.FAILED);
    assertThat(failed.name()).contains("broken-" + token);
    assertThat(text("#failureLabel")).contains("failed").contains("exit code 3");
    waitFor(10, () -> model.dockerfileLineProperty().get().startsWith("Dockerfile:3"));
    assertThat(text("#dockerfileLineLabel"))
        .isEqualTo("Dockerfile:3  RUN echo broken-" + token + " >&2 && exit 3");
    assertThat(logTexts()).anyMatch(t -> t.contains("broken-" + token));
    assertThat(text("#summaryTitleLabel")).isEqualTo("Build failed");
  }

  @Test
  void reopensABuildFromTheHistoryAndComparesTwoBuilds() throws Exception {
    String token = UUID.randomUUID().toString().substring(0, 8);
    Path folder = Files.createDirectory(tmp.resolve("history-it"));
    Files.writeString(
        folder.resolve("Dockerfile"),
        "FROM " + TestImages.BASE + "\nRUN echo first-" + token + " && sleep 1\n");
    String tag = images.uniqueTag("history");
    build(folder, tag); // runs
    build(folder, tag); // from the cache
    WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> store.list("it-profile").size() == 2);

    HistoryView[] holder = new HistoryView[1];
    FxToolkit.setupFixture(
        () -> {
          holder[0] = HistoryView.load(store, background, FxThread.executor(), null);
          show(holder[0].node());
          holder[0].model().profileProperty().set("it-profile");
        });
    HistoryViewModel history = holder[0].model();
    waitFor(10, () -> history.items().size() == 2);

    // Open the older build: its timeline and log in the embedded build view.
    ListView<?> list = robot.lookup(".history-list").queryAs(ListView.class);
    robot.clickOn((javafx.scene.Node) robot.from(list).lookup(".history-cell").nth(1).query());
    robot.clickOn("#openButton");
    waitFor(10, () -> history.detailProperty().get() == HistoryViewModel.Detail.BUILD);
    BuildViewModel opened = holder[0].controller().buildView().model();
    waitFor(10, () -> opened.snapshotProperty().get() != null);
    assertThat(fx(() -> opened.summaryTitleProperty().get())).isEqualTo("Build succeeded");
    assertThat(
            fx(
                () ->
                    opened.snapshotProperty().get().rows().stream()
                        .filter(r -> r.name().contains("first-" + token))
                        .map(TimelineRow::state)
                        .toList()))
        .containsExactly(RowState.DONE);
    assertThat(fx(() -> opened.shownLinesProperty().get().log().search("first-" + token, true)))
        .isNotEmpty();

    // Select both, compare: the RUN step ran before and came from the cache after.
    robot.press(KeyCode.CONTROL);
    robot.clickOn((javafx.scene.Node) robot.from(list).lookup(".history-cell").nth(0).query());
    robot.release(KeyCode.CONTROL);
    waitFor(5, () -> history.canCompareProperty().get());
    robot.clickOn("#compareButton");
    waitFor(10, () -> history.detailProperty().get() == HistoryViewModel.Detail.COMPARISON);
    List<CompareRow> compared = fx(() -> List.copyOf(history.compare().rows()));
    CompareRow runRow =
        compared.stream()
            .filter(r -> r.name().contains("first-" + token))
            .findFirst()
            .orElseThrow();
    assertThat(runRow.change()).isEqualTo(Change.NOW_CACHED);
    assertThat(runRow.deltaMillis()).isNegative();
    assertThat(runRow.before()).doesNotContain("cached");
    assertThat(runRow.after()).endsWith("cached");
    TableView<?> table = robot.lookup(".compare-view .table-view").queryAs(TableView.class);
    assertThat(fx(() -> table.getItems().size())).isEqualTo(compared.size());
    assertThat(fx(() -> history.compare().verdictProperty().get()))
        .startsWith("The second build was");
  }

  // ---- helpers

  List<String> logTexts() throws Exception {
    return fx(
        () -> {
          LogLines lines = model.shownLinesProperty().get();
          List<String> out = new ArrayList<>();
          for (int i = 0; i < lines.size(); i++) {
            out.add(AnsiText.strip(lines.get(i).text()).strip());
          }
          return out;
        });
  }

  String text(String query) throws Exception {
    Label label = robot.lookup(query).queryAs(Label.class);
    return fx(label::getText);
  }

  static <T> T fx(Callable<T> read) throws Exception {
    return WaitForAsyncUtils.asyncFx(read).get(10, TimeUnit.SECONDS);
  }

  static void fx(Runnable r) throws Exception {
    WaitForAsyncUtils.asyncFx(r).get(10, TimeUnit.SECONDS);
  }

  static void waitFor(int seconds, Callable<Boolean> condition) throws Exception {
    WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> fx(condition));
    WaitForAsyncUtils.waitForFxEvents();
  }
}
