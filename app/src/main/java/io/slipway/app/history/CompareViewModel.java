package io.slipway.app.history;

import io.slipway.app.main.DurationFormat;
import io.slipway.core.history.BuildComparison;
import io.slipway.core.history.BuildComparison.Change;
import io.slipway.core.history.BuildComparison.StepChange;
import io.slipway.core.timeline.TimelineRow;
import io.slipway.core.timeline.TimelineSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * Two builds of a profile side by side: the totals and, per step, the duration then and now and
 * what changed (cached → rebuilt). Plain properties; UI thread; no toolkit needed.
 */
public final class CompareViewModel {

  private final ReadOnlyObjectWrapper<BuildComparison> comparison = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyStringWrapper beforeLabel = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper afterLabel = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper beforeTotal = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper afterTotal = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper totalDelta = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper beforeCached = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper afterCached = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper verdict = new ReadOnlyStringWrapper("");
  private final ObservableList<CompareRow> rows = FXCollections.observableArrayList();

  /** Shows {@code c}; the labels name the two builds ("Today 10:04 · 12.4s"). */
  public void show(BuildComparison c, String before, String after) {
    comparison.set(c);
    beforeLabel.set(before);
    afterLabel.set(after);
    beforeTotal.set(DurationFormat.format(c.before().wallTime()));
    afterTotal.set(DurationFormat.format(c.after().wallTime()));
    totalDelta.set(delta(c.wallTimeDelta()));
    beforeCached.set(cached(c.before()));
    afterCached.set(cached(c.after()));
    verdict.set(verdict(c));
    long longest = 1;
    for (StepChange s : c.steps()) {
      longest = Math.max(longest, s.beforeDuration().orElse(Duration.ZERO).toMillis());
      longest = Math.max(longest, s.afterDuration().orElse(Duration.ZERO).toMillis());
    }
    List<CompareRow> out = new ArrayList<>();
    for (StepChange s : c.steps()) {
      TimelineRow shown = s.after().or(s::before).orElseThrow();
      out.add(
          new CompareRow(
              shown.index() >= 0 ? "#" + shown.index() : "",
              s.name(),
              s.before().map(r -> duration(r)).orElse("—"),
              s.after().map(r -> duration(r)).orElse("—"),
              delta(s.delta()),
              s.delta().toMillis(),
              s.change(),
              changeText(s.change()),
              s.beforeDuration().orElse(Duration.ZERO).toMillis() / (double) longest,
              s.afterDuration().orElse(Duration.ZERO).toMillis() / (double) longest));
    }
    rows.setAll(out);
  }

  private static String duration(TimelineRow r) {
    String d = r.duration().map(DurationFormat::format).orElse("running");
    return switch (r.state()) {
      case CACHED -> d + " cached";
      case FAILED -> d + " failed";
      case CANCELLED -> d + " cancelled";
      default -> d;
    };
  }

  private static String cached(TimelineSnapshot s) {
    return s.steps() == 0 ? "no steps" : s.cachedSteps() + " of " + s.steps() + " cached";
  }

  /** Differences below this are shown as none (durations are shown to the tenth of a second). */
  static final long SAME_MILLIS = 100;

  /** "+3.1s", "−0.4s", "±0". */
  static String delta(Duration d) {
    long ms = d.toMillis();
    if (Math.abs(ms) < SAME_MILLIS) {
      return "±0";
    }
    return (ms > 0 ? "+" : "−") + DurationFormat.format(d.abs());
  }

  static String changeText(Change c) {
    return switch (c) {
      case ADDED -> "added";
      case REMOVED -> "removed";
      case REBUILT -> "cached → rebuilt";
      case NOW_CACHED -> "now cached";
      case RAN -> "ran again";
      case CACHED -> "still cached";
      case DIFFERENT_OUTCOME -> "outcome changed";
    };
  }

  /** One sentence: what made the difference. */
  static String verdict(BuildComparison c) {
    long ms = c.wallTimeDelta().toMillis();
    if (Math.abs(ms) < SAME_MILLIS) {
      return "Both builds took the same time.";
    }
    String how =
        (ms > 0 ? "The second build was " : "The second build was ")
            + DurationFormat.format(c.wallTimeDelta().abs())
            + (ms > 0 ? " slower" : " faster");
    if (ms > 0 && c.biggestSlowdown().isPresent()) {
      StepChange s = c.biggestSlowdown().get();
      String why = s.change() == Change.REBUILT ? ", it was cached before" : "";
      return how
          + "; most of it in "
          + shorten(s.name(), 70)
          + " ("
          + delta(s.delta())
          + why
          + ")"
          + (c.rebuilt().size() > 1 ? "; " + c.rebuilt().size() + " steps were rebuilt." : ".");
    }
    return how + ".";
  }

  static String shorten(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 1) + "…";
  }

  public ReadOnlyObjectProperty<BuildComparison> comparisonProperty() {
    return comparison.getReadOnlyProperty();
  }

  public ObservableList<CompareRow> rows() {
    return FXCollections.unmodifiableObservableList(rows);
  }

  public ReadOnlyStringProperty beforeLabelProperty() {
    return beforeLabel.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty afterLabelProperty() {
    return afterLabel.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty beforeTotalProperty() {
    return beforeTotal.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty afterTotalProperty() {
    return afterTotal.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty totalDeltaProperty() {
    return totalDelta.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty beforeCachedProperty() {
    return beforeCached.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty afterCachedProperty() {
    return afterCached.getReadOnlyProperty();
  }

  /**
   * "The second build was 4.1s slower; most of it in [3/3] RUN make (+4.0s, it was cached before)."
   */
  public ReadOnlyStringProperty verdictProperty() {
    return verdict.getReadOnlyProperty();
  }
}
