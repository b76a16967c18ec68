package io.slipway.app.build;

import io.slipway.core.build.BuildEvent.LogLine;
import io.slipway.core.timeline.TimelineLog;
import io.slipway.core.timeline.TimelineLogLine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntPredicate;
import java.util.function.IntSupplier;
import javafx.animation.AnimationTimer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.ListChangeListener;
import javafx.css.CssMetaData;
import javafx.css.SimpleStyleableObjectProperty;
import javafx.css.StyleConverter;
import javafx.css.Styleable;
import javafx.css.StyleableObjectProperty;
import javafx.css.StyleableProperty;
import javafx.geometry.Orientation;
import javafx.geometry.VPos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.ScrollBar;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;

/**
 * A log drawn on a {@link Canvas}: line numbers, monospace text with ANSI colours, whole-line
 * selection, search highlights and "follow". Only the visible lines are read from the {@link
 * TimelineLog} and painted, at most once a pulse, so a log of a million lines costs the same as one
 * of a hundred (a {@code ListView} of that size spends milliseconds per change estimating its
 * cells).
 *
 * <p>Mouse: click selects a line, Shift+click or drag extends; the wheel scrolls (up stops
 * following, reaching the end resumes it), Shift+wheel scrolls sideways. Keys: arrows, Page
 * Up/Down, Home/End move (Shift extends), Ctrl/Cmd+A selects all. Copying is left to the owner
 * ({@link #setOnCopy}), which gets the selected range.
 */
public class LogCanvas extends Region {

  static final double LINE_HEIGHT = 18;
  static final double SCROLLBAR = 12;
  static final double PAD = 8;
  static final int TAG_CHARS = 6;

  private final Canvas canvas = new Canvas();
  private final ScrollBar vbar = new ScrollBar();
  private final ScrollBar hbar = new ScrollBar();
  private final ObjectProperty<LogLines> lines = new SimpleObjectProperty<>(this, "lines");
  private final BooleanProperty follow = new SimpleBooleanProperty(this, "follow", true);
  private final ListChangeListener<LogLineItem> onGrow = c -> linesChanged();

  private IntPredicate isMatch = i -> false;
  private IntSupplier currentMatch = () -> -1;
  private Consumer<int[]> onCopy = range -> {};
  private Function<String, String> stepTag; // null: no step column

  private double scrollY;
  private double scrollX;
  private boolean syncing; // the bars are being set from the state: not a user's scroll
  private double widest;
  private int anchor = -1;
  private int caret = -1;
  private boolean dirty = true;
  private boolean timerOn;
  private long paintCount;
  private long paintNanos;

  private final Font font = Font.font("monospace", 12);
  private final Font boldFont = Font.font("monospace", FontWeight.BOLD, 12);
  private final double charWidth;

  private final AnimationTimer painter =
      new AnimationTimer() {
        @Override
        public void handle(long now) {
          if (dirty) {
            dirty = false;
            paint();
          } else {
            // Idle: no timer, so an idle window asks for no pulses at all.
            stop();
            timerOn = false;
          }
        }
      };

  public LogCanvas() {
    getStyleClass().add("log-canvas");
    var css = LogCanvas.class.getResource(io.slipway.app.timeline.TimelineCanvas.STYLESHEET);
    if (css != null) {
      getStylesheets().add(css.toExternalForm());
    }
    setFocusTraversable(true);
    Text probe = new Text("0123456789");
    probe.setFont(font);
    charWidth = probe.getLayoutBounds().getWidth() / 10;
    vbar.setOrientation(Orientation.VERTICAL);
    hbar.setOrientation(Orientation.HORIZONTAL);
    hbar.setVisible(false);
    vbar.valueProperty()
        .addListener(
            (o, was, now) -> {
              if (!syncing && Math.abs(now.doubleValue() - scrollY) > 0.5) {
                scrollY = now.doubleValue();
                if (scrollY < maxScrollY() - 1) {
                  follow.set(false);
                }
                invalidate();
              }
            });
    hbar.valueProperty()
        .addListener(
            (o, was, now) -> {
              if (!syncing) {
                scrollX = now.doubleValue();
                invalidate();
              }
            });
    getChildren().addAll(canvas, vbar, hbar);
    lines.addListener(
        (o, was, now) -> {
          if (was != null) {
            was.removeListener(onGrow);
          }
          if (now != null) {
            now.addListener(onGrow);
          }
          anchor = -1;
          caret = -1;
          scrollX = 0;
          widest = 0;
          scrollY = follow.get() ? maxScrollY() : 0;
          linesChanged();
        });
    follow.addListener(
        (o, was, now) -> {
          if (now) {
            scrollY = maxScrollY();
            syncBars();
            invalidate();
          }
        });
    addEventHandler(ScrollEvent.SCROLL, this::onScroll);
    addEventHandler(MouseEvent.MOUSE_PRESSED, this::onPressed);
    addEventHandler(MouseEvent.MOUSE_DRAGGED, this::onDragged);
    addEventHandler(KeyEvent.KEY_PRESSED, this::onKey);
    sceneProperty()
        .addListener(
            (o, was, now) -> {
              if (now == null) {
                painter.stop();
                timerOn = false;
              } else {
                invalidate();
              }
            });
    setMinHeight(LINE_HEIGHT * 3);
    setPrefHeight(LINE_HEIGHT * 20);
  }

  // =================================================================================== API

  /** The lines to show (they grow as a build prints). */
  public ObjectProperty<LogLines> linesProperty() {
    return lines;
  }

  /** Whether the newest line is kept in view. */
  public BooleanProperty followProperty() {
    return follow;
  }

  /** Which lines match the search, and which is the current match. */
  public void setMatches(IntPredicate isMatch, IntSupplier currentMatch) {
    this.isMatch = isMatch;
    this.currentMatch = currentMatch;
    invalidate();
  }

  /**
   * Shows each line's step ("#7") before its text, as the whole build's log needs when steps ran
   * side by side; {@code tagOf} maps a step id to its tag. Null hides the column.
   */
  public void setStepTags(Function<String, String> tagOf) {
    this.stepTag = tagOf;
    invalidate();
  }

  /** Called with {first, last} (inclusive) when the user copies (Ctrl/Cmd+C). */
  public void setOnCopy(Consumer<int[]> onCopy) {
    this.onCopy = onCopy;
  }

  /** The selected lines as {first, last} inclusive, or null for none. */
  public int[] selection() {
    if (caret < 0 || size() == 0) {
      return null;
    }
    int a = Math.min(anchor < 0 ? caret : anchor, size() - 1);
    int b = Math.min(caret, size() - 1);
    return new int[] {Math.min(a, b), Math.max(a, b)};
  }

  /** Selects one line and scrolls it into view (a little below the top). */
  public void select(int line) {
    if (line < 0 || line >= size()) {
      return;
    }
    anchor = line;
    caret = line;
    follow.set(false);
    double top = line * LINE_HEIGHT;
    if (top < scrollY || top + LINE_HEIGHT > scrollY + viewHeight()) {
      scrollY = clampY(top - 4 * LINE_HEIGHT);
    }
    syncBars();
    invalidate();
  }

  /** Stops following and shows the first line. */
  public void scrollToTop() {
    follow.set(false);
    scrollY = 0;
    syncBars();
    invalidate();
  }

  public void clearSelection() {
    anchor = -1;
    caret = -1;
    invalidate();
  }

  /** The indexes of the first and last visible line (for tests); {-1, -1} when empty. */
  public int[] visibleRange() {
    if (size() == 0) {
      return new int[] {-1, -1};
    }
    int first = (int) Math.floor(scrollY / LINE_HEIGHT);
    int last = Math.min(size() - 1, (int) Math.floor((scrollY + viewHeight() - 1) / LINE_HEIGHT));
    return new int[] {first, last};
  }

  public long paintCount() {
    return paintCount;
  }

  public long paintNanos() {
    return paintNanos;
  }

  public void invalidate() {
    dirty = true;
    if (!timerOn && getScene() != null) {
      timerOn = true;
      painter.start();
    }
  }

  private int size() {
    LogLines l = lines.get();
    return l == null ? 0 : l.size();
  }

  private TimelineLog log() {
    LogLines l = lines.get();
    return l == null ? null : l.log();
  }

  private void linesChanged() {
    if (follow.get()) {
      scrollY = maxScrollY();
    }
    syncBars();
    invalidate();
  }

  // =================================================================================== geometry

  private double viewHeight() {
    return Math.max(1, getHeight() - (hbar.isVisible() ? SCROLLBAR : 0));
  }

  private double viewWidth() {
    return Math.max(1, getWidth() - SCROLLBAR);
  }

  private double maxScrollY() {
    return Math.max(0, size() * LINE_HEIGHT - viewHeight());
  }

  private double clampY(double y) {
    return Math.max(0, Math.min(maxScrollY(), y));
  }

  private double gutter() {
    int digits = Math.max(4, Integer.toString(Math.max(1, size())).length());
    return PAD + digits * charWidth + 2 * PAD;
  }

  private int lineAt(double y) {
    int line = (int) Math.floor((y + scrollY) / LINE_HEIGHT);
    return Math.max(0, Math.min(size() - 1, line));
  }

  @Override
  protected void layoutChildren() {
    double w = getWidth();
    double h = getHeight();
    canvas.setWidth(viewWidth());
    canvas.setHeight(viewHeight());
    canvas.relocate(0, 0);
    vbar.resizeRelocate(w - SCROLLBAR, 0, SCROLLBAR, viewHeight());
    hbar.resizeRelocate(0, h - SCROLLBAR, w - SCROLLBAR, SCROLLBAR);
    if (follow.get()) {
      scrollY = maxScrollY();
    }
    scrollY = clampY(scrollY);
    syncBars();
    invalidate();
  }

  private void syncBars() {
    syncing = true;
    try {
      setBars();
    } finally {
      syncing = false;
    }
  }

  private void setBars() {
    double max = maxScrollY();
    vbar.setMax(max);
    vbar.setVisibleAmount(
        max <= 0 ? 1 : Math.max(max * viewHeight() / (size() * LINE_HEIGHT), max / 200));
    vbar.setUnitIncrement(LINE_HEIGHT * 3);
    vbar.setBlockIncrement(viewHeight() - LINE_HEIGHT);
    vbar.setValue(scrollY);
    vbar.setDisable(max <= 0);
    double hmax = Math.max(0, widest + gutter() + PAD - viewWidth());
    hbar.setMax(hmax);
    hbar.setVisibleAmount(hmax <= 0 ? 1 : hmax * viewWidth() / (widest + gutter()));
    hbar.setUnitIncrement(charWidth * 4);
    hbar.setDisable(hmax <= 0);
    if (hbar.isVisible() != hmax > 0) {
      hbar.setVisible(hmax > 0);
      requestLayout();
    }
    if (scrollX > hmax) {
      scrollX = hmax;
    }
    hbar.setValue(scrollX);
  }

  // =================================================================================== input

  private void onScroll(ScrollEvent e) {
    if (e.isShiftDown() || Math.abs(e.getDeltaX()) > Math.abs(e.getDeltaY())) {
      double dx = e.getDeltaX() != 0 ? e.getDeltaX() : e.getDeltaY();
      scrollX = Math.max(0, Math.min(hbar.getMax(), scrollX - dx));
    } else {
      scrollY = clampY(scrollY - e.getDeltaY());
      if (e.getDeltaY() > 0) {
        follow.set(false);
      } else if (scrollY >= maxScrollY() - 0.5) {
        follow.set(true);
      }
    }
    syncBars();
    invalidate();
    e.consume();
  }

  private void onPressed(MouseEvent e) {
    requestFocus();
    if (e.getButton() != MouseButton.PRIMARY || size() == 0 || e.getY() > viewHeight()) {
      return;
    }
    int line = lineAt(e.getY());
    if (e.isShiftDown() && anchor >= 0) {
      caret = line;
    } else {
      anchor = line;
      caret = line;
    }
    invalidate();
    e.consume();
  }

  private void onDragged(MouseEvent e) {
    if (anchor < 0 || size() == 0) {
      return;
    }
    if (e.getY() < 0) {
      scrollY = clampY(scrollY - LINE_HEIGHT);
      follow.set(false);
    } else if (e.getY() > viewHeight()) {
      scrollY = clampY(scrollY + LINE_HEIGHT);
    }
    caret = lineAt(Math.max(0, Math.min(viewHeight() - 1, e.getY())));
    syncBars();
    invalidate();
    e.consume();
  }

  private void onKey(KeyEvent e) {
    int n = size();
    if (n == 0) {
      return;
    }
    if (e.isShortcutDown() && e.getCode() == KeyCode.A) {
      anchor = 0;
      caret = n - 1;
      invalidate();
      e.consume();
      return;
    }
    if (e.isShortcutDown() && e.getCode() == KeyCode.C) {
      int[] range = selection();
      if (range != null) {
        onCopy.accept(range);
      }
      e.consume();
      return;
    }
    int page = Math.max(1, (int) (viewHeight() / LINE_HEIGHT) - 1);
    int from = caret < 0 ? (int) (scrollY / LINE_HEIGHT) : caret;
    int to;
    switch (e.getCode()) {
      case UP -> to = from - 1;
      case DOWN -> to = from + 1;
      case PAGE_UP -> to = from - page;
      case PAGE_DOWN -> to = from + page;
      case HOME -> to = 0;
      case END -> to = n - 1;
      default -> {
        return;
      }
    }
    to = Math.max(0, Math.min(n - 1, to));
    if (!e.isShiftDown() || anchor < 0) {
      anchor = to;
    }
    caret = to;
    double top = to * LINE_HEIGHT;
    if (top < scrollY) {
      scrollY = top;
    } else if (top + LINE_HEIGHT > scrollY + viewHeight()) {
      scrollY = clampY(top + LINE_HEIGHT - viewHeight());
    }
    follow.set(to == n - 1 && e.getCode() == KeyCode.END);
    syncBars();
    invalidate();
    e.consume();
  }

  // =================================================================================== painting

  private void paint() {
    long t0 = System.nanoTime();
    GraphicsContext g = canvas.getGraphicsContext2D();
    double w = canvas.getWidth();
    double h = canvas.getHeight();
    g.setFill(paint(Slot.BACKGROUND));
    g.fillRect(0, 0, w, h);
    TimelineLog log = log();
    int n = size();
    double gutter = gutter();
    g.setFill(paint(Slot.GUTTER));
    g.fillRect(0, 0, gutter - PAD, h);
    if (log == null || n == 0) {
      paintCount++;
      paintNanos += System.nanoTime() - t0;
      return;
    }
    int[] visible = visibleRange();
    int[] sel = selection();
    int current = currentMatch.getAsInt();
    g.setTextBaseline(VPos.CENTER);
    List<TimelineLogLine> shown = log.lines(visible[0], visible[1] + 1);
    double maxWidth = widest;
    for (int k = 0; k < shown.size(); k++) {
      int i = visible[0] + k;
      double y = i * LINE_HEIGHT - scrollY;
      double mid = y + LINE_HEIGHT / 2;
      boolean selected = sel != null && i >= sel[0] && i <= sel[1];
      Paint row =
          i == current
              ? paint(Slot.CURRENT_MATCH)
              : isMatch.test(i) ? paint(Slot.MATCH) : selected ? paint(Slot.SELECTION) : null;
      if (row != null) {
        g.setFill(row);
        g.fillRect(0, y, w, LINE_HEIGHT);
      }
      TimelineLogLine line = shown.get(k);
      // The text first, then the gutter over it (text scrolled sideways passes under it).
      double x = gutter - scrollX;
      if (stepTag != null) {
        String tag = line.stepId().map(stepTag).orElse("");
        g.setFont(font);
        g.setFill(paint(Slot.NUMBER));
        drawClipped(g, tag, x, mid, w);
        x += TAG_CHARS * charWidth;
      }
      Paint base =
          line.stream() == LogLine.Stream.STDERR
              ? paint(Slot.STDERR)
              : line.stream() == LogLine.Stream.BUILDER ? paint(Slot.BUILDER) : paint(Slot.TEXT);
      String text = line.text();
      if (!AnsiText.hasEscapes(text)) {
        g.setFont(font);
        g.setFill(base);
        drawClipped(g, text, x, mid, w);
        x += text.length() * charWidth;
      } else {
        for (AnsiText.Run r : AnsiText.parse(text)) {
          g.setFont(r.bold() ? boldFont : font);
          g.setFill(r.colour() < 0 ? base : paint(Slot.ANSI[r.colour()]));
          drawClipped(g, r.text(), x, mid, w);
          x += r.text().length() * charWidth;
        }
      }
      maxWidth = Math.max(maxWidth, x + scrollX - gutter);
      g.setFill(row != null ? row : paint(Slot.GUTTER));
      g.fillRect(0, y, gutter - PAD, LINE_HEIGHT);
      if (row != null) {
        g.setFill(paint(Slot.GUTTER));
        g.fillRect(0, y, 3, LINE_HEIGHT);
      }
      g.setFont(font);
      g.setFill(selected || i == current ? paint(Slot.TEXT) : paint(Slot.NUMBER));
      String number = Integer.toString(i + 1);
      g.fillText(number, gutter - 2 * PAD - number.length() * charWidth, mid);
    }
    if (maxWidth > widest) {
      widest = maxWidth;
      syncBars();
    }
    paintCount++;
    paintNanos += System.nanoTime() - t0;
  }

  /** Draws only the part of {@code s} that can be visible: long lines cost their visible width. */
  private void drawClipped(GraphicsContext g, String s, double x, double mid, double w) {
    if (x > w || x + s.length() * charWidth < 0) {
      return;
    }
    int from = x < 0 ? (int) Math.floor(-x / charWidth) : 0;
    int to = Math.min(s.length(), from + (int) Math.ceil(w / charWidth) + 2);
    g.fillText(
        from == 0 && to == s.length() ? s : s.substring(from, to), x + from * charWidth, mid);
  }

  // =================================================================================== CSS

  enum Slot {
    BACKGROUND("-log-background", Color.web("#f6f8fa")),
    GUTTER("-log-gutter", Color.web("#f6f8fa")),
    NUMBER("-log-number", Color.web("#8c959f")),
    TEXT("-log-text", Color.web("#24292f")),
    STDERR("-log-stderr", Color.web("#d1242f")),
    BUILDER("-log-builder", Color.web("#57606a")),
    SELECTION("-log-selection", Color.web("#ddf4ff")),
    MATCH("-log-match", Color.web("#fff8c5")),
    CURRENT_MATCH("-log-current-match", Color.web("#eac54f")),
    ANSI_0("-log-ansi-black", Color.web("#57606a")),
    ANSI_1("-log-ansi-red", Color.web("#d1242f")),
    ANSI_2("-log-ansi-green", Color.web("#1a7f37")),
    ANSI_3("-log-ansi-yellow", Color.web("#9a6700")),
    ANSI_4("-log-ansi-blue", Color.web("#0969da")),
    ANSI_5("-log-ansi-magenta", Color.web("#8250df")),
    ANSI_6("-log-ansi-cyan", Color.web("#1b7c83")),
    ANSI_7("-log-ansi-white", Color.web("#24292f"));

    static final Slot[] ANSI = {ANSI_0, ANSI_1, ANSI_2, ANSI_3, ANSI_4, ANSI_5, ANSI_6, ANSI_7};

    final String css;
    final Paint initial;
    final CssMetaData<LogCanvas, Paint> meta;

    Slot(String css, Paint initial) {
      this.css = css;
      this.initial = initial;
      Slot slot = this;
      this.meta =
          new CssMetaData<>(css, StyleConverter.getPaintConverter(), initial) {
            @Override
            public boolean isSettable(LogCanvas node) {
              return !node.paints[slot.ordinal()].isBound();
            }

            @Override
            public StyleableProperty<Paint> getStyleableProperty(LogCanvas node) {
              return node.paints[slot.ordinal()];
            }
          };
    }
  }

  private final StyleableObjectProperty<Paint>[] paints = createPaints();

  @SuppressWarnings("unchecked")
  private StyleableObjectProperty<Paint>[] createPaints() {
    Slot[] slots = Slot.values();
    StyleableObjectProperty<Paint>[] out = new StyleableObjectProperty[slots.length];
    for (Slot slot : slots) {
      StyleableObjectProperty<Paint> p =
          new SimpleStyleableObjectProperty<>(slot.meta, this, slot.css, slot.initial);
      p.addListener((o, was, now) -> invalidate());
      out[slot.ordinal()] = p;
    }
    return out;
  }

  private Paint paint(Slot slot) {
    Paint p = paints[slot.ordinal()].get();
    return p == null ? slot.initial : p;
  }

  private static final List<CssMetaData<? extends Styleable, ?>> CSS_META;

  static {
    List<CssMetaData<? extends Styleable, ?>> list = new ArrayList<>(Region.getClassCssMetaData());
    for (Slot s : Slot.values()) {
      list.add(s.meta);
    }
    CSS_META = Collections.unmodifiableList(list);
  }

  public static List<CssMetaData<? extends Styleable, ?>> getClassCssMetaData() {
    return CSS_META;
  }

  @Override
  public List<CssMetaData<? extends Styleable, ?>> getCssMetaData() {
    return CSS_META;
  }
}
