package io.slipway.core.timeline;

import java.util.Arrays;

/**
 * The lines of one row (or of the build itself) as runs of consecutive line numbers in the {@link
 * LogStore}: a step that prints 100,000 lines in a row costs one run (8 bytes), and lines that
 * alternate between parallel steps cost one run each. Appending never changes a slot that a {@link
 * Frozen} view can read: extending the last run only raises the count.
 *
 * <p>Not thread-safe: written from one thread; a {@link Frozen} may be read from any thread once
 * safely published.
 */
final class LineRuns {

  /** First store line of each run. */
  private int[] firsts = new int[2];

  /** Position, in this row's own numbering, of each run's first line. */
  private int[] offsets = new int[2];

  private int runs;
  private int count;

  int count() {
    return count;
  }

  void add(int line) {
    if (runs > 0 && firsts[runs - 1] + (count - offsets[runs - 1]) == line) {
      count++;
      return;
    }
    if (runs == firsts.length) {
      firsts = Arrays.copyOf(firsts, runs * 2);
      offsets = Arrays.copyOf(offsets, runs * 2);
    }
    firsts[runs] = line;
    offsets[runs] = count;
    runs++;
    count++;
  }

  Frozen freeze() {
    return count == 0 ? Frozen.EMPTY : new Frozen(firsts, offsets, runs, count);
  }

  /** The first {@code count} lines of a row; immutable. */
  static final class Frozen {
    static final Frozen EMPTY = new Frozen(new int[0], new int[0], 0, 0);

    private final int[] firsts;
    private final int[] offsets;
    private final int runs;
    private final int count;

    private Frozen(int[] firsts, int[] offsets, int runs, int count) {
      this.firsts = firsts;
      this.offsets = offsets;
      this.runs = runs;
      this.count = count;
    }

    int count() {
      return count;
    }

    /** The store line number of this row's {@code index}th line. */
    int line(int index) {
      if (index < 0 || index >= count) {
        throw new IndexOutOfBoundsException("line " + index + " of " + count);
      }
      int run = run(index);
      return firsts[run] + (index - offsets[run]);
    }

    /** The run holding a row line: the last run whose offset is at most {@code index}. */
    private int run(int index) {
      int low = 0;
      int high = runs - 1;
      while (low < high) {
        int mid = (low + high + 1) >>> 1;
        if (offsets[mid] <= index) {
          low = mid;
        } else {
          high = mid - 1;
        }
      }
      return low;
    }

    /** Calls {@code visitor} with (row line, store line) for each line in {@code [from, to)}. */
    void forEach(int from, int to, LineVisitor visitor) {
      if (from < 0 || to > count || from > to) {
        throw new IndexOutOfBoundsException("[" + from + ", " + to + ") of " + count);
      }
      if (from == to) {
        return;
      }
      int run = run(from);
      int index = from;
      while (index < to) {
        int runEnd = run + 1 < runs ? offsets[run + 1] : count;
        int stop = Math.min(runEnd, to);
        for (; index < stop; index++) {
          visitor.visit(index, firsts[run] + (index - offsets[run]));
        }
        run++;
      }
    }
  }

  @FunctionalInterface
  interface LineVisitor {
    void visit(int rowLine, int storeLine);
  }
}
