package io.slipway.app.main;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Objects;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.WindowEvent;

/** Loads the main view and puts it in a stage. */
public final class MainWindow {
  public static final String FXML = "/io/slipway/app/ui/MainView.fxml";
  public static final String CSS = "/io/slipway/app/ui/slipway.css";
  public static final double WIDTH = 1100;
  public static final double HEIGHT = 720;
  public static final double MIN_WIDTH = 900;
  public static final double MIN_HEIGHT = 560;

  private MainWindow() {}

  /** Loads the view for {@code model}, sets it on {@code stage} and returns its controller. */
  public static MainController install(Stage stage, MainViewModel model) {
    FXMLLoader loader = new FXMLLoader(resource(FXML));
    loader.setControllerFactory(
        type -> {
          if (type == MainController.class) {
            return new MainController(model);
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
    Scene scene = new Scene(root, WIDTH, HEIGHT);
    scene.getStylesheets().add(resource(CSS).toExternalForm());
    controller.install(scene);
    stage.setScene(scene);
    stage.titleProperty().bind(model.windowTitleProperty());
    stage.setMinWidth(MIN_WIDTH);
    stage.setMinHeight(MIN_HEIGHT);
    // Open with nothing focused, rather than a text field's text selected.
    stage.addEventHandler(WindowEvent.WINDOW_SHOWN, e -> root.requestFocus());
    return controller;
  }

  private static URL resource(String name) {
    return Objects.requireNonNull(MainWindow.class.getResource(name), name + " is not packaged");
  }
}
