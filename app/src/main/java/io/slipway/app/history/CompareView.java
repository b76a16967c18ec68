package io.slipway.app.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Objects;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

/** The comparison of two builds, ready to embed. Load on the FX thread. */
public final class CompareView {
  public static final String FXML = "/io/slipway/app/ui/CompareView.fxml";

  private final Parent node;
  private final CompareController controller;

  private CompareView(Parent node, CompareController controller) {
    this.node = node;
    this.controller = controller;
  }

  public static CompareView load(CompareViewModel model) {
    URL fxml =
        Objects.requireNonNull(CompareView.class.getResource(FXML), FXML + " is not packaged");
    FXMLLoader loader = new FXMLLoader(fxml);
    loader.setControllerFactory(
        type -> {
          if (type == CompareController.class) {
            return new CompareController(model);
          }
          throw new IllegalArgumentException("No controller of type " + type);
        });
    try {
      Parent root = loader.load();
      return new CompareView(root, loader.getController());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load " + FXML, e);
    }
  }

  public Parent node() {
    return node;
  }

  public CompareController controller() {
    return controller;
  }
}
