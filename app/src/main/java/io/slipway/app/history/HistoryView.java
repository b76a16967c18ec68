package io.slipway.app.history;

import io.slipway.app.build.BuildView;
import io.slipway.app.build.BuildViewModel;
import io.slipway.core.history.HistoryEntry;
import io.slipway.core.history.HistoryStore;
import io.slipway.core.timeline.TimelineSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import javafx.fxml.FXMLLoader;
import javafx.scene.Parent;

/**
 * A profile's history, ready to embed: the list of its past builds; an opened build's timeline and
 * log (in an embedded {@link BuildView}); two builds compared. Load on the FX thread:
 *
 * <pre>
 * HistoryView history = HistoryView.load(store, background, FxThread.executor(), (entry, build) -> …);
 * tab.setContent(history.node());
 * history.model().profileProperty().set("api-server");   // lists its builds
 * </pre>
 */
public final class HistoryView {
  public static final String FXML = "/io/slipway/app/ui/HistoryView.fxml";

  private final Parent node;
  private final HistoryController controller;

  private HistoryView(Parent node, HistoryController controller) {
    this.node = node;
    this.controller = controller;
  }

  /**
   * @param store where the builds are saved
   * @param background runs the store's disk work
   * @param ui runs tasks on the FX thread ({@code FxThread.executor()})
   * @param onOpen also told of each build the user opens (may be null), e.g. to show it in the
   *     Build tab; the history shows it itself either way
   */
  public static HistoryView load(
      HistoryStore store,
      Executor background,
      Executor ui,
      BiConsumer<HistoryEntry, TimelineSnapshot> onOpen) {
    HistoryViewModel model = new HistoryViewModel(store, background, ui, Clock.systemDefaultZone());
    model.setOnOpen(onOpen);
    BuildViewModel buildModel =
        new BuildViewModel(background, ui, (task, delay) -> ui.execute(task), Clock.systemUTC());
    return load(model, buildModel);
  }

  /** With models made by the caller (tests, or a shell that shares executors its own way). */
  public static HistoryView load(HistoryViewModel model, BuildViewModel buildModel) {
    URL fxml =
        Objects.requireNonNull(HistoryView.class.getResource(FXML), FXML + " is not packaged");
    FXMLLoader loader = new FXMLLoader(fxml);
    loader.setControllerFactory(
        type -> {
          if (type == HistoryController.class) {
            return new HistoryController(model, buildModel);
          }
          throw new IllegalArgumentException("No controller of type " + type);
        });
    try {
      Parent root = loader.load();
      return new HistoryView(root, loader.getController());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot load " + FXML, e);
    }
  }

  public Parent node() {
    return node;
  }

  public HistoryViewModel model() {
    return controller.model();
  }

  public HistoryController controller() {
    return controller;
  }
}
