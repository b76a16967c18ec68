package io.slipway.app;

import io.slipway.app.engine.EngineConnector;
import io.slipway.app.fx.DaemonThreads;
import io.slipway.app.fx.FxThread;
import io.slipway.app.main.MainViewModel;
import io.slipway.app.main.MainWindow;
import io.slipway.app.main.ShellViewModel;
import io.slipway.app.profiles.ProfileEditorViewModel;
import io.slipway.app.profiles.ProfilesViewModel;
import io.slipway.app.settings.AppDirs;
import io.slipway.app.settings.Settings;
import io.slipway.app.settings.SettingsStore;
import io.slipway.core.auth.CredentialStore;
import io.slipway.core.history.HistoryStore;
import io.slipway.core.profile.ProfileStore;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slipway's window. {@code slipway-gui [FOLDER | DOCKERFILE]}: the argument becomes a profile (or
 * selects the one that builds it), as a drop would, without building.
 */
public final class SlipwayApp extends Application {
  private static final Logger LOG = LoggerFactory.getLogger(SlipwayApp.class);
  private static final int[] ICON_SIZES = {16, 24, 32, 48, 64, 128, 256, 512};

  private ErrorReporter errors;
  private ExecutorService background;
  private ScheduledExecutorService pulse;
  private ShellViewModel shell;

  public static void main(String[] args) {
    launch(SlipwayApp.class, args);
  }

  @Override
  public void start(Stage stage) {
    Map<String, String> env = System.getenv();
    Path home = Path.of(System.getProperty("user.home"));
    errors =
        new ErrorReporter(
            AppDirs.errorLog(env, home, System.getProperty("os.name", "")), Clock.systemUTC());
    Thread.setDefaultUncaughtExceptionHandler(errors);
    Thread.currentThread().setUncaughtExceptionHandler(errors);

    background = Executors.newCachedThreadPool(new DaemonThreads("slipway-worker"));
    pulse = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("slipway-pulse"));
    SettingsStore settingsStore = SettingsStore.forUser(env, home);
    AtomicReference<ShellViewModel> shellRef = new AtomicReference<>();
    MainViewModel build =
        new MainViewModel(
            EngineConnector.system(() -> shellRef.get().engineEnvironment()),
            background,
            FxThread.executor(),
            FxThread.scheduler(pulse),
            FxThread.scheduler(pulse),
            Clock.systemUTC());
    ProfilesViewModel profiles =
        new ProfilesViewModel(ProfileStore.forUser(env, home), background, FxThread.executor());
    ProfileEditorViewModel editor =
        new ProfileEditorViewModel(background, FxThread.executor(), home);
    shell =
        new ShellViewModel(
            build, profiles, editor, settingsStore, background, FxThread.executor(), env);
    shellRef.set(shell);
    shell.useHistory(HistoryStore.forUser(env, home));
    errors.showIn(build::showError);

    // The settings and the system's theme are read off the FX thread; the window shows after.
    List<String> args = getParameters().getUnnamed();
    background.execute(
        () -> {
          Settings settings = settingsStore.load();
          boolean dark = Theme.dark(settings.theme(), env);
          // Decoding eight icon sizes took a tenth of a second of the FX thread at start-up.
          List<Image> icons = icons();
          Platform.runLater(
              () -> {
                stage.getIcons().addAll(icons);
                Theme.apply(dark);
                MainWindow window = MainWindow.install(stage, shell);
                window.setThemeApplier(
                    choice ->
                        background.execute(
                            () -> {
                              boolean d = Theme.dark(choice, env);
                              Platform.runLater(() -> Theme.apply(d));
                            }),
                    background);
                window.applyLayout(settings);
                stage.show();
                shell.start(settings, () -> CredentialStore.load(env, home).all());
                if (args.size() == 1) {
                  shell.open(Path.of(args.get(0)).toAbsolutePath().normalize());
                }
              });
        });
  }

  @Override
  public void stop() throws InterruptedException {
    if (shell != null) {
      shell.close();
    }
    if (background != null) {
      background.shutdown();
      // The layout and the last settings are written off the FX thread; let them land.
      background.awaitTermination(2, TimeUnit.SECONDS);
    }
    if (pulse != null) {
      pulse.shutdownNow();
    }
  }

  /** The window icons that are packaged; none is fine. */
  public static List<Image> icons() {
    List<Image> icons = new java.util.ArrayList<>();
    for (int size : ICON_SIZES) {
      String name = "/io/slipway/app/icons/slipway-" + size + ".png";
      try (InputStream in = SlipwayApp.class.getResourceAsStream(name)) {
        if (in != null) {
          icons.add(new Image(in));
        }
      } catch (Exception e) {
        LOG.debug("Icon {} not loaded", name, e);
      }
    }
    return icons;
  }
}
