package io.slipway.app.main;

import io.slipway.app.build.BuildViewModel;
import io.slipway.app.profiles.ProfileEditorController;
import io.slipway.app.settings.Settings;
import io.slipway.app.settings.SettingsController;
import io.slipway.app.settings.SettingsViewModel;
import io.slipway.core.auth.DockerConfig;
import io.slipway.core.engine.EngineInfo;
import io.slipway.core.history.HistoryStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.fxml.FXMLLoader;
import javafx.geometry.Rectangle2D;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Region;
import javafx.stage.Screen;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;
import org.controlsfx.control.Notifications;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the main view (with the profile editor in its Profile tab) and puts it in a stage; owns
 * what belongs to the stage: its size, place and dividers (remembered in the settings), the
 * Settings and About dialogs, and the notification when a long build ends in the background.
 */
public final class MainWindow {
  private static final Logger LOG = LoggerFactory.getLogger(MainWindow.class);

  public static final String FXML = "/io/slipway/app/ui/MainView.fxml";
  public static final String EDITOR_FXML = "/io/slipway/app/ui/ProfileEditorView.fxml";
  public static final String SETTINGS_FXML = "/io/slipway/app/ui/SettingsView.fxml";
  public static final String CSS = "/io/slipway/app/ui/slipway.css";
  public static final double WIDTH = 1180;
  public static final double HEIGHT = 760;
  public static final double MIN_WIDTH = 900;
  public static final double MIN_HEIGHT = 560;

  private final Stage stage;
  private final ShellViewModel shell;
  private final MainController controller;
  private Consumer<Settings.ThemeChoice> themeApplier = t -> {};
  private Executor background =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          new io.slipway.app.fx.DaemonThreads("slipway-window"));

  private MainWindow(Stage stage, ShellViewModel shell, MainController controller) {
    this.stage = stage;
    this.shell = shell;
    this.controller = controller;
  }

  /** Loads the view for {@code shell}, sets it on {@code stage} and returns the window. */
  public static MainWindow install(Stage stage, ShellViewModel shell) {
    FXMLLoader editorLoader = new FXMLLoader(resource(EDITOR_FXML));
    editorLoader.setControllerFactory(
        type -> {
          if (type == ProfileEditorController.class) {
            return new ProfileEditorController(shell.editor());
          }
          throw new IllegalArgumentException("No controller of type " + type);
        });
    try {
      editorLoader.load();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load " + EDITOR_FXML, e);
    }
    ProfileEditorController editor = editorLoader.getController();

    if (shell.history() == null) {
      shell.useHistory(
          HistoryStore.forUser(System.getenv(), Path.of(System.getProperty("user.home"))));
    }
    BuildViewModel buildView =
        new BuildViewModel(
            shell.background(), shell.ui(), shell.build().pulseScheduler(), Clock.systemUTC());
    buildView.setImageInspector(id -> shell.build().imageSize(id));
    BuildTabViewModel buildTab =
        new BuildTabViewModel(
            shell.build(),
            shell.profiles(),
            buildView,
            shell.history(),
            shell.background(),
            shell.ui());
    FXMLLoader loader = new FXMLLoader(resource(FXML));
    loader.setControllerFactory(
        type -> {
          if (type == MainController.class) {
            return new MainController(shell, editor, buildTab);
          }
          throw new IllegalArgumentException("No controller of type " + type);
        });
    Parent root;
    try {
      root = loader.load();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load " + FXML, e);
    }
    MainController controller = loader.getController();
    MainWindow window = new MainWindow(stage, shell, controller);
    Scene scene = new Scene(root, WIDTH, HEIGHT);
    scene.getStylesheets().add(resource(CSS).toExternalForm());
    controller.install(scene);
    controller.setActions(
        window::openSettings, window::showAbout, window::quit, window::chooseTheme);
    stage.setScene(scene);
    stage.titleProperty().bind(shell.windowTitleProperty());
    stage.setMinWidth(MIN_WIDTH);
    stage.setMinHeight(MIN_HEIGHT);
    // Open with nothing focused, rather than a text field's text selected.
    stage.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> root.requestFocus());
    stage.addEventHandler(
        WindowEvent.WINDOW_CLOSE_REQUEST,
        e -> {
          shell.closing();
          window.rememberLayout();
        });
    shell
        .build()
        .lastFinishedProperty()
        .addListener(
            (o, was, now) -> {
              if (now != null) {
                window.notifyIfInBackground(now);
              }
            });
    return window;
  }

  public MainController controller() {
    return controller;
  }

  /** Who applies a theme (the app owns the stylesheet), and where blocking work runs. */
  public void setThemeApplier(Consumer<Settings.ThemeChoice> applier, Executor backgroundWork) {
    this.themeApplier = Objects.requireNonNull(applier);
    this.background = Objects.requireNonNull(backgroundWork);
  }

  /** Puts the window and its dividers where the settings remember them (before it shows). */
  public void applyLayout(Settings settings) {
    settings
        .window()
        .filter(MainWindow::onSomeScreen)
        .ifPresent(
            w -> {
              stage.setX(w.x());
              stage.setY(w.y());
              stage.setWidth(Math.max(MIN_WIDTH, w.width()));
              stage.setHeight(Math.max(MIN_HEIGHT, w.height()));
              stage.setMaximized(w.maximized());
            });
    controller.mainSplit().setDividerPositions(settings.sidebarDivider());
    controller.setBuildDivider(settings.buildDivider());
  }

  private static boolean onSomeScreen(Settings.WindowBounds w) {
    Rectangle2D r = new Rectangle2D(w.x(), w.y(), Math.max(1, w.width()), Math.max(1, w.height()));
    return Screen.getScreens().stream().anyMatch(s -> s.getVisualBounds().intersects(r));
  }

  /** The window's place and dividers into the settings (saved off the FX thread). */
  public void rememberLayout() {
    Settings.WindowBounds bounds =
        new Settings.WindowBounds(
            stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), stage.isMaximized());
    double[] side = controller.mainSplit().getDividerPositions();
    Settings s = shell.settingsProperty().get();
    shell.applySettings(
        s.withLayout(
            bounds,
            side.length > 0 ? side[0] : s.sidebarDivider(),
            controller.buildDivider(s.buildDivider())));
  }

  private void chooseTheme(Settings.ThemeChoice choice) {
    Settings s = shell.settingsProperty().get();
    if (s.theme() == choice) {
      return; // shown already (the menu follows the settings)
    }
    shell.applySettings(s.withTheme(choice));
    themeApplier.accept(choice);
  }

  private void quit() {
    shell.closing();
    rememberLayout();
    stage.close();
    Platform.exit();
  }

  // ---- Settings

  /** Opens the Settings dialog and waits for it (FX thread). */
  public void openSettings() {
    SettingsViewModel vm = new SettingsViewModel();
    vm.load(shell.settingsProperty().get());
    Map<String, String> env = System.getenv();
    vm.loadContexts(
        DockerConfig.configDir(env, Path.of(System.getProperty("user.home"))),
        background,
        Platform::runLater);
    FXMLLoader loader = new FXMLLoader(resource(SETTINGS_FXML));
    loader.setControllerFactory(
        type -> {
          if (type == SettingsController.class) {
            return new SettingsController(vm);
          }
          throw new IllegalArgumentException("No controller of type " + type);
        });
    try {
      loader.load();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load " + SETTINGS_FXML, e);
    }
    SettingsController settingsController = loader.getController();
    Dialog<ButtonType> dialog = new Dialog<>();
    dialog.initOwner(stage);
    dialog.setTitle("Settings");
    dialog.setHeaderText("Settings");
    dialog.getDialogPane().setContent(settingsController.root());
    dialog.getDialogPane().getButtonTypes().addAll(ButtonType.CANCEL, ButtonType.OK);
    dialog.getDialogPane().getStylesheets().add(resource(CSS).toExternalForm());
    dialog
        .getDialogPane()
        .lookupButton(ButtonType.OK)
        .disableProperty()
        .bind(vm.problemProperty().isNotEmpty());
    settingsController.setOnPrune(
        () -> {
          dialog.close();
          Platform.runLater(controller::pruneFromSettings);
        });
    Optional<ButtonType> answer = dialog.showAndWait();
    if (answer.isPresent() && answer.get() == ButtonType.OK) {
      Settings next = vm.result();
      Settings.ThemeChoice before = shell.settingsProperty().get().theme();
      shell.applySettings(next);
      if (next.theme() != before) {
        themeApplier.accept(next.theme());
      }
    }
  }

  // ---- About

  void showAbout() {
    Alert about = new Alert(Alert.AlertType.NONE, "", ButtonType.CLOSE);
    about.initOwner(stage);
    about.setTitle("About Slipway");
    about.getDialogPane().getStylesheets().add(resource(CSS).toExternalForm());
    about.setHeaderText("Slipway");
    if (!stage.getIcons().isEmpty()) {
      ImageView icon = new ImageView(stage.getIcons().get(stage.getIcons().size() > 4 ? 4 : 0));
      icon.setFitWidth(64);
      icon.setFitHeight(64);
      about.setGraphic(icon);
    }
    GridPane grid = new GridPane();
    grid.setHgap(18);
    grid.setVgap(6);
    EngineInfo info = shell.build().engineInfoProperty().get();
    String[][] rows = {
      {"Version", appVersion()},
      {"Java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"},
      {"JavaFX", Objects.requireNonNullElse(System.getProperty("javafx.runtime.version"), "?")},
      {
        "Docker engine",
        info == null
            ? "not connected"
            : info.serverVersion() + " · API " + info.apiVersion() + " · " + info.endpoint()
      },
      {"OS", System.getProperty("os.name") + " " + System.getProperty("os.arch")},
    };
    for (int i = 0; i < rows.length; i++) {
      Label k = new Label(rows[i][0]);
      k.getStyleClass().add("about-key");
      k.setMinWidth(Region.USE_PREF_SIZE);
      Label v = new Label(rows[i][1]);
      v.getStyleClass().add("about-value");
      v.setWrapText(true);
      grid.add(k, 0, i);
      grid.add(v, 1, i);
    }
    Label blurb =
        new Label("Builds Docker images from saved profiles and shows every step as it runs.");
    blurb.setWrapText(true);
    blurb.setPadding(new javafx.geometry.Insets(10, 0, 0, 0));
    grid.add(blurb, 0, rows.length, 2, 1);
    about.getDialogPane().setContent(grid);
    about.getDialogPane().setPrefWidth(640);
    about.showAndWait();
  }

  static String appVersion() {
    String v = MainWindow.class.getPackage().getImplementationVersion();
    return v == null ? "development build" : v;
  }

  // ---- notifications

  private void notifyIfInBackground(MainViewModel.FinishedBuild finished) {
    Optional<String[]> text = Notifier.message(finished, stage.isFocused());
    if (text.isEmpty() || headless()) {
      return;
    }
    showNotification(text.get(), finished.state() == BuildState.FAILED);
  }

  /** A desktop notification in the screen's corner (ControlsFX). */
  void showNotification(String[] text, boolean failed) {
    try {
      org.kordamp.ikonli.javafx.FontIcon icon =
          new org.kordamp.ikonli.javafx.FontIcon(
              failed
                  ? org.kordamp.ikonli.feather.Feather.X_CIRCLE
                  : org.kordamp.ikonli.feather.Feather.CHECK_CIRCLE);
      icon.getStyleClass().add("notification-icon");
      if (failed) {
        icon.getStyleClass().add("failed");
      }
      Notifications.create()
          .title(text[0])
          .text(text[1])
          .graphic(icon)
          .owner(stage)
          .hideAfter(javafx.util.Duration.seconds(8))
          .show();
    } catch (RuntimeException e) {
      LOG.debug("No notification shown", e);
    }
  }

  private static boolean headless() {
    return "Monocle".equalsIgnoreCase(System.getProperty("glass.platform"))
        || Boolean.getBoolean("java.awt.headless")
            && "Headless".equals(System.getProperty("monocle.platform"));
  }

  private static URL resource(String name) {
    return Objects.requireNonNull(MainWindow.class.getResource(name), name + " is not packaged");
  }
}
