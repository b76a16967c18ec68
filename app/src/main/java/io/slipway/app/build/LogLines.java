package io.slipway.app.build;

import io.slipway.core.timeline.TimelineLog;
import io.slipway.core.timeline.TimelineLogLine;
import java.util.AbstractList;
import javafx.collections.ObservableListBase;

/**
 * A log as an observable list for a virtualised list view, without holding its lines: an item is
 * decoded from the {@link TimelineLog} only when asked for (a visible cell), so a million lines
 * cost nothing here. When the build prints more, {@link #update} swaps in the longer log and
 * reports the new lines as added. Read-only; UI thread only.
 */
public final class LogLines extends ObservableListBase<LogLineItem> {

  private TimelineLog log;

  LogLines(TimelineLog log) {
    this.log = log;
  }

  public TimelineLog log() {
    return log;
  }

  /** The same log, longer now: the new lines are reported as added at the end. */
  void update(TimelineLog longer) {
    int was = log.size();
    log = longer;
    int now = longer.size();
    if (now > was) {
      beginChange();
      nextAdd(was, now);
      endChange();
    } else if (now < was) {
      // Not expected (logs only grow); a whole replacement keeps listeners right.
      beginChange();
      nextReplace(0, now, new Blank(was));
      endChange();
    }
  }

  @Override
  public LogLineItem get(int index) {
    TimelineLogLine line = log.line(index);
    return new LogLineItem(index, line.stream(), line.text());
  }

  @Override
  public int size() {
    return log.size();
  }

  /** The removed items of a replacement: only their count matters. */
  private static final class Blank extends AbstractList<LogLineItem> {
    private final int size;

    Blank(int size) {
      this.size = size;
    }

    @Override
    public LogLineItem get(int index) {
      return null;
    }

    @Override
    public int size() {
      return size;
    }
  }

  @Override
  public boolean equals(Object o) {
    return this == o;
  }

  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
