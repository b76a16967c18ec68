package io.slipway.app.build;

import io.slipway.core.build.BuildEvent.LogLine;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.IntSupplier;
import javafx.collections.ObservableList;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.ListCell;
import javafx.scene.layout.HBox;
import javafx.scene.text.Text;

/**
 * One log line: its number, then its text in monospace, ANSI colours as style classes ({@code
 * ansi-0} … {@code ansi-7}, {@code bold}); stderr and the builder's own lines tinted. A line
 * without escape codes reuses one {@link Text} node. Search matches are marked with pseudo-classes.
 */
final class BuildLogCell extends ListCell<LogLineItem> {
  private static final PseudoClass MATCH = PseudoClass.getPseudoClass("match");
  private static final PseudoClass CURRENT = PseudoClass.getPseudoClass("current-match");

  private final Text number = new Text();
  private final Text plain = new Text();
  private final HBox box = new HBox(number, plain);
  private final IntPredicate isMatch;
  private final IntSupplier currentMatch;
  private boolean styled;

  BuildLogCell(IntPredicate isMatch, IntSupplier currentMatch) {
    this.isMatch = isMatch;
    this.currentMatch = currentMatch;
    getStyleClass().add("bv-log-cell");
    number.getStyleClass().add("bv-line-number");
    plain.getStyleClass().add("bv-log-text");
    box.setFillHeight(false);
    box.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
    setText(null);
  }

  @Override
  protected void updateItem(LogLineItem item, boolean empty) {
    super.updateItem(item, empty);
    if (empty || item == null) {
      setGraphic(null);
      pseudoClassStateChanged(MATCH, false);
      pseudoClassStateChanged(CURRENT, false);
      return;
    }
    number.setText(lineNumber(item.index() + 1));
    String text = item.text();
    ObservableList<Node> children = box.getChildren();
    String tint = tint(item.stream());
    if (!AnsiText.hasEscapes(text)) {
      if (styled) {
        children.setAll(number, plain);
        styled = false;
      }
      plain.setText(text);
      setTint(plain, tint);
    } else {
      List<AnsiText.Run> runs = AnsiText.parse(text);
      Node[] nodes = new Node[runs.size() + 1];
      nodes[0] = number;
      for (int i = 0; i < runs.size(); i++) {
        AnsiText.Run r = runs.get(i);
        Text t = new Text(r.text());
        t.getStyleClass().add("bv-log-text");
        if (r.colour() >= 0) {
          t.getStyleClass().add("ansi-" + r.colour());
        } else if (tint != null) {
          t.getStyleClass().add(tint);
        }
        if (r.bold()) {
          t.getStyleClass().add("bold");
        }
        nodes[i + 1] = t;
      }
      children.setAll(nodes);
      styled = true;
    }
    setGraphic(box);
    boolean match = isMatch.test(item.index());
    pseudoClassStateChanged(MATCH, match);
    pseudoClassStateChanged(CURRENT, match && currentMatch.getAsInt() == item.index());
  }

  private static String tint(LogLine.Stream stream) {
    return switch (stream) {
      case STDERR -> "stderr";
      case BUILDER -> "builder";
      case STDOUT -> null;
    };
  }

  private static void setTint(Text t, String tint) {
    t.getStyleClass().removeAll("stderr", "builder");
    if (tint != null) {
      t.getStyleClass().add(tint);
    }
  }

  /** Right-aligned in seven columns, then two spaces. */
  static String lineNumber(int n) {
    String s = Integer.toString(n);
    return s.length() >= 7 ? s + "  " : "       ".substring(s.length()) + s + "  ";
  }
}
