package io.slipway.app.history;

import io.slipway.app.build.BuildView;
import io.slipway.app.build.BuildViewModel;
import io.slipway.core.build.BuildStatus;
import java.util.List;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.css.PseudoClass;
import javafx.fxml.FXML;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/**
 * Binds the history list to {@link HistoryViewModel}; shows an opened build in an embedded build
 * view and a comparison in the compare view.
 */
public final class HistoryController {

  private static final PseudoClass SUCCEEDED = PseudoClass.getPseudoClass("succeeded");
  private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");
  private static final PseudoClass CANCELLED = PseudoClass.getPseudoClass("cancelled");

  private final HistoryViewModel model;
  private final BuildViewModel buildModel;
  private BuildView buildView;
  private Parent compareView;

  @FXML private SplitPane root;
  @FXML private Label titleLabel;
  @FXML private Button refreshButton;
  @FXML private Button openButton;
  @FXML private Button compareButton;
  @FXML private Button deleteButton;
  @FXML private ListView<HistoryItem> historyList;
  @FXML private Label messageLabel;
  @FXML private StackPane detailPane;
  @FXML private VBox detailPlaceholder;

  HistoryController(HistoryViewModel model, BuildViewModel buildModel) {
    this.model = Objects.requireNonNull(model);
    this.buildModel = Objects.requireNonNull(buildModel);
  }

  public HistoryViewModel model() {
    return model;
  }

  /** The embedded view of an opened build. */
  public BuildView buildView() {
    return buildView;
  }

  @FXML
  private void initialize() {
    titleLabel.textProperty().bind(model.titleProperty());
    messageLabel.textProperty().bind(model.messageProperty());
    messageLabel.visibleProperty().bind(model.messageProperty().isNotEmpty());
    messageLabel.managedProperty().bind(messageLabel.visibleProperty());
    openButton.disableProperty().bind(model.canOpenProperty().not());
    compareButton.disableProperty().bind(model.canCompareProperty().not());
    deleteButton.disableProperty().bind(model.canDeleteProperty().not());
    refreshButton.setTooltip(new Tooltip("List the builds again"));
    compareButton.setTooltip(new Tooltip("Select two builds to compare them step by step"));
    deleteButton.setTooltip(new Tooltip("Remove the selected builds from the history"));

    historyList.setItems(model.items());
    historyList.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
    historyList.setCellFactory(v -> new HistoryCell());
    Label empty = new Label();
    empty
        .textProperty()
        .bind(
            Bindings.createStringBinding(
                () ->
                    model.loadingProperty().get()
                        ? "Reading the history…"
                        : "No builds yet. Every build of this profile is kept here.",
                model.loadingProperty()));
    empty.setWrapText(true);
    empty.getStyleClass().add("history-placeholder");
    historyList.setPlaceholder(empty);
    historyList
        .getSelectionModel()
        .getSelectedItems()
        .addListener(
            (javafx.collections.ListChangeListener<HistoryItem>)
                c -> model.select(List.copyOf(historyList.getSelectionModel().getSelectedItems())));
    historyList.setOnMouseClicked(
        e -> {
          if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
            model.openSelected();
          }
        });
    historyList.setOnKeyPressed(
        e -> {
          if (e.getCode() == KeyCode.ENTER) {
            if (model.canCompareProperty().get()) {
              model.compareSelected();
            } else {
              model.openSelected();
            }
            e.consume();
          } else if (e.getCode() == KeyCode.DELETE) {
            model.deleteSelected();
            e.consume();
          }
        });

    buildView = BuildView.load(buildModel);
    CompareView compare = CompareView.load(model.compare());
    compareView = compare.node();
    detailPane.getChildren().addAll(buildView.node(), compareView);
    model.detailProperty().addListener((o, was, now) -> showDetail(now));
    model
        .openedBuildProperty()
        .addListener(
            (o, was, now) -> {
              if (now != null) {
                buildModel.showTimeline(now);
              } else {
                buildModel.clear();
              }
            });
    showDetail(model.detailProperty().get());
  }

  private void showDetail(HistoryViewModel.Detail detail) {
    detailPlaceholder.setVisible(detail == HistoryViewModel.Detail.NONE);
    buildView.node().setVisible(detail == HistoryViewModel.Detail.BUILD);
    compareView.setVisible(detail == HistoryViewModel.Detail.COMPARISON);
  }

  @FXML
  private void refresh() {
    model.refresh();
  }

  @FXML
  private void open() {
    model.openSelected();
  }

  @FXML
  private void compare() {
    model.compareSelected();
  }

  @FXML
  private void delete() {
    model.deleteSelected();
  }

  /** A past build: outcome icon, when, and duration · cached share · how long ago. */
  private static final class HistoryCell extends ListCell<HistoryItem> {
    private final FontIcon icon = new FontIcon();
    private final Label when = new Label();
    private final Label detail = new Label();
    private final HBox box;

    HistoryCell() {
      getStyleClass().add("history-cell");
      icon.getStyleClass().add("history-icon");
      when.getStyleClass().add("history-when");
      detail.getStyleClass().add("history-detail");
      VBox text = new VBox(2, when, detail);
      HBox.setHgrow(text, Priority.ALWAYS);
      box = new HBox(10, icon, text);
      box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
      text.setMinWidth(0);
      detail.setMinWidth(0);
      box.setMinWidth(0);
      setPrefWidth(0);
      box.setMaxWidth(Double.MAX_VALUE);
    }

    @Override
    protected void updateItem(HistoryItem item, boolean empty) {
      super.updateItem(item, empty);
      setText(null);
      if (empty || item == null) {
        setGraphic(null);
        for (PseudoClass p : List.of(SUCCEEDED, FAILED, CANCELLED)) {
          pseudoClassStateChanged(p, false);
        }
        return;
      }
      BuildStatus s = item.entry().status();
      icon.setIconCode(
          s == BuildStatus.SUCCEEDED
              ? Feather.CHECK_CIRCLE
              : s == BuildStatus.FAILED ? Feather.X_CIRCLE : Feather.SLASH);
      pseudoClassStateChanged(SUCCEEDED, s == BuildStatus.SUCCEEDED);
      pseudoClassStateChanged(FAILED, s == BuildStatus.FAILED);
      pseudoClassStateChanged(CANCELLED, s == BuildStatus.CANCELLED);
      when.setText(item.when());
      detail.setText(
          item.outcome() + " · " + item.duration() + " · " + item.cached() + " · " + item.ago());
      setGraphic(box);
    }
  }
}
