package io.slipway.core.timeline;

import io.slipway.core.build.BuildEvent.LogLine;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * The whole log of one build, append-only: each line's text is stored once, as UTF-8, in fixed-size
 * byte chunks; per line the store keeps where its text starts, the row it belongs to, its stream
 * and its time. Nothing is ever copied or moved once written (chunks are never reallocated; only
 * the small chunk directories grow, by copying references), so a {@link Frozen} view taken at some
 * line count stays valid and unchanging while the writer goes on appending.
 *
 * <p>Memory per line: its UTF-8 bytes plus 17 bytes (start offset 8, row 4, time 4, stream 1).
 * Times are kept as milliseconds from the first line's, as an int (about ±24 days; clamped beyond).
 *
 * <p>Not thread-safe: written from one thread. A {@link Frozen} may be read from any thread once it
 * has been safely published (the writer never touches the slots it covers again).
 */
final class LogStore {

  static final int TEXT_CHUNK_BITS = 16; // 64 KiB of text per chunk
  private static final int TEXT_CHUNK = 1 << TEXT_CHUNK_BITS;
  private static final int TEXT_MASK = TEXT_CHUNK - 1;
  static final int INDEX_CHUNK_BITS = 12; // 4,096 lines per index chunk
  private static final int INDEX_CHUNK = 1 << INDEX_CHUNK_BITS;
  private static final int INDEX_MASK = INDEX_CHUNK - 1;
  private static final LogLine.Stream[] STREAMS = LogLine.Stream.values();

  private byte[][] text = new byte[4][];
  private long textSize;
  private long[][] starts = new long[4][];
  private int[][] rows = new int[4][];
  private int[][] times = new int[4][];
  private byte[][] streams = new byte[4][];
  private int lines;
  private long baseMillis;

  int lines() {
    return lines;
  }

  /**
   * Appends one line and returns its number (from 0). {@code row} is the owning row's ordinal, or
   * -1 for a line without a step. The time is kept to the millisecond.
   */
  int append(Instant time, int row, LogLine.Stream stream, String line) {
    if (lines == Integer.MAX_VALUE) {
      throw new IllegalStateException("a log of more than 2^31 lines");
    }
    long millis = time.toEpochMilli();
    if (lines == 0) {
      baseMillis = millis;
    }
    int n = lines;
    int chunk = n >>> INDEX_CHUNK_BITS;
    int slot = n & INDEX_MASK;
    if (slot == 0) {
      addIndexChunk(chunk);
    }
    starts[chunk][slot] = textSize;
    rows[chunk][slot] = row;
    times[chunk][slot] =
        (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, millis - baseMillis));
    streams[chunk][slot] = (byte) stream.ordinal();
    appendText(line);
    lines = n + 1;
    return n;
  }

  private void addIndexChunk(int chunk) {
    if (chunk == starts.length) {
      int size = chunk * 2;
      starts = Arrays.copyOf(starts, size);
      rows = Arrays.copyOf(rows, size);
      times = Arrays.copyOf(times, size);
      streams = Arrays.copyOf(streams, size);
    }
    starts[chunk] = new long[INDEX_CHUNK];
    rows[chunk] = new int[INDEX_CHUNK];
    times[chunk] = new int[INDEX_CHUNK];
    streams[chunk] = new byte[INDEX_CHUNK];
  }

  private void appendText(String line) {
    int length = line.length();
    for (int i = 0; i < length; i++) {
      char c = line.charAt(i);
      if (c >= 0x80) {
        // Not ASCII: encode the rest at once (a transient array, not retained).
        byte[] rest = line.substring(i).getBytes(StandardCharsets.UTF_8);
        for (byte b : rest) {
          put(b);
        }
        return;
      }
      put((byte) c);
    }
  }

  private void put(byte b) {
    int chunk = (int) (textSize >>> TEXT_CHUNK_BITS);
    int offset = (int) (textSize & TEXT_MASK);
    if (offset == 0) {
      if (chunk == text.length) {
        text = Arrays.copyOf(text, chunk * 2);
      }
      text[chunk] = new byte[TEXT_CHUNK];
    }
    text[chunk][offset] = b;
    textSize++;
  }

  /** A view of the first {@link #lines()} lines as they are now; never changes afterwards. */
  Frozen freeze() {
    return new Frozen(text, textSize, starts, rows, times, streams, lines, baseMillis);
  }

  /** The first {@code lines} lines of a store. Immutable; shares the store's chunks. */
  static final class Frozen {
    static final Frozen EMPTY = new LogStore().freeze();

    private final byte[][] text;
    private final long textSize;
    private final long[][] starts;
    private final int[][] rows;
    private final int[][] times;
    private final byte[][] streams;
    private final int lines;
    private final long baseMillis;

    private Frozen(
        byte[][] text,
        long textSize,
        long[][] starts,
        int[][] rows,
        int[][] times,
        byte[][] streams,
        int lines,
        long baseMillis) {
      this.text = text;
      this.textSize = textSize;
      this.starts = starts;
      this.rows = rows;
      this.times = times;
      this.streams = streams;
      this.lines = lines;
      this.baseMillis = baseMillis;
    }

    int lines() {
      return lines;
    }

    /** The UTF-8 size of all the text. */
    long textBytes() {
      return textSize;
    }

    int row(int line) {
      check(line);
      return rows[line >>> INDEX_CHUNK_BITS][line & INDEX_MASK];
    }

    LogLine.Stream stream(int line) {
      check(line);
      return STREAMS[streams[line >>> INDEX_CHUNK_BITS][line & INDEX_MASK]];
    }

    long epochMillis(int line) {
      check(line);
      return baseMillis + times[line >>> INDEX_CHUNK_BITS][line & INDEX_MASK];
    }

    private long start(int line) {
      return starts[line >>> INDEX_CHUNK_BITS][line & INDEX_MASK];
    }

    private long end(int line) {
      return line + 1 == lines ? textSize : start(line + 1);
    }

    String text(int line) {
      check(line);
      long from = start(line);
      int length = (int) (end(line) - from);
      int chunk = (int) (from >>> TEXT_CHUNK_BITS);
      int offset = (int) (from & TEXT_MASK);
      if (offset + length <= TEXT_CHUNK) {
        return new String(text[chunk], offset, length, StandardCharsets.UTF_8);
      }
      byte[] bytes = new byte[length];
      for (int copied = 0; copied < length; ) {
        int n = Math.min(length - copied, TEXT_CHUNK - offset);
        System.arraycopy(text[chunk], offset, bytes, copied, n);
        copied += n;
        chunk++;
        offset = 0;
      }
      return new String(bytes, StandardCharsets.UTF_8);
    }

    /**
     * Whether the line's UTF-8 bytes contain {@code needle}; with {@code foldAscii}, ASCII letters
     * match either case (the needle must then be lower-case).
     */
    boolean contains(int line, byte[] needle, boolean foldAscii) {
      check(line);
      long from = start(line);
      long last = end(line) - needle.length;
      if (needle.length == 0) {
        return true;
      }
      byte first = needle[0];
      for (long p = from; p <= last; p++) {
        if (fold(byteAt(p), foldAscii) != first) {
          continue;
        }
        int i = 1;
        while (i < needle.length && fold(byteAt(p + i), foldAscii) == needle[i]) {
          i++;
        }
        if (i == needle.length) {
          return true;
        }
      }
      return false;
    }

    private byte byteAt(long position) {
      return text[(int) (position >>> TEXT_CHUNK_BITS)][(int) (position & TEXT_MASK)];
    }

    private static byte fold(byte b, boolean foldAscii) {
      return foldAscii && b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }

    private void check(int line) {
      if (line < 0 || line >= lines) {
        throw new IndexOutOfBoundsException("line " + line + " of " + lines);
      }
    }
  }
}
