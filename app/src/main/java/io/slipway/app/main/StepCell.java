package io.slipway.app.main;

import java.util.Optional;
import javafx.animation.Animation;
import javafx.animation.Interpolator;
import javafx.animation.RotateTransition;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.css.PseudoClass;
import javafx.geometry.Pos;
import javafx.scene.control.ContentDisplay;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.OverrunStyle;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.util.Duration;
import org.kordamp.ikonli.feather.Feather;
import org.kordamp.ikonli.javafx.FontIcon;

/** One step's row: state icon, number, instruction, badges, duration; coloured by state. */
final class StepCell extends ListCell<StepRow> {
  private static final PseudoClass[] STATES = {
    PseudoClass.getPseudoClass("running"),
    PseudoClass.getPseudoClass("done"),
    PseudoClass.getPseudoClass("cached"),
    PseudoClass.getPseudoClass("failed"),
    PseudoClass.getPseudoClass("cancelled"),
  };

  private final FontIcon icon = new FontIcon(Feather.CIRCLE);
  private final Label number = new Label();
  private final Label instruction = new Label();
  private final Label detail = new Label();
  private final Label cachedBadge = new Label("CACHED");
  private final Label exitBadge = new Label();
  private final Label duration = new Label();
  private final HBox box;
  private final RotateTransition spin = new RotateTransition(Duration.seconds(1.2), icon);
  private final Tooltip tooltip = new Tooltip();
  private final InvalidationListener refresh = this::refresh;
  private StepRow shown;

  StepCell() {
    getStyleClass().add("step-cell");
    icon.getStyleClass().add("step-icon");
    number.getStyleClass().add("step-number");
    instruction.getStyleClass().add("step-instruction");
    instruction.setTextOverrun(OverrunStyle.CENTER_ELLIPSIS);
    instruction.setMinWidth(80);
    instruction.setMaxWidth(Double.MAX_VALUE);
    HBox.setHgrow(instruction, Priority.ALWAYS);
    detail.getStyleClass().add("step-detail");
    detail.setMinWidth(Label.USE_PREF_SIZE);
    cachedBadge.getStyleClass().addAll("badge", "cached-badge");
    cachedBadge.setMinWidth(Label.USE_PREF_SIZE);
    exitBadge.getStyleClass().addAll("badge", "exit-badge");
    exitBadge.setMinWidth(Label.USE_PREF_SIZE);
    duration.getStyleClass().add("step-duration");
    duration.setMinWidth(Label.USE_PREF_SIZE);
    StackPane iconBox = new StackPane(icon);
    iconBox.setMinWidth(20);
    box = new HBox(10, iconBox, number, instruction, detail, cachedBadge, exitBadge, duration);
    box.setAlignment(Pos.CENTER_LEFT);
    spin.setByAngle(360);
    spin.setCycleCount(Animation.INDEFINITE);
    spin.setInterpolator(Interpolator.LINEAR);
    setContentDisplay(ContentDisplay.GRAPHIC_ONLY);
  }

  @Override
  protected void updateItem(StepRow row, boolean empty) {
    super.updateItem(row, empty);
    if (shown != null) {
      shown.stateProperty().removeListener(refresh);
      shown.elapsedProperty().removeListener(refresh);
      shown.detailProperty().removeListener(refresh);
      shown.instructionProperty().removeListener(refresh);
      shown.exitCodeProperty().removeListener(refresh);
    }
    shown = empty ? null : row;
    if (shown == null) {
      spin.stop();
      setGraphic(null);
      setTooltip(null);
      for (PseudoClass pc : STATES) {
        pseudoClassStateChanged(pc, false);
      }
      return;
    }
    shown.stateProperty().addListener(refresh);
    shown.elapsedProperty().addListener(refresh);
    shown.detailProperty().addListener(refresh);
    shown.instructionProperty().addListener(refresh);
    shown.exitCodeProperty().addListener(refresh);
    setGraphic(box);
    refresh(null);
  }

  private void refresh(Observable ignored) {
    StepRow row = shown;
    if (row == null) {
      return;
    }
    StepState state = row.state();
    for (StepState s : StepState.values()) {
      pseudoClassStateChanged(STATES[s.ordinal()], s == state);
    }
    number.setText(row.label());
    instruction.setText(row.instruction());
    detail.setText(row.detailProperty().get());
    detail.setVisible(!detail.getText().isEmpty());
    detail.setManaged(detail.isVisible());
    duration.setText(DurationFormat.format(row.elapsed()));
    show(cachedBadge, state == StepState.CACHED);
    Optional<Integer> exit = row.exitCode();
    exitBadge.setText(exit.map(c -> "EXIT " + c).orElse("FAILED"));
    show(exitBadge, state == StepState.FAILED);
    icon.setIconCode(
        switch (state) {
          case RUNNING -> Feather.LOADER;
          case DONE -> Feather.CHECK_CIRCLE;
          case CACHED -> Feather.ZAP;
          case FAILED -> Feather.X_CIRCLE;
          case CANCELLED -> Feather.SLASH;
        });
    if (state == StepState.RUNNING) {
      if (spin.getStatus() != Animation.Status.RUNNING) {
        spin.play();
      }
    } else {
      spin.stop();
      icon.setRotate(0);
    }
    String tip = row.instruction();
    if (state == StepState.FAILED && !row.error().isEmpty()) {
      tip = tip + "\n\n" + row.error();
    }
    tooltip.setText(tip);
    setTooltip(tooltip);
  }

  private static void show(Label label, boolean visible) {
    label.setVisible(visible);
    label.setManaged(visible);
  }
}
