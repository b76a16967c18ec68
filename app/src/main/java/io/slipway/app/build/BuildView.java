package io.slipway.app.build;

import io.slipway.app.timeline.TimelineCanvas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Objects;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

/**
 * The build view, ready to embed: {@code BuildView.load(model).node()} is a node for a tab or a
 * pane; the {@link BuildViewModel} drives it ({@code attach} a live build, {@code showTimeline} a
 * finished one). Load it on the FX thread.
 */
public final class BuildView {
  public static final String FXML = "/io/slipway/app/ui/BuildView.fxml";

  private final Parent node;
  private final BuildController controller;

  private BuildView(Parent node, BuildController controller) {
    this.node = node;
    this.controller = controller;
  }

  /** Loads the view for {@code model}. */
  public static BuildView load(BuildViewModel model) {
    URL fxml = Objects.requireNonNull(BuildView.class.getResource(FXML), FXML + " is not packaged");
    FXMLLoader loader = new FXMLLoader(fxml);
    loader.setControllerFactory(
        type -> {
          if (type == BuildController.class) {
            return new BuildController(model);
          }
          throw new IllegalArgumentException("No controller of type " + type);
        });
    try {
      Parent root = loader.load();
      return new BuildView(root, loader.getController());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load " + FXML, e);
    }
  }

  public Parent node() {
    return node;
  }

  public BuildViewModel model() {
    return controller.model();
  }

  public BuildController controller() {
    return controller;
  }

  public TimelineCanvas timeline() {
    return controller.timeline();
  }
}
