package io.slipway.core.timeline;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Log lines of a snapshot: the whole build log, the lines of one row, or the build's own lines
 * (those without a step). Lines are numbered from 0 within the view and read by index or range, as
 * a virtualised list asks for them; the text is decoded on each read and never copied when the view
 * is made. Immutable and safe to read from any thread.
 */
public final class TimelineLog {

  private final LogStore.Frozen store;
  private final LineRuns.Frozen runs; // null: every line of the store
  private final List<String> rowIds; // by row ordinal

  TimelineLog(LogStore.Frozen store, LineRuns.Frozen runs, List<String> rowIds) {
    this.store = store;
    this.runs = runs;
    this.rowIds = rowIds;
  }

  /** How many lines this view holds. */
  public int size() {
    return runs == null ? store.lines() : runs.count();
  }

  public boolean isEmpty() {
    return size() == 0;
  }

  /** The line at {@code index} (0 ≤ index < size). */
  public TimelineLogLine line(int index) {
    return read(storeLine(index));
  }

  /** Only the text of the line at {@code index}. */
  public String text(int index) {
    return store.text(storeLine(index));
  }

  /** The lines in {@code [from, to)}. */
  public List<TimelineLogLine> lines(int from, int to) {
    checkRange(from, to);
    List<TimelineLogLine> out = new ArrayList<>(to - from);
    if (runs == null) {
      for (int i = from; i < to; i++) {
        out.add(read(i));
      }
    } else {
      runs.forEach(from, to, (rowLine, storeLine) -> out.add(read(storeLine)));
    }
    return out;
  }

  /**
   * The indexes (in this view, ascending) of the lines containing {@code query}. Without {@code
   * matchCase}, letters match in either case. An empty query matches nothing. The text is searched
   * as stored, ANSI escape codes included.
   */
  public int[] search(String query, boolean matchCase) {
    if (query.isEmpty()) {
      return new int[0];
    }
    LineTest test = lineTest(query, matchCase);
    int[] found = new int[16];
    int[] count = {0};
    int size = size();
    if (runs == null) {
      for (int i = 0; i < size; i++) {
        if (test.matches(i)) {
          found = add(found, count[0]++, i);
        }
      }
      return Arrays.copyOf(found, count[0]);
    }
    int[][] holder = {found};
    runs.forEach(
        0,
        size,
        (rowLine, storeLine) -> {
          if (test.matches(storeLine)) {
            holder[0] = add(holder[0], count[0]++, rowLine);
          }
        });
    return Arrays.copyOf(holder[0], count[0]);
  }

  private static int[] add(int[] array, int at, int value) {
    int[] out = at == array.length ? Arrays.copyOf(array, at * 2) : array;
    out[at] = value;
    return out;
  }

  private interface LineTest {
    boolean matches(int storeLine);
  }

  private LineTest lineTest(String query, boolean matchCase) {
    if (matchCase) {
      byte[] needle = query.getBytes(StandardCharsets.UTF_8);
      return line -> store.contains(line, needle, false);
    }
    if (query.chars().allMatch(c -> c < 0x80)) {
      byte[] needle = query.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
      return line -> store.contains(line, needle, true);
    }
    return line -> containsIgnoreCase(store.text(line), query);
  }

  private static boolean containsIgnoreCase(String text, String query) {
    int last = text.length() - query.length();
    for (int i = 0; i <= last; i++) {
      if (text.regionMatches(true, i, query, 0, query.length())) {
        return true;
      }
    }
    return false;
  }

  private int storeLine(int index) {
    if (runs == null) {
      if (index < 0 || index >= store.lines()) {
        throw new IndexOutOfBoundsException("line " + index + " of " + store.lines());
      }
      return index;
    }
    return runs.line(index);
  }

  private TimelineLogLine read(int storeLine) {
    int row = store.row(storeLine);
    return new TimelineLogLine(
        storeLine,
        Instant.ofEpochMilli(store.epochMillis(storeLine)),
        row < 0 ? Optional.empty() : Optional.of(rowIds.get(row)),
        store.stream(storeLine),
        store.text(storeLine));
  }

  private void checkRange(int from, int to) {
    if (from < 0 || to > size() || from > to) {
      throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of " + size());
    }
  }
}
