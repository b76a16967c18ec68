package io.slipway.app.history;

import io.slipway.core.history.BuildComparison.Change;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.fxml.FXML;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** Binds the comparison table to {@link CompareViewModel}. */
public final class CompareController {

  private final CompareViewModel model;

  @FXML private VBox root;
  @FXML private Label beforeLabel;
  @FXML private Label afterLabel;
  @FXML private Label beforeCachedLabel;
  @FXML private Label afterCachedLabel;
  @FXML private Label deltaLabel;
  @FXML private Label verdictLabel;
  @FXML private TableView<CompareRow> table;
  @FXML private TableColumn<CompareRow, String> numberColumn;
  @FXML private TableColumn<CompareRow, String> nameColumn;
  @FXML private TableColumn<CompareRow, String> beforeColumn;
  @FXML private TableColumn<CompareRow, String> afterColumn;
  @FXML private TableColumn<CompareRow, CompareRow> deltaColumn;
  @FXML private TableColumn<CompareRow, CompareRow> changeColumn;
  @FXML private TableColumn<CompareRow, CompareRow> barsColumn;

  CompareController(CompareViewModel model) {
    this.model = Objects.requireNonNull(model);
  }

  public CompareViewModel model() {
    return model;
  }

  @FXML
  private void initialize() {
    beforeLabel.textProperty().bind(model.beforeLabelProperty());
    afterLabel.textProperty().bind(model.afterLabelProperty());
    beforeCachedLabel.textProperty().bind(model.beforeCachedProperty());
    afterCachedLabel.textProperty().bind(model.afterCachedProperty());
    deltaLabel.textProperty().bind(model.totalDeltaProperty());
    verdictLabel.textProperty().bind(model.verdictProperty());
    model
        .totalDeltaProperty()
        .addListener(
            (o, was, now) ->
                deltaStyle(deltaLabel, now.startsWith("+") ? 1 : now.startsWith("−") ? -1 : 0));
    table.setItems(model.rows());
    table.setPlaceholder(new Label("Select two builds and press Compare."));
    text(numberColumn, CompareRow::number);
    text(nameColumn, CompareRow::name);
    text(beforeColumn, CompareRow::before);
    text(afterColumn, CompareRow::after);
    self(deltaColumn);
    deltaColumn.setCellFactory(
        c ->
            new TableCell<>() {
              @Override
              protected void updateItem(CompareRow row, boolean empty) {
                super.updateItem(row, empty);
                setText(empty || row == null ? null : row.delta());
                deltaStyle(
                    this,
                    empty
                            || row == null
                            || Math.abs(row.deltaMillis()) < CompareViewModel.SAME_MILLIS
                        ? 0
                        : Long.signum(row.deltaMillis()));
              }
            });
    self(changeColumn);
    changeColumn.setCellFactory(
        c ->
            new TableCell<>() {
              private final Label badge = new Label();

              @Override
              protected void updateItem(CompareRow row, boolean empty) {
                super.updateItem(row, empty);
                if (empty || row == null) {
                  setGraphic(null);
                  return;
                }
                badge.setText(row.changeText());
                badge.getStyleClass().setAll("label", "compare-change", cssName(row.change()));
                setGraphic(badge);
              }
            });
    self(barsColumn);
    barsColumn.setCellFactory(
        c ->
            new TableCell<>() {
              private final Region before = new Region();
              private final Region after = new Region();
              private final VBox bars = new VBox(2, before, after);

              {
                before.getStyleClass().add("compare-bar-before");
                after.getStyleClass().add("compare-bar-after");
                before.setPrefHeight(5);
                after.setPrefHeight(5);
                before.setMinHeight(5);
                after.setMinHeight(5);
                bars.setFillWidth(false);
              }

              @Override
              protected void updateItem(CompareRow row, boolean empty) {
                super.updateItem(row, empty);
                if (empty || row == null) {
                  setGraphic(null);
                  return;
                }
                double w = Math.max(20, getTableColumn().getWidth() - 16);
                before.setPrefWidth(Math.max(row.beforeShare() > 0 ? 2 : 0, w * row.beforeShare()));
                after.setPrefWidth(Math.max(row.afterShare() > 0 ? 2 : 0, w * row.afterShare()));
                before.setMaxWidth(Region.USE_PREF_SIZE);
                after.setMaxWidth(Region.USE_PREF_SIZE);
                setGraphic(bars);
              }
            });
  }

  static String cssName(Change c) {
    return c.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static void deltaStyle(javafx.scene.control.Labeled l, int sign) {
    l.getStyleClass()
        .removeAll("compare-delta-slower", "compare-delta-faster", "compare-delta-same");
    l.getStyleClass()
        .add(
            sign > 0
                ? "compare-delta-slower"
                : sign < 0 ? "compare-delta-faster" : "compare-delta-same");
  }

  private static void text(TableColumn<CompareRow, String> column, Function<CompareRow, String> f) {
    column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(f.apply(c.getValue())));
  }

  private static void self(TableColumn<CompareRow, CompareRow> column) {
    column.setCellValueFactory(c -> new ReadOnlyObjectWrapper<>(c.getValue()));
    column.setSortable(false);
  }

  /** The table, for tests. */
  TableView<CompareRow> table() {
    return table;
  }
}
