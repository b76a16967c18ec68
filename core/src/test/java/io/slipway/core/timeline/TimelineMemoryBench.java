package io.slipway.core.timeline;

import io.slipway.core.build.BuildEvent;
import io.slipway.core.build.BuildEvent.BuildFinished;
import io.slipway.core.build.BuildEvent.LogLine;
import io.slipway.core.build.BuildEvent.StepFinished;
import io.slipway.core.build.BuildEvent.StepStarted;
import io.slipway.core.build.BuildStatus;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How much memory a timeline keeps for a long log, against the size of the text (run by hand with
 * bench/timeline-memory.sh, not a test). A build whose one RUN prints N lines of about 80 bytes is
 * fed to a {@link BuildTimeline}; the events are made on the fly and dropped, as a builder does.
 * The timeline's retained size is measured two ways: by walking its object graph (shallow sizes
 * from {@link Instrumentation#getObjectSize} when started as an agent, else estimated for a 64-bit
 * JVM with compressed pointers) and by the heap in use after GC, before and after.
 *
 * <p>Arguments: [lines (100000)] [parallel steps printing in turns (1)].
 */
public final class TimelineMemoryBench {

  private static volatile Instrumentation instrumentation;

  /** Started with -javaagent (a jar whose manifest names this class), for exact object sizes. */
  public static void premain(String args, Instrumentation inst) {
    instrumentation = inst;
  }

  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  public static void main(String[] args) throws Exception {
    int lines = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int parallel = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    if (parallel < 1 || parallel > RUN_IDS.length) {
      throw new IllegalArgumentException("1 to " + RUN_IDS.length + " parallel steps");
    }

    // The text is made before measuring (and stays alive throughout), so the heap delta and the
    // feeding time are the timeline's alone; the timeline copies it and keeps no String.
    String[] text = new String[lines];
    long textBytes = 0;
    for (int i = 0; i < lines; i++) {
      text[i] = line(i);
      textBytes += text[i].getBytes(StandardCharsets.UTF_8).length;
    }

    feed(text, parallel).snapshot().log().search("warm-up", false); // warm the JIT, dropped
    long heapBefore = usedHeapAfterGc();
    long feedStart = System.nanoTime();
    BuildTimeline timeline = feed(text, parallel);
    long feedNanos = System.nanoTime() - feedStart;
    long heapAfter = usedHeapAfterGc();

    TimelineSnapshot snapshot = null;
    long snapNanos = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      long snapStart = System.nanoTime();
      snapshot = timeline.snapshot();
      snapNanos = Math.min(snapNanos, System.nanoTime() - snapStart);
    }

    Map<String, Long> byClass = new java.util.TreeMap<>();
    Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    long timelineGraph = graphSize(timeline, seen, byClass);
    long snapshotExtra = graphSize(snapshot, seen, null);
    long heapWithSnapshot = usedHeapAfterGc();

    int found = 0;
    long searchNanos = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      long searchStart = System.nanoTime();
      found = snapshot.log().search("FILE_04242.CPP", false).length;
      searchNanos = Math.min(searchNanos, System.nanoTime() - searchStart);
    }
    long exportStart = System.nanoTime();
    CountingStream counted = new CountingStream();
    TimelineJson.write(snapshot, counted);
    long exportNanos = System.nanoTime() - exportStart;

    // What keeping the events themselves would cost, for comparison.
    List<BuildEvent> kept = new ArrayList<>(lines);
    for (int i = 0; i < lines; i++) {
      kept.add(logEvent(i, parallel, line(i)));
    }
    long eventsGraph = graphSize(kept, Collections.newSetFromMap(new IdentityHashMap<>()), null);
    List<String> strings = new ArrayList<>(lines);
    for (int i = 0; i < lines; i++) {
      strings.add(line(i));
    }
    long stringsGraph =
        graphSize(strings, Collections.newSetFromMap(new IdentityHashMap<>()), null);

    System.out.printf(
        Locale.ROOT,
        "Timeline memory: %,d log lines (%.1f bytes on average) from %d RUN step%s%s%n",
        lines,
        (double) textBytes / lines,
        parallel,
        parallel == 1 ? "" : "s",
        parallel == 1 ? "" : " printing in turns, line by line (the worst case for row runs)");
    System.out.printf(
        Locale.ROOT,
        "  object sizes: %s%n",
        instrumentation != null ? "exact (Instrumentation agent)" : "estimated (no agent)");
    System.out.printf(Locale.ROOT, "  raw text, UTF-8                 %,13d B%n", textBytes);
    System.out.printf(
        Locale.ROOT,
        "  timeline, object graph          %,13d B  = %.3f x the text, %.1f B per line over it%n",
        timelineGraph,
        (double) timelineGraph / textBytes,
        (double) (timelineGraph - textBytes) / lines);
    System.out.printf(
        Locale.ROOT,
        "  timeline, heap delta after GC   %,13d B  = %.3f x the text%n",
        heapAfter - heapBefore,
        (double) (heapAfter - heapBefore) / textBytes);
    System.out.printf(
        Locale.ROOT,
        "  a snapshot on top of it         %,13d B  (heap delta %,d B)%n",
        snapshotExtra,
        heapWithSnapshot - heapAfter);
    System.out.printf(Locale.ROOT, "  largest parts of the timeline:%n");
    byClass.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(6)
        .forEach(
            e -> System.out.printf(Locale.ROOT, "    %-30s %,13d B%n", e.getKey(), e.getValue()));
    System.out.printf(Locale.ROOT, "  for comparison:%n");
    System.out.printf(
        Locale.ROOT,
        "    the LogLine events kept       %,13d B  = %.3f x the text%n",
        eventsGraph,
        (double) eventsGraph / textBytes);
    System.out.printf(
        Locale.ROOT,
        "    the lines as List<String>     %,13d B  = %.3f x the text%n",
        stringsGraph,
        (double) stringsGraph / textBytes);
    System.out.printf(
        Locale.ROOT,
        "  speed (after a warm-up run): fed in %d ms (%,.0f lines/s); snapshot() %.3f ms;"
            + " case-insensitive search of the whole log %.1f ms (%d hits); JSON export %,d B in"
            + " %d ms%n",
        feedNanos / 1_000_000,
        lines / (feedNanos / 1e9),
        snapNanos / 1e6,
        searchNanos / 1e6,
        found,
        counted.count,
        exportNanos / 1_000_000);
    if (timeline.snapshot().log().size() != lines) {
      throw new AssertionError("lines lost");
    }
    // Alive until here, or the JIT may let the GC take them between measurements.
    java.lang.ref.Reference.reachabilityFence(text);
    java.lang.ref.Reference.reachabilityFence(timeline);
  }

  /** About 80 bytes, varying from 64 to 96, like a compiler's progress output. */
  static String line(int i) {
    String base =
        String.format(
            Locale.ROOT,
            "[%3d%%] Building CXX object src/CMakeFiles/core.dir/module_%03d/file_%05d.cpp.o",
            (int) (100L * i / Math.max(1, i + 1)),
            i % 997,
            i % 100_000);
    int length = 64 + (int) Math.floorMod(i * 7919L, 33L);
    StringBuilder b = new StringBuilder(length).append(base);
    while (b.length() < length) {
      b.append(' ').append("-O2");
    }
    b.setLength(length);
    return b.toString();
  }

  private static BuildEvent logEvent(int i, int parallel, String text) {
    return new LogLine(
        T0.plusMillis(1_000 + i / 10),
        Optional.of(RUN_IDS[i % parallel]),
        LogLine.Stream.STDOUT,
        text);
  }

  private static final String[] RUN_IDS = new String[64];

  static {
    for (int i = 0; i < RUN_IDS.length; i++) {
      RUN_IDS[i] = "run" + i;
    }
  }

  private static BuildTimeline feed(String[] text, int parallel) {
    int lines = text.length;
    BuildTimeline t = new BuildTimeline();
    t.accept(
        new StepStarted(T0, "context", 0, 0, "Sending build context", List.of(), Optional.empty()));
    t.accept(finished(T0.plusMillis(100), "context"));
    t.accept(
        new StepStarted(T0.plusMillis(100), "1", 1, 2, "FROM busybox", List.of(), Optional.of(1)));
    t.accept(finished(T0.plusMillis(200), "1"));
    for (int p = 0; p < parallel; p++) {
      t.accept(
          new StepStarted(
              T0.plusMillis(200),
              RUN_IDS[p],
              2 + p,
              1 + parallel,
              "RUN make -j8 part" + p,
              List.of("1"),
              Optional.of(2 + p)));
    }
    for (int i = 0; i < lines; i++) {
      t.accept(logEvent(i, parallel, text[i]));
    }
    Instant end = T0.plusMillis(1_000 + lines / 10 + 10);
    for (int p = 0; p < parallel; p++) {
      t.accept(finished(end, RUN_IDS[p]));
    }
    t.accept(
        new BuildFinished(
            end,
            BuildStatus.SUCCEEDED,
            Duration.between(T0, end),
            Optional.of("sha256:1"),
            Optional.empty(),
            Optional.empty()));
    return t;
  }

  private static StepFinished finished(Instant at, String id) {
    return new StepFinished(at, id, false, Optional.empty(), Optional.empty(), Duration.ZERO);
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    Runtime rt = Runtime.getRuntime();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(50);
      used = Math.min(used, rt.totalMemory() - rt.freeMemory());
    }
    return used;
  }

  // ---- object graph size ----

  private static long graphSize(Object root, Set<Object> seen, Map<String, Long> byClass)
      throws IllegalAccessException {
    long total = 0;
    ArrayDeque<Object> stack = new ArrayDeque<>();
    stack.push(root);
    while (!stack.isEmpty()) {
      Object o = stack.pop();
      if (!seen.add(o)) {
        continue;
      }
      long size = shallowSize(o);
      total += size;
      if (byClass != null) {
        byClass.merge(o.getClass().getSimpleName(), size, Long::sum);
      }
      Class<?> c = o.getClass();
      if (c.isArray()) {
        if (!c.getComponentType().isPrimitive()) {
          for (int i = 0, n = Array.getLength(o); i < n; i++) {
            push(stack, Array.get(o, i));
          }
        }
        continue;
      }
      for (; c != null; c = c.getSuperclass()) {
        for (Field f : c.getDeclaredFields()) {
          if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
            continue;
          }
          f.setAccessible(true); // needs --add-opens for JDK classes (the script passes them)
          push(stack, f.get(o));
        }
      }
    }
    return total;
  }

  private static void push(ArrayDeque<Object> stack, Object o) {
    // Shared constants are not the timeline's: enums, classes.
    if (o != null && !(o instanceof Enum<?>) && !(o instanceof Class<?>)) {
      stack.push(o);
    }
  }

  private static long shallowSize(Object o) {
    if (instrumentation != null) {
      return instrumentation.getObjectSize(o);
    }
    Class<?> c = o.getClass();
    if (c.isArray()) {
      Class<?> t = c.getComponentType();
      long element = t.isPrimitive() ? primitiveSize(t) : 4;
      return align(16 + element * Array.getLength(o));
    }
    long size = 12;
    for (; c != null; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (!Modifier.isStatic(f.getModifiers())) {
          size += f.getType().isPrimitive() ? primitiveSize(f.getType()) : 4;
        }
      }
    }
    return align(size);
  }

  private static long primitiveSize(Class<?> t) {
    if (t == long.class || t == double.class) {
      return 8;
    }
    if (t == int.class || t == float.class) {
      return 4;
    }
    if (t == short.class || t == char.class) {
      return 2;
    }
    return 1;
  }

  private static long align(long size) {
    return (size + 7) & ~7L;
  }

  private static final class CountingStream extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
