package io.slipway.app.timeline;

/**
 * The geometry of the timeline, without the toolkit: which time sits at which x (zoom and pan of
 * the bar area), which row at which y (vertical scroll), and the ticks of the time axis. Times are
 * milliseconds from the build's start. Mutable; used on the UI thread only.
 */
public final class TimelineViewport {

  /** The closest zoom: one millisecond is this many pixels. */
  static final double MAX_PX_PER_MS = 4;

  /** The farthest zoom: a day fits in 100 pixels. */
  static final double MIN_PX_PER_MS = 100.0 / 86_400_000;

  private double width = 1;
  private double height = 1;
  private double rowHeight = 24;
  private int rows;
  private double startMs;
  private double pxPerMs = 0.1;
  private double scrollY;

  /** The size of the bar area (width) and of the rows' area (height), in pixels. */
  public void setSize(double width, double height) {
    this.width = Math.max(1, width);
    this.height = Math.max(1, height);
    clampScroll();
  }

  public void setRowHeight(double rowHeight) {
    this.rowHeight = rowHeight;
    clampScroll();
  }

  public void setRows(int rows) {
    this.rows = Math.max(0, rows);
    clampScroll();
  }

  public double width() {
    return width;
  }

  public double height() {
    return height;
  }

  public double rowHeight() {
    return rowHeight;
  }

  public int rows() {
    return rows;
  }

  // ---- time

  /** The whole of {@code [0, spanMs]} in view, with a little room on either side. */
  public void fit(double spanMs) {
    double span = Math.max(spanMs, 100);
    pxPerMs = clampZoom(width * 0.92 / span);
    startMs = -span * 0.02;
  }

  public double pxPerMs() {
    return pxPerMs;
  }

  public double startMs() {
    return startMs;
  }

  /** The x of a time. */
  public double x(double ms) {
    return (ms - startMs) * pxPerMs;
  }

  /** The time at an x. */
  public double ms(double x) {
    return startMs + x / pxPerMs;
  }

  /** Zooms by {@code factor} (above 1: closer), keeping the time under {@code x} where it is. */
  public void zoomAt(double x, double factor) {
    double at = ms(x);
    pxPerMs = clampZoom(pxPerMs * factor);
    startMs = at - x / pxPerMs;
  }

  /** Moves the view by {@code dx} pixels (positive: the bars move right, earlier times show). */
  public void panBy(double dx) {
    startMs -= dx / pxPerMs;
  }

  private static double clampZoom(double z) {
    return Math.max(MIN_PX_PER_MS, Math.min(MAX_PX_PER_MS, z));
  }

  // ---- rows

  public double scrollY() {
    return scrollY;
  }

  /** The greatest scroll: the last row at the bottom. */
  public double maxScrollY() {
    return Math.max(0, rows * rowHeight - height);
  }

  public void setScrollY(double y) {
    scrollY = y;
    clampScroll();
  }

  public void scrollBy(double dy) {
    setScrollY(scrollY + dy);
  }

  private void clampScroll() {
    scrollY = Math.max(0, Math.min(maxScrollY(), scrollY));
  }

  /** The first row at least partly visible; 0 without rows. */
  public int firstVisibleRow() {
    return (int) Math.floor(scrollY / rowHeight);
  }

  /** The last row at least partly visible; -1 without rows. */
  public int lastVisibleRow() {
    return Math.min(rows - 1, (int) Math.floor((scrollY + height - 0.001) / rowHeight));
  }

  /** The top of a row, relative to the rows' area. */
  public double rowY(int row) {
    return row * rowHeight - scrollY;
  }

  /** The row at {@code y} (relative to the rows' area), or -1 if none. */
  public int rowAt(double y) {
    if (y < 0 || y >= height) {
      return -1;
    }
    int row = (int) Math.floor((y + scrollY) / rowHeight);
    return row < rows ? row : -1;
  }

  /** Scrolls the least so that {@code row} is wholly visible. */
  public void reveal(int row) {
    double top = row * rowHeight;
    if (top < scrollY) {
      setScrollY(top);
    } else if (top + rowHeight > scrollY + height) {
      setScrollY(top + rowHeight - height);
    }
  }

  /** How many rows a page holds (at least one). */
  public int pageRows() {
    return Math.max(1, (int) Math.floor(height / rowHeight) - 1);
  }

  // ---- axis

  private static final double[] STEPS = {
    1,
    2,
    5,
    10,
    20,
    50,
    100,
    200,
    500,
    1_000,
    2_000,
    5_000,
    10_000,
    15_000,
    30_000,
    60_000,
    120_000,
    300_000,
    600_000,
    900_000,
    1_800_000,
    3_600_000,
    7_200_000,
    10_800_000,
    21_600_000,
    43_200_000,
    86_400_000
  };

  /**
   * The interval between two labelled ticks: the first "round" step at least {@code minPx} wide.
   */
  public double tickStepMs(double minPx) {
    for (double step : STEPS) {
      if (step * pxPerMs >= minPx) {
        return step;
      }
    }
    return STEPS[STEPS.length - 1];
  }

  /** A tick's label: "0s", "250ms", "1.5s", "2m", "1m 30s", "1h 05m". */
  public static String tickLabel(double ms, double stepMs) {
    long t = Math.round(ms);
    if (t == 0) {
      return "0s";
    }
    String sign = t < 0 ? "-" : "";
    t = Math.abs(t);
    if (stepMs < 1000 && t < 1000) {
      return sign + t + "ms";
    }
    if (t < 60_000) {
      if (t % 1000 == 0) {
        return sign + (t / 1000) + "s";
      }
      return sign + String.format(java.util.Locale.ROOT, "%.1fs", t / 1000.0).replace(".0s", "s");
    }
    long s = t / 1000;
    if (s < 3600) {
      return sign
          + (s % 60 == 0 ? (s / 60) + "m" : (s / 60) + "m " + String.format("%02ds", s % 60));
    }
    return sign + (s / 3600) + "h " + String.format("%02dm", (s % 3600) / 60);
  }
}
