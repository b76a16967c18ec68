package io.slipway.app.main;

import io.slipway.app.engine.EngineConnector;
import io.slipway.app.fx.DaemonThreads;
import io.slipway.app.fx.FxThread;
import io.slipway.app.profiles.ProfileEditorViewModel;
import io.slipway.app.profiles.ProfilesViewModel;
import io.slipway.app.settings.Settings;
import io.slipway.app.settings.SettingsStore;
import io.slipway.core.auth.CredentialStore;
import io.slipway.core.build.BuildArg;
import io.slipway.core.build.selection.BuilderChoice;
import io.slipway.core.context.ContextSource;
import io.slipway.core.profile.BuildProfile;
import io.slipway.core.profile.ProfileStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import javafx.stage.Window;

/**
 * Takes the screenshots in docs/screenshots/ of the real window on the real engine, under Xvfb: run
 * by {@code docs/screenshots/take-shell.sh}, which sets up the display, a throwaway home folder and
 * the class path. Not a test: it drives the window as a person would and saves what the screen
 * shows ({@code import -window root}).
 */
public final class ShellScreenshots {
  static Path out;
  static Path home;

  public static void main(String[] args) throws Exception {
    out = Path.of(args[0]).toAbsolutePath();
    home = Path.of(System.getProperty("user.home"));
    Files.createDirectories(out);
    Application.launch(App.class);
  }

  /** The window, as SlipwayApp makes it, in the throwaway home. */
  public static final class App extends Application {
    @Override
    public void start(Stage stage) throws Exception {
      io.slipway.app.Theme.apply(false);
      ExecutorService background = Executors.newCachedThreadPool(new DaemonThreads("shot"));
      ScheduledExecutorService pulse =
          Executors.newSingleThreadScheduledExecutor(new DaemonThreads("shot-pulse"));
      Map<String, String> env = Map.of();
      Path config = home.resolve(".config/slipway");
      MainViewModel build =
          new MainViewModel(
              EngineConnector.system(System::getenv),
              background,
              FxThread.executor(),
              FxThread.scheduler(pulse),
              FxThread.scheduler(pulse),
              Clock.systemUTC());
      ProfileStore store = new ProfileStore(config.resolve("profiles"));
      ProfilesViewModel profiles = new ProfilesViewModel(store, background, FxThread.executor());
      ProfileEditorViewModel editor =
          new ProfileEditorViewModel(background, FxThread.executor(), home);
      ShellViewModel shell =
          new ShellViewModel(
              build,
              profiles,
              editor,
              new SettingsStore(config.resolve("settings.json")),
              background,
              FxThread.executor(),
              env);
      MainWindow window = MainWindow.install(stage, shell);
      stage.getIcons().addAll(io.slipway.app.SlipwayApp.icons());
      stage.setX(0);
      stage.setY(0);
      stage.setWidth(1280);
      stage.setHeight(800);
      stage.show();
      shell.start(Settings.DEFAULT, () -> CredentialStore.load(env, home).all());
      Thread driver =
          new Thread(
              () -> {
                try {
                  drive(stage, shell, window, store);
                } catch (Throwable e) {
                  e.printStackTrace();
                  System.exit(1);
                }
                Platform.exit();
              },
              "shot-driver");
      driver.setDaemon(true);
      driver.start();
    }
  }

  static void drive(Stage stage, ShellViewModel shell, MainWindow window, ProfileStore store)
      throws Exception {
    MainViewModel build = shell.build();
    waitFor(60, () -> build.engineStateProperty().get() != EngineState.CONNECTING);
    if (build.engineStateProperty().get() != EngineState.READY) {
      throw new IllegalStateException("No engine: " + build.engineDetailProperty().get());
    }
    // Three builds give the sidebar its outcomes: web succeeds, worker fails, api-server builds.
    for (String name : List.of("web", "worker", "api-server")) {
      fx(
          () -> {
            shell.profiles().select(name);
            return null;
          });
      waitFor(
          10,
          () ->
              shell.editor().draftProperty().get() != null
                  && shell.editor().draftProperty().get().name().equals(name));
      pause(300);
      fx(
          () -> {
            shell.buildSelected();
            return null;
          });
      waitFor(10, () -> build.buildStateProperty().get().active());
      waitFor(180, () -> build.buildStateProperty().get().finished());
      pause(500);
    }
    shot("build-shell.png");

    // api-server again (from the cache now); its History tab compares the two builds.
    fx(
        () -> {
          shell.buildSelected();
          return null;
        });
    waitFor(10, () -> build.buildStateProperty().get().active());
    waitFor(180, () -> build.buildStateProperty().get().finished());
    var history = window.controller().historyView();
    waitFor(10, () -> history.model().items().size() == 2);
    fx(
        () -> {
          lookupTabs(stage).getSelectionModel().select(window.controller().historyTab());
          javafx.scene.control.ListView<?> list =
              (javafx.scene.control.ListView<?>) history.node().lookup("#historyList");
          list.getSelectionModel().selectIndices(0, 1);
          history.model().compareSelected();
          return null;
        });
    waitFor(
        10,
        () ->
            history.model().detailProperty().get()
                == io.slipway.app.history.HistoryViewModel.Detail.COMPARISON);
    pause(800);
    shot("history-tab.png");
    fx(
        () -> {
          lookupTabs(stage).getSelectionModel().select(window.controller().buildTab());
          return null;
        });

    // The profile editor of api-server, with the sidebar beside it.
    fx(
        () -> {
          window.controller().shell().profiles().select("api-server");
          lookupTabs(stage).getSelectionModel().select(0);
          return null;
        });
    pause(1200);
    shot("profile-editor.png");

    // Problems beside their fields, as the user types.
    fx(
        () -> {
          shell.profiles().select("web");
          return null;
        });
    waitFor(10, () -> shell.editor().nameProperty().get().equals("web"));
    fx(
        () -> {
          shell.editor().tags().add("Web App:Latest");
          shell.editor().contextLocationProperty().set("src/web");
          shell.editor().addBuildArg();
          shell.editor().buildArgs().get(0).valueProperty().set("1.2");
          return null;
        });
    pause(1000);
    shot("profile-editor-problems.png");
    fx(
        () -> {
          shell.editor().load(store.load("web"), true);
          return null;
        });
    pause(300);

    // Delete with undo: the notification bar.
    fx(
        () -> {
          shell.profiles().select("docs-site");
          shell.profiles().deleteSelected();
          return null;
        });
    pause(800);
    shot("sidebar-undo.png");
    fx(
        () -> {
          shell.profiles().noticeProperty().get().undo().get().run();
          return null;
        });
    waitFor(
        10,
        () ->
            shell.profiles().noticeProperty().get() != null
                && shell.profiles().noticeProperty().get().message().startsWith("Restored"));
    pause(300);
    fx(
        () -> {
          shell.profiles().dismissNotice();
          shell.profiles().select("api-server");
          return null;
        });
    waitFor(10, () -> shell.editor().nameProperty().get().equals("api-server"));
    pause(800);

    // Drop feedback for a folder no profile builds yet.
    Path payments = home.resolve("src/payments");
    fx(
        () -> {
          shell.dragEntered(List.of(payments), "");
          return null;
        });
    pause(800);
    shot("drop-feedback.png");
    fx(
        () -> {
          shell.dragExited();
          return null;
        });

    // Settings, over the window.
    dialog(stage, window::openSettings, "settings.png");

    // The notification a long build raises when the window is in the background.
    fx(
        () -> {
          window.showNotification(new String[] {"api-server built", "after 42.3s"}, false);
          return null;
        });
    pause(1500);
    shot("notification.png");
    pause(500);

    // Help: the keyboard shortcuts, and About.
    dialog(stage, () -> window.controller().showShortcuts(), "shortcuts.png");
    dialog(stage, window::showAbout, "about.png");

    // Dark theme: the editor and the build.
    fx(
        () -> {
          io.slipway.app.Theme.apply(true);
          return null;
        });
    pause(1000);
    shot("profile-editor-dark.png");
    fx(
        () -> {
          lookupTabs(stage).getSelectionModel().select(1);
          return null;
        });
    pause(800);
    shot("build-shell-dark.png");
  }

  /** Opens a modal dialog, shoots the screen, closes it. */
  static void dialog(Stage stage, Runnable open, String name) throws Exception {
    Platform.runLater(open);
    waitFor(10, () -> Window.getWindows().size() > 1);
    pause(1000);
    shot(name);
    fx(
        () -> {
          for (Window w : List.copyOf(Window.getWindows())) {
            if (w != stage && w instanceof Stage s) {
              s.close();
            }
          }
          return null;
        });
    pause(500);
  }

  static javafx.scene.control.TabPane lookupTabs(Stage stage) {
    return (javafx.scene.control.TabPane) stage.getScene().lookup("#tabs");
  }

  /** The sample folders and profiles, as a person might have them. */
  public static void prepare(Path homeDir) throws Exception {
    Path src = homeDir.resolve("src");
    String base = "slipway-test/busybox:1";
    Path api = Files.createDirectories(src.resolve("api"));
    Files.writeString(
        api.resolve("Dockerfile"),
        "ARG VERSION=1.0\n"
            + "FROM "
            + base
            + " AS build\n"
            + "ARG VERSION\n"
            + "ARG DEBUG\n"
            + "ARG COMMIT=unknown\n"
            + "COPY app.txt /app.txt\n"
            + "RUN echo building $VERSION && for m in api auth billing; do echo compiling $m;"
            + " sleep 1; done && echo $VERSION > /version.txt\n"
            + "FROM build AS test\n"
            + "RUN echo testing && sleep 1\n"
            + "FROM "
            + base
            + " AS runtime\n"
            + "COPY --from=build /version.txt /version.txt\n"
            + "CMD cat /version.txt\n");
    // New each time: the first build of api-server runs its steps rather than reusing the cache.
    Files.writeString(api.resolve("app.txt"), java.util.UUID.randomUUID() + "\n");
    Path web = Files.createDirectories(src.resolve("web"));
    Files.writeString(
        web.resolve("Dockerfile"), "FROM " + base + "\nRUN echo bundling assets && sleep 1\n");
    Path worker = Files.createDirectories(src.resolve("worker"));
    Files.writeString(
        worker.resolve("Dockerfile"), "FROM " + base + "\nRUN echo starting worker && false\n");
    Files.createDirectories(src.resolve("payments"));
    Files.writeString(src.resolve("payments/Dockerfile"), "FROM " + base + "\n");

    ProfileStore store = new ProfileStore(homeDir.resolve(".config/slipway/profiles"));
    store.save(
        BuildProfile.builder("api-server")
            .context(new ContextSource.LocalFolder(api))
            .tag("api-server:latest")
            .tag("registry.example.com/team/api-server:1.4")
            .target("runtime")
            .buildArg(new BuildArg("VERSION", Optional.of("1.4.2")))
            .buildArg(new BuildArg("GIT_TOKEN", Optional.empty()))
            .label("org.opencontainers.image.source", "https://github.com/example/api")
            .builder(BuilderChoice.AUTO)
            .build());
    store.save(
        BuildProfile.builder("web")
            .context(new ContextSource.LocalFolder(web))
            .tag("web:latest")
            .build());
    store.save(
        BuildProfile.builder("worker")
            .context(new ContextSource.LocalFolder(worker))
            .tag("worker:dev")
            .builder(BuilderChoice.CLASSIC)
            .build());
    store.save(
        BuildProfile.builder("docs-site")
            .context(ContextSource.GitRepository.parse("https://github.com/example/docs.git#main"))
            .tag("docs-site:latest")
            .build());
    Path docker = Files.createDirectories(homeDir.resolve(".docker"));
    String auth =
        Base64.getEncoder()
            .encodeToString("ci-bot:not-a-real-secret".getBytes(StandardCharsets.UTF_8));
    Files.writeString(
        docker.resolve("config.json"),
        "{\"auths\": {\"registry.example.com\": {\"auth\": \""
            + auth
            + "\"}, \"https://index.docker.io/v1/\": {\"auth\": \""
            + auth
            + "\"}}}\n");
  }

  static void shot(String name) throws Exception {
    pause(300);
    Process p =
        new ProcessBuilder("import", "-window", "root", out.resolve(name).toString())
            .inheritIO()
            .start();
    if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("import failed for " + name);
    }
    System.out.println("wrote " + out.resolve(name));
  }

  static <T> T fx(Callable<T> work) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    Platform.runLater(
        () -> {
          try {
            result.complete(work.call());
          } catch (Throwable e) {
            result.completeExceptionally(e);
          }
        });
    return result.get(30, TimeUnit.SECONDS);
  }

  static void waitFor(int seconds, Callable<Boolean> condition) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < end) {
      if (fx(condition)) {
        return;
      }
      pause(100);
    }
    throw new IllegalStateException("timed out");
  }

  static void pause(long millis) throws InterruptedException {
    Thread.sleep(millis);
  }

  /** Prepares the home folder: {@code ShellScreenshots$Prepare HOME}. */
  public static final class Prepare {
    public static void main(String[] args) throws Exception {
      prepare(Path.of(args[0]));
    }
  }
}
