package io.slipway.app.timeline;

import io.slipway.app.main.DurationFormat;
import io.slipway.core.timeline.RowState;
import io.slipway.core.timeline.TimelineRow;
import io.slipway.core.timeline.TimelineSnapshot;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javafx.animation.AnimationTimer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
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
import javafx.scene.text.TextAlignment;

/**
 * The build timeline, drawn on a {@link Canvas}: one row per step (classic) or vertex (BuildKit),
 * ordered by start; a label column (step number, instruction, CACHED / ERROR badges) and a bar per
 * row from start to end on a time axis. Running bars carry a moving stripe and a "now" line marks
 * the present; hovering a bar shows its times and, for BuildKit, curves to its parents.
 *
 * <p>Only the visible rows are painted, at most once per pulse, so a thousand rows stay smooth.
 * Ctrl/Cmd+scroll zooms around the pointer, dragging pans, scrolling moves through the rows, a
 * double-click fits the whole build. Keys: Up/Down/Home/End/Page Up/Page Down select, +/- zoom, 0
 * fits, Left/Right pan.
 *
 * <p>Colours come from CSS ({@code timeline.css}, AtlantaFX's looked-up colours), as styleable
 * properties such as {@code -tl-running}.
 */
public class TimelineCanvas extends Region {

  public static final String STYLESHEET = "/io/slipway/app/ui/timeline.css";

  static final double AXIS_HEIGHT = 26;
  static final double ROW_HEIGHT = 24;
  static final double SCROLLBAR = 12;

  private final Canvas canvas = new Canvas();
  private final ScrollBar scrollBar = new ScrollBar();
  private final TimelineViewport viewport = new TimelineViewport();

  private final ObjectProperty<TimelineSnapshot> snapshot =
      new SimpleObjectProperty<>(this, "snapshot");
  private final ObjectProperty<String> selectedRowId =
      new SimpleObjectProperty<>(this, "selectedRowId");
  private final BooleanProperty showInternal =
      new SimpleBooleanProperty(this, "showInternal", true);
  private final ObjectProperty<Clock> clock =
      new SimpleObjectProperty<>(this, "clock", Clock.systemUTC());
  private final ObjectProperty<Double> labelWidth =
      new SimpleObjectProperty<>(this, "labelWidth", 380.0);

  // ---- derived on each snapshot
  private List<TimelineRow> rows = List.of();
  private final Map<String, Integer> rowIndex = new HashMap<>();
  private long originMs;

  // ---- interaction state
  private boolean autoFit = true;
  private boolean syncing; // the scroll bar is being set from the state
  private int hoverRow = -1;
  private double hoverX = -1;
  private double hoverY = -1;
  private double dragX;
  private double dragY;
  private boolean dragged;
  private boolean dirty = true;
  private long paintCount;
  private long paintNanos;

  private final Font labelFont = Font.font("System", 12.5);
  private final Font monoFont = Font.font("monospace", 11.5);
  private final Font badgeFont = Font.font("System", FontWeight.BOLD, 9.5);
  private final double monoCharWidth;
  private final double labelCharWidth;

  private final AnimationTimer painter =
      new AnimationTimer() {
        @Override
        public void handle(long now) {
          TimelineSnapshot s = snapshot.get();
          boolean running = s != null && !s.finished() && s.start().isPresent();
          if (dirty || running) {
            dirty = false;
            paint();
          } else {
            // Idle: no timer, so an idle window asks for no pulses at all.
            stop();
            timerOn = false;
          }
        }
      };
  private boolean timerOn;

  public TimelineCanvas() {
    getStyleClass().add("timeline-canvas");
    var css = TimelineCanvas.class.getResource(STYLESHEET);
    if (css != null) {
      getStylesheets().add(css.toExternalForm());
    }
    setFocusTraversable(true);
    monoCharWidth = textWidth("0000000000", monoFont) / 10;
    labelCharWidth = textWidth("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUV", labelFont) / 48;

    scrollBar.setOrientation(Orientation.VERTICAL);
    scrollBar.setMin(0);
    scrollBar
        .valueProperty()
        .addListener(
            (o, was, now) -> {
              if (!syncing && Math.abs(now.doubleValue() - viewport.scrollY()) > 0.5) {
                viewport.setScrollY(now.doubleValue());
                invalidate();
              }
            });
    getChildren().addAll(canvas, scrollBar);

    snapshot.addListener((o, was, now) -> onSnapshot(was, now));
    selectedRowId.addListener(
        (o, was, now) -> {
          Integer i = now == null ? null : rowIndex.get(now);
          if (i != null) {
            viewport.reveal(i);
            syncScrollBar();
          }
          invalidate();
        });
    showInternal.addListener((o, was, now) -> onSnapshot(snapshot.get(), snapshot.get()));
    labelWidth.addListener((o, was, now) -> requestLayout());

    addEventHandler(ScrollEvent.SCROLL, this::onScroll);
    addEventHandler(MouseEvent.MOUSE_PRESSED, this::onPressed);
    addEventHandler(MouseEvent.MOUSE_DRAGGED, this::onDragged);
    addEventHandler(MouseEvent.MOUSE_RELEASED, this::onReleased);
    addEventHandler(MouseEvent.MOUSE_MOVED, this::onMoved);
    addEventHandler(
        MouseEvent.MOUSE_EXITED,
        e -> {
          hoverRow = -1;
          invalidate();
        });
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
    setMinHeight(AXIS_HEIGHT + ROW_HEIGHT * 2);
    setPrefHeight(AXIS_HEIGHT + ROW_HEIGHT * 12);
  }

  private static double textWidth(String s, Font font) {
    Text t = new Text(s);
    t.setFont(font);
    return t.getLayoutBounds().getWidth();
  }

  // =================================================================================== properties

  /** The build to show; a newer snapshot of the same build keeps the zoom and scroll. */
  public ObjectProperty<TimelineSnapshot> snapshotProperty() {
    return snapshot;
  }

  /** The selected row's id; null for none. */
  public ObjectProperty<String> selectedRowIdProperty() {
    return selectedRowId;
  }

  /** Whether BuildKit's "[internal] …" vertices are shown. */
  public BooleanProperty showInternalProperty() {
    return showInternal;
  }

  /** The clock of the "now" line while a build runs. */
  public ObjectProperty<Clock> clockProperty() {
    return clock;
  }

  public ObjectProperty<Double> labelWidthProperty() {
    return labelWidth;
  }

  /** The rows as shown, top to bottom. */
  public List<TimelineRow> rows() {
    return rows;
  }

  /** The geometry, for tests and the benchmark. */
  public TimelineViewport viewport() {
    return viewport;
  }

  /** How many frames were painted, and how long they took in all (nanoseconds). */
  public long paintCount() {
    return paintCount;
  }

  public long paintNanos() {
    return paintNanos;
  }

  /** Fits the whole build into view and follows it while it runs (as a double-click does). */
  public void fit() {
    autoFit = true;
    viewport.fit(spanMs());
    invalidate();
  }

  /** Zooms by {@code factor} around the bar area's x {@code x} (as Ctrl+scroll does). */
  public void zoomAt(double x, double factor) {
    autoFit = false;
    viewport.zoomAt(x, factor);
    invalidate();
  }

  /** Pans by pixels (as a drag does). */
  public void panBy(double dx, double dy) {
    if (dx != 0) {
      autoFit = false;
      viewport.panBy(dx);
    }
    if (dy != 0) {
      viewport.scrollBy(-dy);
      syncScrollBar();
    }
    invalidate();
  }

  /** Paints at the next pulse. */
  public void invalidate() {
    dirty = true;
    if (!timerOn && getScene() != null) {
      timerOn = true;
      painter.start();
    }
  }

  // =================================================================================== data

  private void onSnapshot(TimelineSnapshot was, TimelineSnapshot now) {
    boolean sameBuild =
        was != null && now != null && was.start().equals(now.start()) && was != now || was == now;
    List<TimelineRow> shown;
    if (now == null) {
      shown = List.of();
    } else if (showInternal.get()) {
      shown = now.rows();
    } else {
      shown = now.rows().stream().filter(r -> !r.internal()).toList();
    }
    rows = shown;
    rowIndex.clear();
    for (int i = 0; i < shown.size(); i++) {
      rowIndex.put(shown.get(i).id(), i);
    }
    originMs = now == null ? 0 : now.start().map(Instant::toEpochMilli).orElse(0L);
    viewport.setRows(shown.size());
    if (!sameBuild) {
      autoFit = true;
      hoverRow = -1;
      viewport.setScrollY(0);
    }
    if (autoFit) {
      viewport.fit(spanMs());
    }
    syncScrollBar();
    invalidate();
  }

  /** From the build's start to its end, or to now while it runs. */
  private double spanMs() {
    TimelineSnapshot s = snapshot.get();
    if (s == null || s.start().isEmpty()) {
      return 1000;
    }
    if (s.finished()) {
      return s.wallTime().toMillis();
    }
    return Math.max(s.wallTime().toMillis(), clock.get().millis() - originMs);
  }

  private double ms(Instant t) {
    return t.toEpochMilli() - originMs;
  }

  // =================================================================================== layout

  @Override
  protected void layoutChildren() {
    double w = getWidth();
    double h = getHeight();
    double canvasW = Math.max(1, w - SCROLLBAR);
    canvas.setWidth(canvasW);
    canvas.setHeight(Math.max(1, h));
    canvas.relocate(0, 0);
    scrollBar.resizeRelocate(canvasW, AXIS_HEIGHT, SCROLLBAR, Math.max(0, h - AXIS_HEIGHT));
    double barsW = Math.max(40, canvasW - labelWidth());
    viewport.setSize(barsW, Math.max(1, h - AXIS_HEIGHT));
    viewport.setRowHeight(ROW_HEIGHT);
    if (autoFit) {
      viewport.fit(spanMs());
    }
    syncScrollBar();
    invalidate();
  }

  private double labelWidth() {
    double w = canvas.getWidth();
    return Math.min(labelWidth.get(), Math.max(160, w * 0.45));
  }

  private void syncScrollBar() {
    syncing = true;
    try {
      setScrollBar();
    } finally {
      syncing = false;
    }
  }

  private void setScrollBar() {
    scrollBar.setMax(viewport.maxScrollY());
    scrollBar.setVisibleAmount(
        viewport.maxScrollY() <= 0
            ? 1
            : viewport.maxScrollY() * viewport.height() / (viewport.rows() * ROW_HEIGHT));
    scrollBar.setUnitIncrement(ROW_HEIGHT);
    scrollBar.setBlockIncrement(viewport.height() - ROW_HEIGHT);
    scrollBar.setValue(viewport.scrollY());
    scrollBar.setDisable(viewport.maxScrollY() <= 0);
    scrollBar.setVisible(viewport.maxScrollY() > 0);
  }

  // =================================================================================== input

  private void onScroll(ScrollEvent e) {
    double barsX = e.getX() - labelWidth();
    if (e.isShortcutDown() || e.isControlDown()) {
      if (e.getDeltaY() != 0) {
        zoomAt(Math.max(0, barsX), Math.pow(1.0015, e.getDeltaY()));
      }
    } else if (e.isShiftDown() || Math.abs(e.getDeltaX()) > Math.abs(e.getDeltaY())) {
      double dx = e.getDeltaX() != 0 ? e.getDeltaX() : e.getDeltaY();
      panBy(dx, 0);
    } else {
      panBy(0, e.getDeltaY());
    }
    e.consume();
  }

  private void onPressed(MouseEvent e) {
    requestFocus();
    dragX = e.getX();
    dragY = e.getY();
    dragged = false;
    if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2) {
      fit();
      e.consume();
    }
  }

  private void onDragged(MouseEvent e) {
    double dx = e.getX() - dragX;
    double dy = e.getY() - dragY;
    if (!dragged && Math.hypot(dx, dy) < 4) {
      return;
    }
    dragged = true;
    setCursor(javafx.scene.Cursor.CLOSED_HAND);
    panBy(e.getX() > labelWidth() || dx != 0 ? dx : 0, dy);
    dragX = e.getX();
    dragY = e.getY();
    e.consume();
  }

  private void onReleased(MouseEvent e) {
    setCursor(null);
    if (!dragged && e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 1) {
      int row = viewport.rowAt(e.getY() - AXIS_HEIGHT);
      if (row >= 0) {
        selectedRowId.set(rows.get(row).id());
      }
    }
    dragged = false;
  }

  private void onMoved(MouseEvent e) {
    int row = e.getY() < AXIS_HEIGHT ? -1 : viewport.rowAt(e.getY() - AXIS_HEIGHT);
    if (row != hoverRow || row >= 0) {
      hoverRow = row;
      hoverX = e.getX();
      hoverY = e.getY();
      invalidate();
    }
  }

  private void onKey(KeyEvent e) {
    int selected = selectedIndex();
    int target = -2;
    switch (e.getCode()) {
      case UP, KP_UP -> target = selected < 0 ? rows.size() - 1 : Math.max(0, selected - 1);
      case DOWN, KP_DOWN -> target = selected < 0 ? 0 : Math.min(rows.size() - 1, selected + 1);
      case HOME -> target = 0;
      case END -> target = rows.size() - 1;
      case PAGE_UP -> target = Math.max(0, selected - viewport.pageRows());
      case PAGE_DOWN ->
          target = Math.min(rows.size() - 1, Math.max(0, selected) + viewport.pageRows());
      case PLUS, ADD, EQUALS -> zoomAt(viewport.width() / 2, 1.25);
      case MINUS, SUBTRACT -> zoomAt(viewport.width() / 2, 0.8);
      case DIGIT0, NUMPAD0 -> fit();
      case LEFT, KP_LEFT -> panBy(viewport.width() / 8, 0);
      case RIGHT, KP_RIGHT -> panBy(-viewport.width() / 8, 0);
      default -> {
        return;
      }
    }
    if (target >= 0 && target < rows.size()) {
      selectedRowId.set(rows.get(target).id());
    }
    e.consume();
  }

  private int selectedIndex() {
    String id = selectedRowId.get();
    Integer i = id == null ? null : rowIndex.get(id);
    return i == null ? -1 : i;
  }

  // =================================================================================== painting

  private void paint() {
    long t0 = System.nanoTime();
    GraphicsContext g = canvas.getGraphicsContext2D();
    double w = canvas.getWidth();
    double h = canvas.getHeight();
    double lw = labelWidth();
    TimelineSnapshot s = snapshot.get();
    boolean running = s != null && !s.finished();
    double nowMs = running ? clock.get().millis() - originMs : spanMs();
    if (running && autoFit) {
      viewport.fit(spanMs());
    }

    g.setFill(paint(Slot.BACKGROUND));
    g.fillRect(0, 0, w, h);
    g.setTextBaseline(VPos.CENTER);

    int first = viewport.firstVisibleRow();
    int last = viewport.lastVisibleRow();
    int selected = selectedIndex();

    // Row backgrounds: selection, hover, alternate shading.
    for (int i = first; i <= last; i++) {
      double y = AXIS_HEIGHT + viewport.rowY(i);
      Paint fill =
          i == selected
              ? paint(Slot.ROW_SELECTED)
              : i == hoverRow ? paint(Slot.ROW_HOVER) : i % 2 == 1 ? paint(Slot.ROW_ALT) : null;
      if (fill != null) {
        g.setFill(fill);
        g.fillRect(0, y, w, ROW_HEIGHT);
      }
    }

    // Grid lines of the axis, in the bar area.
    double step = viewport.tickStepMs(90);
    double firstTick = Math.ceil(viewport.ms(0) / step) * step;
    g.setStroke(paint(Slot.GRID));
    g.setLineWidth(1);
    for (double t = firstTick; viewport.x(t) <= viewport.width(); t += step) {
      double x = Math.round(lw + viewport.x(t)) + 0.5;
      g.strokeLine(x, AXIS_HEIGHT, x, h);
    }

    // Bars.
    List<int[]> edges = new ArrayList<>();
    for (int i = first; i <= last; i++) {
      paintBar(g, rows.get(i), i, lw, nowMs, running);
    }
    if (hoverRow >= 0 && hoverRow < rows.size()) {
      paintParentEdges(g, rows.get(hoverRow), hoverRow, lw, nowMs);
    }

    // The "now" line of a running build.
    if (running && s.start().isPresent()) {
      double x = lw + viewport.x(nowMs);
      if (x >= lw && x <= w) {
        g.setStroke(paint(Slot.NOW));
        g.setLineWidth(1.5);
        g.strokeLine(x, AXIS_HEIGHT, x, h);
      }
    }

    // Label column over the bars (bars scrolled left pass under it).
    g.setFill(paint(Slot.LABEL_BACKGROUND));
    g.fillRect(0, AXIS_HEIGHT, lw, h - AXIS_HEIGHT);
    for (int i = first; i <= last; i++) {
      double y = AXIS_HEIGHT + viewport.rowY(i);
      Paint fill =
          i == selected
              ? paint(Slot.ROW_SELECTED)
              : i == hoverRow ? paint(Slot.ROW_HOVER) : i % 2 == 1 ? paint(Slot.ROW_ALT) : null;
      if (fill != null) {
        g.setFill(fill);
        g.fillRect(0, y, lw, ROW_HEIGHT);
      }
      paintLabel(g, rows.get(i), y, lw, i == selected);
    }
    g.setStroke(paint(Slot.GRID));
    g.setLineWidth(1);
    g.strokeLine(lw + 0.5, 0, lw + 0.5, h);

    // The axis on top.
    g.setFill(paint(Slot.AXIS_BACKGROUND));
    g.fillRect(0, 0, w, AXIS_HEIGHT);
    g.setStroke(paint(Slot.GRID));
    g.strokeLine(0, AXIS_HEIGHT - 0.5, w, AXIS_HEIGHT - 0.5);
    g.setFont(monoFont);
    g.setFill(paint(Slot.TEXT_MUTED));
    g.setTextAlign(TextAlignment.LEFT);
    for (double t = firstTick; viewport.x(t) <= viewport.width(); t += step) {
      double x = Math.round(lw + viewport.x(t)) + 0.5;
      g.setStroke(paint(Slot.GRID));
      g.strokeLine(x, AXIS_HEIGHT - 6, x, AXIS_HEIGHT);
      g.fillText(TimelineViewport.tickLabel(t, step), x + 4, AXIS_HEIGHT / 2);
    }
    g.setFill(paint(Slot.AXIS_BACKGROUND));
    g.fillRect(0, 0, lw, AXIS_HEIGHT - 1);
    g.setFill(paint(Slot.TEXT_MUTED));
    g.setFont(labelFont);
    String head =
        rows.isEmpty()
            ? "No steps yet"
            : rows.size() + (rows.size() == 1 ? " step" : " steps") + headClock(s, nowMs);
    g.fillText(head, 12, AXIS_HEIGHT / 2);

    if (hoverRow >= 0 && hoverRow < rows.size()) {
      paintHoverCard(g, rows.get(hoverRow), w, h, nowMs);
    }
    if (rows.isEmpty()) {
      g.setFill(paint(Slot.TEXT_MUTED));
      g.setTextAlign(TextAlignment.CENTER);
      g.fillText(
          s == null ? "No build yet" : "Waiting for the first step…",
          w / 2,
          AXIS_HEIGHT + (h - AXIS_HEIGHT) / 2);
      g.setTextAlign(TextAlignment.LEFT);
    }
    paintCount++;
    paintNanos += System.nanoTime() - t0;
  }

  private String headClock(TimelineSnapshot s, double nowMs) {
    if (s == null || s.start().isEmpty()) {
      return "";
    }
    Duration d = s.finished() ? s.wallTime() : Duration.ofMillis((long) Math.max(0, nowMs));
    return " · " + DurationFormat.format(d) + (s.finished() ? "" : " running");
  }

  private void paintLabel(GraphicsContext g, TimelineRow r, double y, double lw, boolean selected) {
    double mid = y + ROW_HEIGHT / 2;
    double x = 10;
    g.setFont(monoFont);
    g.setFill(paint(Slot.TEXT_MUTED));
    String number = r.index() >= 0 ? "#" + r.index() : "";
    g.fillText(number, x, mid);
    x += monoCharWidth * 4 + 6;

    // Badges at the right of the column; the name gets what is left.
    double right = lw - 8;
    if (r.state() == RowState.FAILED) {
      right = badge(g, "ERROR", right, mid, Slot.BADGE_ERROR_BG, Slot.BADGE_ERROR_FG);
    } else if (r.state() == RowState.CACHED) {
      right = badge(g, "CACHED", right, mid, Slot.BADGE_CACHED_BG, Slot.BADGE_CACHED_FG);
    } else if (r.state() == RowState.CANCELLED) {
      right = badge(g, "CANCELLED", right, mid, Slot.BADGE_CANCELLED_BG, Slot.BADGE_CANCELLED_FG);
    }
    g.setFont(labelFont);
    g.setFill(
        r.state() == RowState.CACHED || r.internal() ? paint(Slot.TEXT_MUTED) : paint(Slot.TEXT));
    double room = right - x - 6;
    g.fillText(ellipsize(r.name(), room, labelCharWidth), x, mid);
  }

  private double badge(GraphicsContext g, String text, double right, double mid, Slot bg, Slot fg) {
    double tw = text.length() * 6.2 + 10;
    double left = right - tw;
    g.setFill(paint(bg));
    g.fillRoundRect(left, mid - 8, tw, 16, 9, 9);
    g.setFill(paint(fg));
    g.setFont(badgeFont);
    g.setTextAlign(TextAlignment.CENTER);
    g.fillText(text, left + tw / 2, mid);
    g.setTextAlign(TextAlignment.LEFT);
    return left;
  }

  static String ellipsize(String s, double room, double charWidth) {
    int fits = (int) Math.floor(room / charWidth);
    if (fits <= 1) {
      return fits == 1 ? "…" : "";
    }
    if (s.length() <= fits) {
      return s;
    }
    return s.substring(0, fits - 1) + "…";
  }

  private void paintBar(
      GraphicsContext g, TimelineRow r, int i, double lw, double nowMs, boolean running) {
    double y = AXIS_HEIGHT + viewport.rowY(i);
    double startMs = ms(r.start());
    double endMs = r.end().map(this::ms).orElse(Math.max(startMs, nowMs));
    double x0 = lw + viewport.x(startMs);
    double x1 = lw + viewport.x(endMs);
    double right = canvas.getWidth();
    if (x1 < lw - 2 || x0 > right) {
      return; // out of view sideways
    }
    double barTop = y + 5;
    double barH = ROW_HEIGHT - 10;
    double width = Math.max(2, x1 - x0);
    switch (r.state()) {
      case CACHED -> {
        // A thin neutral tick.
        g.setFill(paint(Slot.CACHED));
        g.fillRect(x0, y + 7, Math.max(3, x1 - x0), ROW_HEIGHT - 14);
      }
      case RUNNING -> {
        g.setFill(paint(Slot.RUNNING));
        g.fillRect(x0, barTop, width, barH);
        paintStripes(g, x0, barTop, width, barH);
      }
      case DONE -> {
        g.setFill(paint(Slot.DONE));
        g.fillRect(x0, barTop, width, barH);
        g.setFill(paint(Slot.DONE_EDGE));
        g.fillRect(x0, barTop, Math.min(2, width), barH);
      }
      case FAILED -> {
        g.setFill(paint(Slot.FAILED));
        g.fillRect(x0, barTop, width, barH);
      }
      case CANCELLED -> {
        g.setFill(paint(Slot.CANCELLED));
        g.fillRect(x0, barTop, width, barH);
      }
    }
    // The duration after the bar.
    String d =
        r.duration()
            .map(DurationFormat::format)
            .orElseGet(
                () ->
                    DurationFormat.format(Duration.ofMillis((long) Math.max(0, endMs - startMs))));
    double tx = Math.max(lw + 4, x0 + width + 6);
    if (tx < right - 20) {
      g.setFont(monoFont);
      g.setFill(r.state() == RowState.FAILED ? paint(Slot.FAILED_TEXT) : paint(Slot.TEXT_MUTED));
      g.fillText(d, tx, y + ROW_HEIGHT / 2);
    }
  }

  /**
   * The running bar's motion: a lighter band sweeping along it. Two rectangles a frame (cheap even
   * for the software renderer, unlike diagonal stripes under a clip).
   */
  private void paintStripes(GraphicsContext g, double x, double y, double w, double h) {
    double band = Math.min(48, Math.max(8, w / 3));
    double period = w + band;
    double phase = (System.nanoTime() / 1_000_000L) % 1400 / 1400.0;
    double bx = x - band + phase * period;
    double from = Math.max(x, bx);
    double to = Math.min(x + w, bx + band);
    if (to > from) {
      g.setFill(paint(Slot.STRIPE));
      g.fillRect(from, y + 1, to - from, h - 2);
    }
  }

  private void paintParentEdges(GraphicsContext g, TimelineRow r, int i, double lw, double nowMs) {
    if (r.parents().isEmpty()) {
      return;
    }
    double y = AXIS_HEIGHT + viewport.rowY(i) + ROW_HEIGHT / 2;
    double x = lw + viewport.x(ms(r.start()));
    g.setStroke(paint(Slot.EDGE));
    g.setLineWidth(1.3);
    for (String parentId : r.parents()) {
      Integer p = rowIndex.get(parentId);
      if (p == null) {
        continue;
      }
      TimelineRow parent = rows.get(p);
      double py = AXIS_HEIGHT + viewport.rowY(p) + ROW_HEIGHT / 2;
      double px = lw + viewport.x(parent.end().map(this::ms).orElse(nowMs));
      double bend = Math.max(24, Math.abs(x - px) / 2);
      g.beginPath();
      g.moveTo(px, py);
      g.bezierCurveTo(px + bend, py, x - bend, y, x, y);
      g.stroke();
      g.setFill(paint(Slot.EDGE));
      g.fillOval(px - 2.5, py - 2.5, 5, 5);
    }
  }

  private void paintHoverCard(GraphicsContext g, TimelineRow r, double w, double h, double nowMs) {
    List<String> lines = new ArrayList<>();
    lines.add(r.name());
    double start = ms(r.start());
    String state =
        switch (r.state()) {
          case RUNNING -> "running";
          case DONE -> "done";
          case CACHED -> "cached";
          case FAILED -> "failed";
          case CANCELLED -> "cancelled";
        };
    String end = r.end().map(e -> "+" + fmt(ms(e))).orElse("now");
    double dur = r.end().map(e -> ms(e) - start).orElse(nowMs - start);
    lines.add(
        "start +"
            + fmt(start)
            + " · end "
            + end
            + " · "
            + DurationFormat.format(Duration.ofMillis((long) Math.max(0, dur)))
            + " · "
            + state);
    r.error().ifPresent(e -> lines.add("error: " + e));
    if (!r.parents().isEmpty()) {
      List<String> names = new ArrayList<>();
      for (String p : r.parents()) {
        Integer pi = rowIndex.get(p);
        names.add(pi == null ? shortId(p) : numberOf(rows.get(pi)));
      }
      lines.add("after " + String.join(", ", names));
    }
    double cw = labelCharWidth;
    double cardW = 24;
    for (String l : lines) {
      cardW = Math.max(cardW, Math.min(560, l.length() * cw + 24));
    }
    double cardH = lines.size() * 17 + 12;
    double x = hoverX + 16;
    double y = hoverY + 14;
    if (x + cardW > w - 4) {
      x = Math.max(4, hoverX - cardW - 12);
    }
    if (y + cardH > h - 4) {
      y = Math.max(AXIS_HEIGHT, hoverY - cardH - 8);
    }
    g.setFill(paint(Slot.CARD_BACKGROUND));
    g.fillRoundRect(x, y, cardW, cardH, 8, 8);
    g.setStroke(paint(Slot.CARD_BORDER));
    g.setLineWidth(1);
    g.strokeRoundRect(x + 0.5, y + 0.5, cardW - 1, cardH - 1, 8, 8);
    g.setFont(labelFont);
    for (int i = 0; i < lines.size(); i++) {
      g.setFill(i == 0 ? paint(Slot.TEXT) : paint(Slot.TEXT_MUTED));
      g.fillText(ellipsize(lines.get(i), cardW - 20, cw), x + 10, y + 14 + i * 17);
    }
  }

  private static String numberOf(TimelineRow r) {
    return r.index() >= 0 ? "#" + r.index() : ellipsize(r.name(), 120, 6.5);
  }

  private static String shortId(String id) {
    return id.startsWith("sha256:") && id.length() > 19 ? id.substring(7, 19) : id;
  }

  private static String fmt(double ms) {
    return DurationFormat.format(Duration.ofMillis((long) Math.max(0, ms)));
  }

  // =================================================================================== CSS

  /** The colours the canvas paints with, each a styleable property set from CSS. */
  enum Slot {
    BACKGROUND("-tl-background", Color.WHITE),
    LABEL_BACKGROUND("-tl-label-background", Color.WHITE),
    AXIS_BACKGROUND("-tl-axis-background", Color.web("#f6f8fa")),
    ROW_ALT("-tl-row-alt", Color.web("#f6f8fa")),
    ROW_HOVER("-tl-row-hover", Color.web("#eaeef2")),
    ROW_SELECTED("-tl-row-selected", Color.web("#ddf4ff")),
    GRID("-tl-grid", Color.web("#d0d7de")),
    TEXT("-tl-text", Color.web("#24292f")),
    TEXT_MUTED("-tl-text-muted", Color.web("#57606a")),
    RUNNING("-tl-running", Color.web("#0969da")),
    STRIPE("-tl-stripe", Color.web("#ffffff", 0.25)),
    DONE("-tl-done", Color.web("#aceebb")),
    DONE_EDGE("-tl-done-edge", Color.web("#1f883d")),
    CACHED("-tl-cached", Color.web("#8c959f")),
    FAILED("-tl-failed", Color.web("#cf222e")),
    FAILED_TEXT("-tl-failed-text", Color.web("#d1242f")),
    CANCELLED("-tl-cancelled", Color.web("#bf8700")),
    NOW("-tl-now", Color.web("#0969da")),
    EDGE("-tl-edge", Color.web("#8250df")),
    BADGE_CACHED_BG("-tl-badge-cached-background", Color.web("#afb8c1", 0.4)),
    BADGE_CACHED_FG("-tl-badge-cached-text", Color.web("#57606a")),
    BADGE_ERROR_BG("-tl-badge-error-background", Color.web("#ff8182", 0.4)),
    BADGE_ERROR_FG("-tl-badge-error-text", Color.web("#d1242f")),
    BADGE_CANCELLED_BG("-tl-badge-cancelled-background", Color.web("#d4a72c", 0.4)),
    BADGE_CANCELLED_FG("-tl-badge-cancelled-text", Color.web("#9a6700")),
    CARD_BACKGROUND("-tl-card-background", Color.WHITE),
    CARD_BORDER("-tl-card-border", Color.web("#d0d7de"));

    final String css;
    final Paint initial;
    final CssMetaData<TimelineCanvas, Paint> meta;

    Slot(String css, Paint initial) {
      this.css = css;
      this.initial = initial;
      Slot slot = this;
      this.meta =
          new CssMetaData<>(css, StyleConverter.getPaintConverter(), initial) {
            @Override
            public boolean isSettable(TimelineCanvas node) {
              return !node.paints[slot.ordinal()].isBound();
            }

            @Override
            @SuppressWarnings("unchecked")
            public StyleableProperty<Paint> getStyleableProperty(TimelineCanvas node) {
              return node.paints[slot.ordinal()];
            }
          };
    }
  }

  @SuppressWarnings("unchecked")
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

  /** The paint a slot resolved to (for tests). */
  Paint resolved(String css) {
    for (Slot s : Slot.values()) {
      if (s.css.equals(css)) {
        return paint(s);
      }
    }
    throw new IllegalArgumentException(css);
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

  @Override
  public String toString() {
    return "TimelineCanvas[" + rows.size() + " rows, " + Objects.toString(snapshot.get()) + "]";
  }
}
