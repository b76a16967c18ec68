package io.slipway.app.shots;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.slipway.app.build.BuildView;
import io.slipway.app.build.BuildViewModel;
import io.slipway.app.build.ImageInspector;
import io.slipway.app.engine.EngineSession;
import io.slipway.app.fx.DaemonThreads;
import io.slipway.app.fx.FxThread;
import io.slipway.app.history.HistoryItem;
import io.slipway.app.history.HistoryView;
import io.slipway.app.history.HistoryViewModel;
import io.slipway.core.build.BuildHandle;
import io.slipway.core.build.BuildListener;
import io.slipway.core.build.BuildRequest;
import io.slipway.core.engine.Engine;
import io.slipway.core.engine.EngineLocator;
import io.slipway.core.history.HistoryStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.event.Event;
import javafx.scene.Scene;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.stage.Stage;

/**
 * Screenshots of the build view, the history and the comparison, from real builds on the engine
 * (BuildKit by default here): a multi-stage Dockerfile whose two stages run side by side, built
 * three times (fresh, all cached, one stage's input changed), then a failing build. Run by
 * docs/screenshots/take-build-views.sh under Xvfb (a real window).
 *
 * <p>Arguments: the output folder, then "light" or "dark".
 */
public final class BuildViewShots extends Application {
  static Path out;
  static boolean dark;

  public static void main(String[] args) {
    out = Path.of(args.length > 0 ? args[0] : "docs/screenshots");
    dark = args.length > 1 && args[1].equals("dark");
    Application.launch(BuildViewShots.class);
  }

  ExecutorService background = Executors.newCachedThreadPool(new DaemonThreads("shots"));
  ScheduledExecutorService pulse =
      Executors.newSingleThreadScheduledExecutor(new DaemonThreads("shots-pulse"));

  @Override
  public void start(Stage stage) {
    Application.setUserAgentStylesheet(
        dark
            ? new PrimerDark().getUserAgentStylesheet()
            : new PrimerLight().getUserAgentStylesheet());
    stage.setTitle("Slipway");
    background.execute(
        () -> {
          try {
            run(stage);
            System.out.println("Screenshots written to " + out.toAbsolutePath());
          } catch (Throwable e) {
            e.printStackTrace();
            System.exit(2);
          }
          System.exit(0);
        });
  }

  void run(Stage stage) throws Exception {
    Engine engine = Engine.connect(EngineLocator.fromSystem());
    EngineSession session = EngineSession.of(engine);
    Path tmp = Files.createTempDirectory("slipway-shots");
    Path context = Files.createDirectory(tmp.resolve("api-server"));
    String token = Long.toHexString(System.nanoTime());
    Files.writeString(context.resolve("deps.txt"), "left-pad 1.3.0\nleft-pad-2 " + token + "\n");
    Files.writeString(context.resolve("app.txt"), "main() " + token + "\n");
    Path dockerfile = context.resolve("Dockerfile");
    Files.writeString(
        dockerfile,
        String.join(
            "\n",
            "FROM slipway-test/busybox:1 AS deps",
            "COPY deps.txt /deps.txt",
            "RUN for i in $(seq 1 40); do echo \"fetching dependency $i of 40\"; sleep 0.05; done"
                + " && printf '\\033[32mdependencies ready\\033[0m\\n'",
            "",
            "FROM slipway-test/busybox:1 AS assets",
            "COPY app.txt /app.txt",
            "RUN for i in $(seq 1 25); do echo \"compressing asset $i\"; sleep 0.06; done"
                + " && printf '\\033[33mwarning: 2 assets are large\\033[0m\\n'",
            "",
            "FROM slipway-test/busybox:1 AS tools",
            "RUN echo 'installing tools' && sleep 0.5 && echo tools > /tools.txt",
            "",
            "FROM slipway-test/busybox:1",
            "COPY --from=tools /tools.txt /srv/tools.txt",
            "COPY --from=deps /deps.txt /srv/deps.txt",
            "COPY --from=assets /app.txt /srv/app.txt",
            "RUN echo built && ls /srv",
            ""));
    String tag = "slipway-shots/api-server:latest";
    HistoryStore store = new HistoryStore(tmp.resolve("history"));

    BuildViewModel model =
        fx(
            () ->
                new BuildViewModel(
                    background, FxThread.executor(), FxThread.scheduler(pulse), Clock.systemUTC()));
    model.setImageInspector(ImageInspector.of(engine));
    model.setHistory(store, e -> {});
    BuildView view = fx(() -> BuildView.load(model));
    fx(
        () -> {
          Scene scene = new Scene(view.node(), 1280, 800);
          stage.setScene(scene);
          stage.show();
          return null;
        });

    // 1: fresh; 2: all cached; 3: the inputs of two stages changed (they rebuild side by side,
    // the tools stage stays cached).
    build(session, model, context, dockerfile, tag, view, "build-running.png");
    build(session, model, context, dockerfile, tag);
    Files.writeString(context.resolve("app.txt"), "main() v2 " + token + "\n");
    Files.writeString(context.resolve("deps.txt"), "left-pad 1.3.1\nleft-pad-2 " + token + "\n");
    build(session, model, context, dockerfile, tag);
    Thread.sleep(1500); // the image size
    fx(
        () -> {
          // Open the longest-running step's log, hover the final RUN to show its parents.
          var rows = model.snapshotProperty().get().rows();
          var longest =
              rows.stream()
                  .filter(r -> r.name().contains("compressing"))
                  .findFirst()
                  .orElse(rows.get(rows.size() - 1));
          model.selectedRowIdProperty().set(longest.id());
          return null;
        });
    Thread.sleep(400);
    hoverRow(view, "RUN echo built");
    Thread.sleep(400);
    shot(view, "build-view.png");

    // A failing build: opens on the failing row with its Dockerfile line.
    Path broken = Files.createDirectory(tmp.resolve("broken"));
    Path brokenFile = broken.resolve("Dockerfile");
    Files.writeString(
        brokenFile,
        "FROM slipway-test/busybox:1\nRUN echo compiling && echo 'main.c:3: error: expected ;' >&2"
            + " && exit 2\n");
    build(session, model, broken, brokenFile, null);
    Thread.sleep(300);
    shot(view, "build-failed.png");

    // History and comparison in a second scene.
    HistoryView history =
        fx(() -> HistoryView.load(store, background, FxThread.executor(), (e, s) -> {}));
    HistoryViewModel hm = history.model();
    fx(
        () -> {
          stage.getScene().setRoot(history.node());
          hm.profileProperty().set("api-server");
          return null;
        });
    waitUntil(() -> fx(() -> hm.items().size() >= 3));
    fx(
        () -> {
          HistoryItem newest = hm.items().get(0);
          hm.select(List.of(newest));
          history.controller().toString();
          hm.open(newest);
          return null;
        });
    waitUntil(() -> fx(() -> hm.openedBuildProperty().get() != null));
    fx(
        () -> {
          var list = (javafx.scene.control.ListView<?>) history.node().lookup(".history-list");
          list.getSelectionModel().select(0);
          return null;
        });
    Thread.sleep(500);
    shot(history.node(), "history.png");
    fx(
        () -> {
          var list = (javafx.scene.control.ListView<?>) history.node().lookup(".history-list");
          list.getSelectionModel().clearSelection();
          list.getSelectionModel().selectIndices(0, 1);
          hm.compareSelected();
          return null;
        });
    waitUntil(() -> fx(() -> hm.detailProperty().get() == HistoryViewModel.Detail.COMPARISON));
    Thread.sleep(500);
    shot(history.node(), "compare.png");
    try {
      engine.client().removeImageCmd(tag).withForce(true).exec();
    } catch (RuntimeException e) {
      // already gone
    }
    engine.close();
  }

  void build(EngineSession session, BuildViewModel model, Path context, Path dockerfile, String tag)
      throws Exception {
    build(session, model, context, dockerfile, tag, null, null);
  }

  /** Builds; with a shot name, takes that screenshot while the two stages run side by side. */
  void build(
      EngineSession session,
      BuildViewModel model,
      Path context,
      Path dockerfile,
      String tag,
      BuildView view,
      String runningShot)
      throws Exception {
    BuildRequest.Builder b =
        BuildRequest.builder(context).dockerfile(dockerfile.getFileName().toString());
    if (tag != null) {
      b.tag(tag);
    }
    BuildRequest request = b.build();
    String profile = tag == null ? "broken" : "api-server";
    BuildListener listener =
        fx(() -> model.attach(profile, context, dockerfile, session.builderLabel()));
    BuildHandle handle = session.builder().start(request, listener);
    if (runningShot != null) {
      waitUntil(
          () ->
              fx(
                  () -> {
                    var s = model.snapshotProperty().get();
                    return s != null
                        && s.rows().stream()
                                .filter(r -> r.name().contains("RUN for i"))
                                .filter(r -> r.state() == io.slipway.core.timeline.RowState.RUNNING)
                                .count()
                            == 2;
                  }));
      Thread.sleep(1200);
      shot(view, runningShot);
    }
    handle.result().get(5, TimeUnit.MINUTES);
    waitUntil(() -> fx(() -> model.phaseProperty().get() == BuildViewModel.Phase.FINISHED));
    Thread.sleep(400); // the history save
  }

  void hoverRow(BuildView view, String nameStart) throws Exception {
    fx(
        () -> {
          var canvas = view.timeline();
          var rows = canvas.rows();
          for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).name().contains(nameStart)) {
              var v = canvas.viewport();
              double y = 26 + v.rowY(i) + 12;
              double x =
                  canvas.labelWidthProperty().get()
                      + v.x(
                          rows.get(i).start().toEpochMilli()
                              - model(view).snapshotProperty().get().start().get().toEpochMilli())
                      + 4;
              Event.fireEvent(
                  canvas,
                  new MouseEvent(
                      MouseEvent.MOUSE_MOVED,
                      x,
                      y,
                      x,
                      y,
                      MouseButton.NONE,
                      0,
                      false,
                      false,
                      false,
                      false,
                      false,
                      false,
                      false,
                      false,
                      false,
                      false,
                      null));
              break;
            }
          }
          return null;
        });
  }

  static BuildViewModel model(BuildView view) {
    return view.model();
  }

  void shot(BuildView view, String name) throws Exception {
    shot(view.node(), name);
  }

  void shot(javafx.scene.Node node, String name) throws Exception {
    CountDownLatch painted = new CountDownLatch(1);
    Thread.sleep(200);
    fx(
        () -> {
          Png.write(
              node.getScene().getRoot(),
              out.resolve(dark ? name.replace(".png", "-dark.png") : name));
          painted.countDown();
          return null;
        });
    painted.await(10, TimeUnit.SECONDS);
  }

  static void waitUntil(Supplier<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out");
      }
      Thread.sleep(50);
    }
  }

  static <T> T fx(java.util.concurrent.Callable<T> task) {
    CompletableFuture<T> f = new CompletableFuture<>();
    Platform.runLater(
        () -> {
          try {
            f.complete(task.call());
          } catch (Throwable e) {
            f.completeExceptionally(e);
          }
        });
    try {
      return f.get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
