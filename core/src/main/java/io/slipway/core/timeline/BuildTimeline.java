package io.slipway.core.timeline;

import io.slipway.core.build.BuildEvent;
import io.slipway.core.build.BuildEvent.BuildFinished;
import io.slipway.core.build.BuildEvent.ImageBuilt;
import io.slipway.core.build.BuildEvent.LogLine;
import io.slipway.core.build.BuildEvent.StepFinished;
import io.slipway.core.build.BuildEvent.StepProgress;
import io.slipway.core.build.BuildEvent.StepStarted;
import io.slipway.core.build.BuildEvent.Warning;
import io.slipway.core.build.BuildListener;
import io.slipway.core.build.BuildStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Folds a build's {@link BuildEvent}s into a timeline: one row per step (classic builder) or vertex
 * (BuildKit) with start, end, state, error, progress and log, plus the build's own facts.
 *
 * <p><b>Threads.</b> A timeline is mutable and not thread-safe: it is fed from one thread at a
 * time, in event order (a {@link BuildListener} is called so), and {@link #snapshot()} is called on
 * that same thread. Readers on other threads (the window, a history writer) only ever get the
 * immutable {@link TimelineSnapshot}, handed over by something that publishes it safely (a queue, a
 * volatile field, {@code Platform.runLater}). Snapshots share the log with the timeline, so taking
 * one is cheap (no copy of the log, one small object per changed row) and can be done once per
 * frame.
 *
 * <p><b>Rules of the fold.</b>
 *
 * <ul>
 *   <li>A row starts at its {@code StepStarted}; a row first named by another event (a log line, a
 *       progress, a finish) is created then, at that event's time, with its id as name and index
 *       -1, and a later {@code StepStarted} fills in the rest. A repeated {@code StepStarted} keeps
 *       the first start; a row that had ended runs again.
 *   <li>A row ends at its {@code StepFinished}'s time (never before its start): FAILED with an
 *       error, else CACHED or DONE.
 *   <li>At {@code BuildFinished}: rows still running become CANCELLED at the build's end when the
 *       build failed or was cancelled (DONE if it succeeded). When the build did not succeed, a row
 *       that failed with an error that only says it was cancelled (ends with "cancelled" or
 *       "canceled", no exit code: the classic builder's interrupted step, BuildKit's "context
 *       canceled" siblings) becomes CANCELLED too, so that the row that really failed stands out.
 *       The build's start moves back to its end minus the reported duration if that is earlier.
 *   <li>Events after {@code BuildFinished} are ignored.
 * </ul>
 */
public final class BuildTimeline implements BuildListener {

  private final LogStore store = new LogStore();
  private final List<Row> rows = new ArrayList<>();
  private final Map<String, Row> rowsById = new HashMap<>();
  private final LineRuns buildLines = new LineRuns();
  private final List<TimelineWarning> warnings = new ArrayList<>();
  private Instant start;
  private Instant lastEventTime;
  private Instant end;
  private BuildStatus status;
  private String imageId;
  private List<String> tags = List.of();
  private String error;
  private Integer exitCode;

  private boolean factsChanged = true;
  private TimelineSnapshot.Facts facts;
  private List<TimelineRow> rowRecords = new ArrayList<>();
  private List<LineRuns.Frozen> rowRuns = new ArrayList<>();

  /** The mutable state of one row; turned into a {@link TimelineRow} when it changed. */
  private static final class Row {
    final int ordinal;
    final String id;
    int index = -1;
    int total;
    String name;
    List<String> parents = List.of();
    Instant start;
    Instant end;
    RowState state = RowState.RUNNING;
    String error;
    Integer exitCode;
    Integer dockerfileLine;
    RowProgress progress;
    final LineRuns lines = new LineRuns();
    boolean changed = true;

    Row(int ordinal, String id, Instant start) {
      this.ordinal = ordinal;
      this.id = id;
      this.name = id;
      this.start = start;
    }

    TimelineRow toRecord() {
      return new TimelineRow(
          id,
          index,
          total,
          name,
          parents,
          start,
          Optional.ofNullable(end),
          state,
          Optional.ofNullable(error),
          Optional.ofNullable(exitCode),
          Optional.ofNullable(dockerfileLine),
          Optional.ofNullable(progress),
          lines.count());
    }

    void finish(Instant time, RowState newState) {
      end = time.isBefore(start) ? start : time;
      state = newState;
      changed = true;
    }
  }

  /** Same as {@link #accept}, so that a timeline can be a build's listener. */
  @Override
  public void onEvent(BuildEvent event) {
    accept(event);
  }

  public void accept(BuildEvent event) {
    if (status != null) {
      return;
    }
    Instant time = event.time();
    if (start == null || time.isBefore(start)) {
      start = time;
    }
    if (lastEventTime == null || time.isAfter(lastEventTime)) {
      lastEventTime = time;
    }
    factsChanged = true;
    if (event instanceof LogLine e) {
      onLog(e);
    } else if (event instanceof StepProgress e) {
      Row row = row(e.stepId(), time);
      row.progress = new RowProgress(e.label(), e.current(), e.total());
      row.changed = true;
    } else if (event instanceof StepStarted e) {
      onStarted(e);
    } else if (event instanceof StepFinished e) {
      Row row = row(e.stepId(), time);
      row.error = e.error().orElse(null);
      row.exitCode = e.exitCode().orElse(null);
      row.finish(time, e.failed() ? RowState.FAILED : e.cached() ? RowState.CACHED : RowState.DONE);
    } else if (event instanceof Warning e) {
      warnings.add(new TimelineWarning(time, e.stepId(), e.message()));
    } else if (event instanceof ImageBuilt e) {
      imageId = e.imageId();
      tags = e.tags();
    } else if (event instanceof BuildFinished e) {
      onFinished(e);
    }
  }

  private void onLog(LogLine e) {
    if (e.stepId().isPresent()) {
      Row row = row(e.stepId().get(), e.time());
      row.lines.add(store.append(e.time(), row.ordinal, e.stream(), e.text()));
      row.changed = true;
    } else {
      buildLines.add(store.append(e.time(), -1, e.stream(), e.text()));
    }
  }

  private void onStarted(StepStarted e) {
    Row row = rowsById.get(e.stepId());
    if (row == null) {
      row = newRow(e.stepId(), e.time());
    } else {
      if (e.time().isBefore(row.start)) {
        row.start = e.time();
      }
      if (row.state != RowState.RUNNING) {
        row.state = RowState.RUNNING;
        row.end = null;
        row.error = null;
        row.exitCode = null;
      }
    }
    row.index = e.index();
    row.total = e.total();
    row.name = e.name();
    row.parents = e.parents();
    row.dockerfileLine = e.dockerfileLine().orElse(null);
    row.changed = true;
  }

  private void onFinished(BuildFinished e) {
    Instant time = e.time();
    end = time;
    status = e.status();
    Instant reportedStart = time.minus(e.duration());
    if (!e.duration().isNegative() && reportedStart.isBefore(start)) {
      start = reportedStart;
    }
    e.imageId().ifPresent(id -> imageId = id);
    error = e.error().orElse(null);
    exitCode = e.exitCode().orElse(null);
    boolean succeeded = status == BuildStatus.SUCCEEDED;
    for (Row row : rows) {
      if (row.state == RowState.RUNNING) {
        row.finish(time, succeeded ? RowState.DONE : RowState.CANCELLED);
      } else if (!succeeded
          && row.state == RowState.FAILED
          && row.exitCode == null
          && saysCancelled(row.error)) {
        row.state = RowState.CANCELLED;
        row.changed = true;
      }
    }
  }

  private static boolean saysCancelled(String error) {
    String e = error == null ? "" : error.strip().toLowerCase(Locale.ROOT);
    return e.endsWith("cancelled") || e.endsWith("canceled");
  }

  private Row row(String id, Instant time) {
    Row row = rowsById.get(id);
    return row != null ? row : newRow(id, time);
  }

  private Row newRow(String id, Instant time) {
    Row row = new Row(rows.size(), id, time);
    rows.add(row);
    rowsById.put(id, row);
    return row;
  }

  /**
   * The timeline as it stands, immutable. Call it on the thread that feeds the timeline; the result
   * may then be read anywhere.
   */
  public TimelineSnapshot snapshot() {
    if (factsChanged || facts == null) {
      facts =
          new TimelineSnapshot.Facts(
              Optional.ofNullable(status),
              Optional.ofNullable(start),
              Optional.ofNullable(end),
              Optional.ofNullable(lastEventTime),
              Optional.ofNullable(imageId),
              tags,
              Optional.ofNullable(error),
              Optional.ofNullable(exitCode),
              warnings);
      factsChanged = false;
    }
    for (Row row : rows) {
      if (row.changed) {
        TimelineRow record = row.toRecord();
        LineRuns.Frozen runs = row.lines.freeze();
        if (row.ordinal < rowRecords.size()) {
          rowRecords.set(row.ordinal, record);
          rowRuns.set(row.ordinal, runs);
        } else {
          rowRecords.add(record);
          rowRuns.add(runs);
        }
        row.changed = false;
      }
    }
    return new TimelineSnapshot(
        facts, List.copyOf(rowRecords), List.copyOf(rowRuns), buildLines.freeze(), store.freeze());
  }
}
