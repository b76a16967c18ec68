package io.slipway.app;

import io.slipway.app.engine.EngineConnector;
import io.slipway.app.fx.DaemonThreads;
import io.slipway.app.fx.FxThread;
import io.slipway.app.main.MainViewModel;
import io.slipway.app.main.MainWindow;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javafx.application.Application;
import javafx.scene.image.Image;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slipway's window. {@code slipway-gui [FOLDER | DOCKERFILE]}: a folder argument is chosen at
 * start; a file (a Dockerfile opened from the file manager) chooses its folder, and itself as the
 * Dockerfile.
 */
public final class SlipwayApp extends Application {
  private static final Logger LOG = LoggerFactory.getLogger(SlipwayApp.class);
  private static final int[] ICON_SIZES = {16, 24, 32, 48, 64, 128, 256, 512};

  private final ErrorReporter errors = new ErrorReporter();
  private ExecutorService background;
  private ScheduledExecutorService pulse;
  private MainViewModel model;

  public static void main(String[] args) {
    launch(SlipwayApp.class, args);
  }

  @Override
  public void start(Stage stage) {
    Thread.setDefaultUncaughtExceptionHandler(errors);
    Thread.currentThread().setUncaughtExceptionHandler(errors);
    Theme.apply(Theme.prefersDark(System.getProperty("slipway.theme"), System.getenv()));

    background = Executors.newCachedThreadPool(new DaemonThreads("slipway-worker"));
    pulse = Executors.newSingleThreadScheduledExecutor(new DaemonThreads("slipway-pulse"));
    model =
        new MainViewModel(
            EngineConnector.system(),
            background,
            FxThread.executor(),
            FxThread.scheduler(pulse),
            Clock.systemUTC());
    errors.showIn(model::showError);

    MainWindow.install(stage, model);
    stage.getIcons().addAll(icons());
    stage.show();
    model.connectEngine();

    List<String> args = getParameters().getUnnamed();
    if (args.size() == 1) {
      open(model, Path.of(args.get(0)));
    }
  }

  /** Opens a folder, or a Dockerfile in its folder. */
  static void open(MainViewModel model, Path path) {
    Path abs = path.toAbsolutePath().normalize();
    if (Files.isRegularFile(abs) && abs.getParent() != null) {
      model.chooseFolder(abs.getParent());
      model.dockerfileProperty().set(abs.getFileName().toString());
    } else {
      model.chooseFolder(abs);
    }
  }

  @Override
  public void stop() {
    if (model != null) {
      model.close();
    }
    if (background != null) {
      background.shutdown();
    }
    if (pulse != null) {
      pulse.shutdownNow();
    }
  }

  /** The window icons that are packaged; none is fine. */
  private static List<Image> icons() {
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
