package io.slipway.core.history;

import io.slipway.core.timeline.RowState;
import io.slipway.core.timeline.TimelineRow;
import io.slipway.core.timeline.TimelineSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Two builds set side by side, step by step, so that a user sees why the second got slower (or
 * faster): per step the duration then and now, and whether it came from the cache then and now.
 *
 * <h2>How steps are matched</h2>
 *
 * <p>By instruction: a row's {@linkplain #key key} is its name without BuildKit's position ("[2/5]
 * RUN make" and "[build 2/6] RUN make" become "RUN make" and "build: RUN make", so adding a step
 * elsewhere does not unmatch the others); the context upload matches the context upload whatever
 * its size. Several rows with one key are matched in the order they started. A step only in the
 * first build is {@link Change#REMOVED}, one only in the second {@link Change#ADDED}.
 *
 * <p>Rows are listed in the second build's order, each removed step after the step that preceded it
 * in the first build.
 */
public final class BuildComparison {

  /** What happened to a step between the two builds. */
  public enum Change {
    /** Only in the second build. */
    ADDED,
    /** Only in the first build. */
    REMOVED,
    /** Came from the cache before, ran this time: the usual reason a build got slower. */
    REBUILT,
    /** Ran before, came from the cache this time. */
    NOW_CACHED,
    /** Ran both times. */
    RAN,
    /** Came from the cache both times. */
    CACHED,
    /** Failed or was cancelled in either build. */
    DIFFERENT_OUTCOME
  }

  /**
   * One step of the comparison.
   *
   * @param key what matched the two rows (see the class comment)
   * @param before the row in the first build, empty for an added step
   * @param after the row in the second build, empty for a removed step
   */
  public record StepChange(
      String key, Optional<TimelineRow> before, Optional<TimelineRow> after, Change change) {
    public StepChange {
      Objects.requireNonNull(key);
      Objects.requireNonNull(before);
      Objects.requireNonNull(after);
      Objects.requireNonNull(change);
    }

    /** The name to show: the second build's, else the first's. */
    public String name() {
      return after.or(() -> before).map(TimelineRow::name).orElse(key);
    }

    public Optional<Duration> beforeDuration() {
      return before.flatMap(TimelineRow::duration);
    }

    public Optional<Duration> afterDuration() {
      return after.flatMap(TimelineRow::duration);
    }

    /**
     * After minus before (positive: slower); an added step counts from zero, a removed step to
     * zero.
     */
    public Duration delta() {
      return afterDuration().orElse(Duration.ZERO).minus(beforeDuration().orElse(Duration.ZERO));
    }
  }

  private static final Pattern POSITION = Pattern.compile("^\\[(?:(\\S+) )?\\d+/\\d+\\] (.*)$");
  private static final String CONTEXT_KEY = "(build context)";

  private final TimelineSnapshot before;
  private final TimelineSnapshot after;
  private final List<StepChange> steps;

  private BuildComparison(TimelineSnapshot before, TimelineSnapshot after, List<StepChange> steps) {
    this.before = before;
    this.after = after;
    this.steps = List.copyOf(steps);
  }

  /** Compares {@code before} (usually the older build) with {@code after}. */
  public static BuildComparison of(TimelineSnapshot before, TimelineSnapshot after) {
    Objects.requireNonNull(before, "before");
    Objects.requireNonNull(after, "after");
    Map<String, List<TimelineRow>> unmatched = new HashMap<>();
    for (TimelineRow row : before.rows()) {
      unmatched.computeIfAbsent(key(row), k -> new ArrayList<>()).add(row);
    }
    Map<String, TimelineRow> matchedBefore = new HashMap<>(); // before row id -> after row id
    List<StepChange> inAfterOrder = new ArrayList<>();
    for (TimelineRow row : after.rows()) {
      String key = key(row);
      List<TimelineRow> candidates = unmatched.get(key);
      TimelineRow old = candidates == null || candidates.isEmpty() ? null : candidates.remove(0);
      if (old == null) {
        inAfterOrder.add(new StepChange(key, Optional.empty(), Optional.of(row), Change.ADDED));
      } else {
        matchedBefore.put(old.id(), row);
        inAfterOrder.add(
            new StepChange(
                key, Optional.of(old), Optional.of(row), change(old.state(), row.state())));
      }
    }
    // Removed steps go after the step that preceded them in the first build.
    List<StepChange> result = new ArrayList<>();
    Map<String, List<StepChange>> removedAfter = new HashMap<>(); // after row id -> removed steps
    List<StepChange> removedFirst = new ArrayList<>();
    TimelineRow previousMatched = null;
    for (TimelineRow row : before.rows()) {
      TimelineRow match = matchedBefore.get(row.id());
      if (match != null) {
        previousMatched = match;
        continue;
      }
      StepChange removed =
          new StepChange(key(row), Optional.of(row), Optional.empty(), Change.REMOVED);
      if (previousMatched == null) {
        removedFirst.add(removed);
      } else {
        removedAfter.computeIfAbsent(previousMatched.id(), k -> new ArrayList<>()).add(removed);
      }
    }
    result.addAll(removedFirst);
    for (StepChange change : inAfterOrder) {
      result.add(change);
      change.after().map(r -> removedAfter.get(r.id())).ifPresent(result::addAll);
    }
    return new BuildComparison(before, after, result);
  }

  private static Change change(RowState was, RowState now) {
    boolean wasOk = was == RowState.DONE || was == RowState.CACHED;
    boolean nowOk = now == RowState.DONE || now == RowState.CACHED;
    if (!wasOk || !nowOk) {
      return Change.DIFFERENT_OUTCOME;
    }
    if (was == RowState.CACHED) {
      return now == RowState.CACHED ? Change.CACHED : Change.REBUILT;
    }
    return now == RowState.CACHED ? Change.NOW_CACHED : Change.RAN;
  }

  /** The key a row is matched by (see the class comment). */
  public static String key(TimelineRow row) {
    if (row.index() == 0 && !row.name().startsWith("[")) {
      return CONTEXT_KEY; // the classic builder's context upload, "Sending build context (…)"
    }
    Matcher m = POSITION.matcher(row.name());
    if (m.matches()) {
      return m.group(1) == null ? m.group(2) : m.group(1) + ": " + m.group(2);
    }
    return row.name();
  }

  public TimelineSnapshot before() {
    return before;
  }

  public TimelineSnapshot after() {
    return after;
  }

  /** Every step of either build, in the order described in the class comment. */
  public List<StepChange> steps() {
    return steps;
  }

  /** Only the Dockerfile's own steps (see {@link TimelineRow#countsAsStep()}). */
  public List<StepChange> dockerfileSteps() {
    return steps.stream()
        .filter(s -> s.after().or(s::before).map(TimelineRow::countsAsStep).orElse(false))
        .toList();
  }

  /** The second build's wall time minus the first's. */
  public Duration wallTimeDelta() {
    return after.wallTime().minus(before.wallTime());
  }

  /** The steps that came from the cache before and ran this time. */
  public List<StepChange> rebuilt() {
    return steps.stream().filter(s -> s.change() == Change.REBUILT).toList();
  }

  /** The step that added most time (the largest positive delta), if any step got slower. */
  public Optional<StepChange> biggestSlowdown() {
    return steps.stream()
        .filter(s -> s.delta().compareTo(Duration.ZERO) > 0)
        .max((a, b) -> a.delta().compareTo(b.delta()));
  }
}
