package io.slipway.core.timeline;

import io.slipway.core.build.BuildStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A build's timeline at one moment: its rows ordered by start, the build's own facts, the log and
 * figures derived from them. Immutable, and safe to hand to any thread; the log is shared with the
 * {@link BuildTimeline} it came from, never copied.
 *
 * <h2>Derived figures</h2>
 *
 * <ul>
 *   <li>{@link #wallTime()}: from the build's start to its end (to the latest event while running).
 *   <li>{@link #stepTime()}: the sum of every ended row's duration, the context upload and internal
 *       vertices included; more than the wall time when BuildKit ran steps side by side.
 *   <li>{@link #cacheHitRatio()}: cached steps over steps, counting only the rows that {@linkplain
 *       TimelineRow#countsAsStep() count as steps}: classic steps with an index above 0 (the
 *       context upload is index 0), BuildKit vertices except {@code [internal] …} ones.
 *   <li>{@link #criticalPath()}: see there.
 * </ul>
 */
public final class TimelineSnapshot {

  /** The build-level facts, as the fold or a reader of the JSON export gathered them. */
  record Facts(
      Optional<BuildStatus> status,
      Optional<Instant> start,
      Optional<Instant> end,
      Optional<Instant> lastEventTime,
      Optional<String> imageId,
      List<String> tags,
      Optional<String> error,
      Optional<Integer> exitCode,
      List<TimelineWarning> warnings) {
    Facts {
      tags = List.copyOf(tags);
      warnings = List.copyOf(warnings);
    }

    static final Facts NONE =
        new Facts(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of(),
            Optional.empty(),
            Optional.empty(),
            List.of());
  }

  private final Facts facts;
  private final List<TimelineRow> rows;
  private final Map<String, TimelineRow> rowsById;
  private final Map<String, LineRuns.Frozen> runsById;
  private final List<String> rowIdsByOrdinal;
  private final LineRuns.Frozen buildRuns;
  private final LogStore.Frozen store;
  private final Duration stepTime;
  private final int steps;
  private final int cachedSteps;
  private final List<String> criticalPath;

  /**
   * @param rowsByOrdinal rows in the order they first appeared (the order ties in start keep); the
   *     log store refers to rows by this position
   * @param runsByOrdinal each row's lines, in the same order
   */
  TimelineSnapshot(
      Facts facts,
      List<TimelineRow> rowsByOrdinal,
      List<LineRuns.Frozen> runsByOrdinal,
      LineRuns.Frozen buildRuns,
      LogStore.Frozen store) {
    if (rowsByOrdinal.size() != runsByOrdinal.size()) {
      throw new IllegalArgumentException("one line list per row");
    }
    this.facts = Objects.requireNonNull(facts);
    this.buildRuns = Objects.requireNonNull(buildRuns);
    this.store = Objects.requireNonNull(store);
    List<String> ids = new ArrayList<>(rowsByOrdinal.size());
    Map<String, TimelineRow> byId = new HashMap<>();
    Map<String, LineRuns.Frozen> runs = new HashMap<>();
    for (int i = 0; i < rowsByOrdinal.size(); i++) {
      TimelineRow row = rowsByOrdinal.get(i);
      ids.add(row.id());
      if (byId.put(row.id(), row) != null) {
        throw new IllegalArgumentException("two rows with the id " + row.id());
      }
      runs.put(row.id(), runsByOrdinal.get(i));
    }
    this.rowIdsByOrdinal = Collections.unmodifiableList(ids);
    this.rowsById = byId;
    this.runsById = runs;
    List<TimelineRow> sorted = new ArrayList<>(rowsByOrdinal);
    sorted.sort(Comparator.comparing(TimelineRow::start)); // stable: ties keep first appearance
    this.rows = Collections.unmodifiableList(sorted);

    Duration sum = Duration.ZERO;
    int counted = 0;
    int cached = 0;
    for (TimelineRow row : sorted) {
      sum = sum.plus(row.duration().orElse(Duration.ZERO));
      if (row.countsAsStep()) {
        counted++;
        if (row.state() == RowState.CACHED) {
          cached++;
        }
      }
    }
    this.stepTime = sum;
    this.steps = counted;
    this.cachedSteps = cached;
    this.criticalPath = computeCriticalPath();
  }

  static TimelineSnapshot empty() {
    return new TimelineSnapshot(
        Facts.NONE, List.of(), List.of(), LineRuns.Frozen.EMPTY, LogStore.Frozen.EMPTY);
  }

  Facts facts() {
    return facts;
  }

  /** How the build ended; empty while it runs. */
  public Optional<BuildStatus> status() {
    return facts.status();
  }

  /** Whether {@code BuildFinished} has arrived. */
  public boolean finished() {
    return facts.status().isPresent();
  }

  /**
   * When the build started: the earliest of its first event and, once finished, the end minus the
   * duration the builder reported. Empty before any event.
   */
  public Optional<Instant> start() {
    return facts.start();
  }

  /** When the build ended; empty while it runs. */
  public Optional<Instant> end() {
    return facts.end();
  }

  /** The latest time any event carried: the right edge of a running build. */
  public Optional<Instant> lastEventTime() {
    return facts.lastEventTime();
  }

  public Optional<String> imageId() {
    return facts.imageId();
  }

  /** The tags the image got. */
  public List<String> tags() {
    return facts.tags();
  }

  /** Why the build failed or that it was cancelled. */
  public Optional<String> error() {
    return facts.error();
  }

  public Optional<Integer> exitCode() {
    return facts.exitCode();
  }

  public List<TimelineWarning> warnings() {
    return facts.warnings();
  }

  /** Every row, ordered by start (rows starting at the same time in the order they appeared). */
  public List<TimelineRow> rows() {
    return rows;
  }

  public Optional<TimelineRow> row(String id) {
    return Optional.ofNullable(rowsById.get(id));
  }

  /** The first row to fail (by end), the one a failed build should open on. */
  public Optional<TimelineRow> firstFailure() {
    return rows.stream()
        .filter(r -> r.state() == RowState.FAILED)
        .min(Comparator.comparing(r -> r.end().orElseThrow()));
  }

  /** The whole log, every line in the order printed. */
  public TimelineLog log() {
    return new TimelineLog(store, null, rowIdsByOrdinal);
  }

  /** The lines of one row; empty if there is no such row. */
  public TimelineLog log(String rowId) {
    LineRuns.Frozen runs = runsById.getOrDefault(rowId, LineRuns.Frozen.EMPTY);
    return new TimelineLog(store, runs, rowIdsByOrdinal);
  }

  /** The build's own lines, those no step claimed. */
  public TimelineLog buildLog() {
    return new TimelineLog(store, buildRuns, rowIdsByOrdinal);
  }

  /** The UTF-8 size of the whole log's text. */
  public long logTextBytes() {
    return store.textBytes();
  }

  /** From start to end, or to the latest event while the build runs; zero before any event. */
  public Duration wallTime() {
    Optional<Instant> until = facts.end().or(facts::lastEventTime);
    if (facts.start().isEmpty() || until.isEmpty()) {
      return Duration.ZERO;
    }
    Duration d = Duration.between(facts.start().get(), until.get());
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** The sum of the durations of every ended row. */
  public Duration stepTime() {
    return stepTime;
  }

  /** How many rows count as steps (see the class comment). */
  public int steps() {
    return steps;
  }

  /** How many of those came from the cache. */
  public int cachedSteps() {
    return cachedSteps;
  }

  /** {@link #cachedSteps()} over {@link #steps()}, from 0 to 1; 0 when there are no steps. */
  public double cacheHitRatio() {
    return steps == 0 ? 0 : (double) cachedSteps / steps;
  }

  /**
   * The chain of rows that decided when the build ended, first to last, as row ids. It starts at
   * the row that ended last (a running row counts as ending at {@link #lastEventTime()}) and walks
   * back through the parent that ended last, until a row with no parents. When no row has parents
   * (the classic builder) the steps form a sequence: each row's parent is the row with the next
   * lower index (the context upload, index 0, comes before step 1). Empty without rows.
   */
  public List<String> criticalPath() {
    return criticalPath;
  }

  private List<String> computeCriticalPath() {
    if (rows.isEmpty()) {
      return List.of();
    }
    Instant now = facts.lastEventTime().orElse(Instant.MIN);
    Comparator<TimelineRow> byEnd =
        Comparator.comparing((TimelineRow r) -> r.end().orElse(now))
            .thenComparing(TimelineRow::start);
    boolean sequence = rows.stream().allMatch(r -> r.parents().isEmpty());
    List<TimelineRow> byIndex = new ArrayList<>();
    if (sequence) {
      rows.stream()
          .filter(r -> r.index() >= 0)
          .sorted(Comparator.comparingInt(TimelineRow::index).thenComparing(byEnd))
          .forEach(byIndex::add);
    }
    TimelineRow current = rows.stream().max(byEnd).orElseThrow();
    List<String> path = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    while (current != null && seen.add(current.id())) {
      path.add(current.id());
      current = sequence ? previousByIndex(byIndex, current) : latestParent(current, byEnd);
    }
    Collections.reverse(path);
    return List.copyOf(path);
  }

  private TimelineRow latestParent(TimelineRow row, Comparator<TimelineRow> byEnd) {
    TimelineRow latest = null;
    for (String id : row.parents()) {
      TimelineRow parent = rowsById.get(id);
      if (parent != null && (latest == null || byEnd.compare(parent, latest) > 0)) {
        latest = parent;
      }
    }
    return latest;
  }

  /** The row with the greatest index below this one's (the last-ending one if several share it). */
  private static TimelineRow previousByIndex(List<TimelineRow> byIndex, TimelineRow row) {
    TimelineRow previous = null;
    for (TimelineRow candidate : byIndex) {
      if (candidate.index() >= row.index()) {
        break;
      }
      previous = candidate;
    }
    return previous;
  }

  @Override
  public String toString() {
    return "TimelineSnapshot["
        + facts.status().map(Enum::name).orElse("RUNNING")
        + ", "
        + rows.size()
        + " rows, "
        + store.lines()
        + " log lines]";
  }
}
