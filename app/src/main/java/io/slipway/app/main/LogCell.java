package io.slipway.app.main;

import javafx.css.PseudoClass;
import javafx.scene.control.ListCell;
import javafx.scene.control.OverrunStyle;

/** One log line, monospace, coloured by where it came from. */
final class LogCell extends ListCell<LogEntry> {
  private static final PseudoClass STDERR = PseudoClass.getPseudoClass("stderr");
  private static final PseudoClass BUILDER = PseudoClass.getPseudoClass("builder");
  private static final PseudoClass WARNING = PseudoClass.getPseudoClass("warning");
  private static final PseudoClass HEADER = PseudoClass.getPseudoClass("header");

  LogCell() {
    getStyleClass().add("log-cell");
    setTextOverrun(OverrunStyle.CLIP);
  }

  @Override
  protected void updateItem(LogEntry entry, boolean empty) {
    super.updateItem(entry, empty);
    LogEntry.Kind kind = empty || entry == null ? null : entry.kind();
    setText(kind == null ? null : entry.text());
    pseudoClassStateChanged(STDERR, kind == LogEntry.Kind.STDERR);
    pseudoClassStateChanged(BUILDER, kind == LogEntry.Kind.BUILDER);
    pseudoClassStateChanged(WARNING, kind == LogEntry.Kind.WARNING);
    pseudoClassStateChanged(HEADER, kind == LogEntry.Kind.STEP_HEADER);
  }
}
