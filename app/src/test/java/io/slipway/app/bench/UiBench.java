package io.slipway.app.bench;

import atlantafx.base.theme.PrimerLight;
import io.slipway.app.build.BuildView;
import io.slipway.app.build.BuildViewModel;
import io.slipway.app.fx.DaemonThreads;
import io.slipway.app.fx.FxEventBatcher;
import io.slipway.app.fx.FxThread;
import io.slipway.app.timeline.TimelineCanvas;
import io.slipway.core.build.BuildEvent.BuildFinished;
import io.slipway.core.build.BuildEvent.LogLine;
import io.slipway.core.build.BuildEvent.StepFinished;
import io.slipway.core.build.BuildEvent.StepStarted;
import io.slipway.core.build.BuildListener;
import io.slipway.core.build.BuildStatus;
import io.slipway.core.history.HistoryEntry;
import io.slipway.core.history.HistoryStore;
import io.slipway.core.timeline.BuildTimeline;
import io.slipway.core.timeline.TimelineSnapshot;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

/**
 * Issue 5's speed targets, measured in a real window (run by bench/ui-log-flood.sh under Xvfb):
 *
 * <ul>
 *   <li>{@code flood [LINES]}: a live build prints LINES log lines (1,000,000) as fast as the
 *       producer can; reported: the FX pulse (animation timer to end of layout), the per-pulse
 *       snapshot hand-over, how late a runLater probe runs (responsiveness), frame intervals, the
 *       heap (peak and after GC; run with -Xmx512m), and whether every line is kept; then the
 *       history save and reopen of that build.
 *   <li>{@code timeline [ROWS]}: a finished BuildKit-shaped build of ROWS vertices (1,000);
 *       scrolled and zoomed every frame for 10 s; reported: frame intervals and the canvas's paint
 *       time.
 * </ul>
 */
public final class UiBench extends Application {
  static String mode = "flood";
  static int size = 1_000_000;
  static int rate; // lines per second; 0: as fast as the producer can

  public static void main(String[] args) {
    if (args.length > 0) {
      mode = args[0];
    }
    if (args.length > 1) {
      size = Integer.parseInt(args[1]);
    }
    if (args.length > 2) {
      rate = Integer.parseInt(args[2]);
    }
    Application.launch(UiBench.class);
  }

  final ExecutorService background = Executors.newCachedThreadPool(new DaemonThreads("bench"));
  final ScheduledExecutorService pulse =
      Executors.newSingleThreadScheduledExecutor(new DaemonThreads("bench-pulse"));

  // Measurements, written on the FX thread.
  final List<Long> pulseNanos = new ArrayList<>();
  final List<Long> frameIntervals = new ArrayList<>();
  final List<Long> drainNanos = new ArrayList<>();
  long pulseStart;
  long lastFrame;
  volatile boolean measuring;

  BuildViewModel model;
  BuildView view;

  @Override
  public void start(Stage stage) {
    Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
    FxEventBatcher.Scheduler fx = FxThread.scheduler(pulse);
    FxEventBatcher.Scheduler timed =
        (task, delay) ->
            fx.schedule(
                () -> {
                  long t0 = System.nanoTime();
                  task.run();
                  if (measuring) {
                    drainNanos.add(System.nanoTime() - t0);
                  }
                },
                delay);
    model = new BuildViewModel(background, FxThread.executor(), timed, Clock.systemUTC());
    view = BuildView.load(model);
    Scene scene = new Scene(view.node(), 1280, 800);
    stage.setScene(scene);
    stage.setTitle("Slipway bench");
    stage.show();
    new AnimationTimer() {
      @Override
      public void handle(long now) {
        pulseStart = System.nanoTime();
        if (measuring && lastFrame != 0) {
          frameIntervals.add(now - lastFrame);
        }
        lastFrame = now;
      }
    }.start();
    scene.addPostLayoutPulseListener(
        () -> {
          if (measuring && pulseStart != 0) {
            pulseNanos.add(System.nanoTime() - pulseStart);
          }
        });
    background.execute(
        () -> {
          try {
            if (mode.equals("timeline")) {
              timeline();
            } else {
              flood();
            }
          } catch (Throwable e) {
            e.printStackTrace();
            System.exit(2);
          }
          System.exit(0);
        });
  }

  // ---------------------------------------------------------------------------------------------

  void flood() throws Exception {
    Thread.sleep(1500); // the window settles
    Instant t0 = Instant.now();
    BuildListener l = fx(() -> model.attach("bench", null, null, "synthetic"));
    Probe probe = new Probe();
    probe.start();
    reset();
    long started = System.nanoTime();
    l.onEvent(
        new StepStarted(
            t0, "ctx", 0, 3, "Sending build context (1 kB)", List.of(), Optional.empty()));
    l.onEvent(
        new StepFinished(t0, "ctx", false, Optional.empty(), Optional.empty(), Duration.ZERO));
    l.onEvent(
        new StepStarted(
            t0, "run", 1, 1, "[1/1] RUN ./print-a-million-lines", List.of(), Optional.of(2)));
    String pad = "x".repeat(40);
    for (int i = 0; i < size; i++) {
      if (rate > 0 && i % 1000 == 0) {
        long due = started + (long) (i * 1e9 / rate);
        long wait = due - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
      }
      String text =
          i % 1000 == 0
              ? "\u001b[32mprogress\u001b[0m " + i + " of " + size + " " + pad
              : "line " + i + " of the flood, some words to make it about eighty bytes " + pad;
      l.onEvent(
          new LogLine(t0.plusNanos(i * 1000L), Optional.of("run"), LogLine.Stream.STDOUT, text));
    }
    Instant end = t0.plusNanos(size * 1000L);
    l.onEvent(
        new StepFinished(end, "run", false, Optional.empty(), Optional.empty(), Duration.ZERO));
    l.onEvent(
        new BuildFinished(
            end,
            BuildStatus.SUCCEEDED,
            Duration.between(t0, end),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
    long produced = System.nanoTime() - started;
    // Wait for the UI to show the end.
    while (!fx(() -> model.phaseProperty().get() == BuildViewModel.Phase.FINISHED)) {
      Thread.sleep(20);
    }
    long shown = System.nanoTime() - started;
    Thread.sleep(1000); // a second of idle pulses after the end, following the log
    measuring = false;
    probe.stop = true;

    int kept = fx(() -> model.snapshotProperty().get().log().size());
    String last = fx(() -> model.snapshotProperty().get().log().text(kept - 1));
    int listed =
        fx(
            () ->
                view.controller().toString() != null ? model.shownLinesProperty().get().size() : 0);
    long peakHeap = peakHeap();
    System.gc();
    Thread.sleep(300);
    long usedAfterGc = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();

    System.out.printf(
        Locale.ROOT,
        "%n== log flood: %,d lines, %s ==%n",
        size,
        rate > 0
            ? String.format(Locale.ROOT, "paced at %,d lines/s", rate)
            : "as fast as possible");
    System.out.printf(
        Locale.ROOT,
        "producer: %.2f s (%,.0f lines/s); all shown after %.2f s%n",
        produced / 1e9,
        size / (produced / 1e9),
        shown / 1e9);
    System.out.printf(
        Locale.ROOT,
        "lines kept: %,d of %,d (+0 build lines); shown in the list: %,d; last: %s%n",
        kept,
        size,
        listed,
        last.substring(0, Math.min(30, last.length())));
    report("FX pulse (timer -> end of layout)", pulseNanos);
    report("snapshot hand-over per pulse (runLater)", drainNanos);
    report("runLater probe latency", probe.latencies);
    report("frame interval", frameIntervals);
    System.out.printf(
        Locale.ROOT,
        "heap: peak %d MB, after GC %d MB (max %d MB)%n",
        peakHeap >> 20,
        usedAfterGc >> 20,
        Runtime.getRuntime().maxMemory() >> 20);

    // The history: save it, list, reopen.
    Path dir = Files.createTempDirectory("slipway-bench-history");
    HistoryStore store = new HistoryStore(dir);
    TimelineSnapshot snap = fx(() -> model.snapshotProperty().get());
    long s0 = System.nanoTime();
    HistoryEntry entry = store.save("bench", snap, "synthetic");
    long s1 = System.nanoTime();
    TimelineSnapshot back = store.open(entry);
    long s2 = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "history: saved in %.2f s (%,d bytes gzipped), reopened in %.2f s with %,d lines%n",
        (s1 - s0) / 1e9,
        Files.size(store.timelineFile(entry)),
        (s2 - s1) / 1e9,
        back.log().size());
    store.delete(entry);
  }

  // ---------------------------------------------------------------------------------------------

  void timeline() throws Exception {
    TimelineSnapshot snap = synthetic(size);
    fx(
        () -> {
          model.showTimeline(snap);
          return null;
        });
    Thread.sleep(1500);
    TimelineCanvas canvas = view.timeline();
    long paints0 = fx(canvas::paintCount);
    long nanos0 = fx(canvas::paintNanos);
    reset();
    // Every frame: scroll by a few rows and zoom in or out around a moving pointer.
    CompletableFuture<Void> done = new CompletableFuture<>();
    fx(
        () -> {
          new AnimationTimer() {
            int frame;

            @Override
            public void handle(long now) {
              frame++;
              double w = canvas.viewport().width();
              int phase = (frame / 120) % 4;
              switch (phase) {
                case 0 -> canvas.panBy(0, -72); // scroll down 3 rows
                case 1 -> canvas.zoomAt((frame * 7) % w, 1.03);
                case 2 -> canvas.panBy(0, 72);
                default -> canvas.zoomAt((frame * 7) % w, 1 / 1.03);
              }
              if (frame % 30 == 0) {
                canvas.panBy(frame % 60 == 0 ? 40 : -40, 0);
              }
              if (frame >= 600) {
                stop();
                done.complete(null);
              }
            }
          }.start();
          return null;
        });
    done.get(120, TimeUnit.SECONDS);
    measuring = false;
    long paints = fx(canvas::paintCount) - paints0;
    long nanos = fx(canvas::paintNanos) - nanos0;
    System.out.printf(
        Locale.ROOT, "%n== timeline: %,d vertices, 600 frames of scroll + zoom ==%n", size);
    System.out.printf(
        Locale.ROOT,
        "canvas paints: %d, mean paint %.2f ms (only the visible rows)%n",
        paints,
        nanos / 1e6 / Math.max(1, paints));
    report("FX pulse (timer -> end of layout)", pulseNanos);
    report("frame interval", frameIntervals);
    double seconds = frameIntervals.stream().mapToLong(Long::longValue).sum() / 1e9;
    System.out.printf(Locale.ROOT, "frames per second: %.1f%n", frameIntervals.size() / seconds);
  }

  /** A BuildKit-shaped build: chains of vertices in 8 parallel stages, some cached. */
  public static TimelineSnapshot synthetic(int rows) {
    BuildTimeline t = new BuildTimeline();
    Instant t0 = Instant.parse("2026-03-02T10:00:00Z");
    Random random = new Random(42);
    String[] lastOfStage = new String[8];
    long[] clock = new long[8];
    for (int i = 0; i < rows; i++) {
      int stage = i % 8;
      String id = "sha256:" + String.format("%064x", i);
      List<String> parents = lastOfStage[stage] == null ? List.of() : List.of(lastOfStage[stage]);
      long start = clock[stage];
      boolean cached = random.nextInt(3) == 0;
      long dur = cached ? 5 : 50 + random.nextInt(2000);
      t.accept(
          new StepStarted(
              t0.plusMillis(start),
              id,
              i + 1,
              rows,
              "[stage-" + stage + " " + (i / 8 + 1) + "/" + (rows / 8) + "] RUN make part-" + i,
              parents,
              Optional.of(i + 1)));
      t.accept(
          new LogLine(
              t0.plusMillis(start), Optional.of(id), LogLine.Stream.STDOUT, "building part " + i));
      t.accept(
          new StepFinished(
              t0.plusMillis(start + dur),
              id,
              cached,
              Optional.empty(),
              Optional.empty(),
              Duration.ofMillis(dur)));
      clock[stage] = start + dur;
      lastOfStage[stage] = id;
    }
    long end = Arrays.stream(clock).max().orElse(0);
    t.accept(
        new BuildFinished(
            t0.plusMillis(end),
            BuildStatus.SUCCEEDED,
            Duration.ofMillis(end),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
    return t.snapshot();
  }

  // ---------------------------------------------------------------------------------------------

  /** Posts a runLater every 10 ms and records how late each runs. */
  final class Probe extends Thread {
    final List<Long> latencies = new ArrayList<>();
    volatile boolean stop;

    Probe() {
      setDaemon(true);
    }

    @Override
    public void run() {
      while (!stop) {
        long posted = System.nanoTime();
        Platform.runLater(
            () -> {
              if (measuring) {
                latencies.add(System.nanoTime() - posted);
              }
            });
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  void reset() throws Exception {
    fx(
        () -> {
          pulseNanos.clear();
          frameIntervals.clear();
          drainNanos.clear();
          lastFrame = 0;
          measuring = true;
          return null;
        });
  }

  static long peakHeap() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  static void report(String what, List<Long> nanos) {
    if (nanos.isEmpty()) {
      System.out.printf(Locale.ROOT, "%-42s no samples%n", what + ":");
      return;
    }
    long[] v = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(
        Locale.ROOT,
        "%-42s n=%d median %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
        what + ":",
        v.length,
        v[v.length / 2] / 1e6,
        v[(int) (v.length * 0.9)] / 1e6,
        v[Math.min(v.length - 1, (int) (v.length * 0.99))] / 1e6,
        v[v.length - 1] / 1e6);
  }

  static <T> T fx(java.util.concurrent.Callable<T> task) {
    CompletableFuture<T> f = new CompletableFuture<>();
    Platform.runLater(
        () -> {
          try {
            f.complete(task.call());
          } catch (Throwable e) {
            f.completeExceptionally(e);
          }
        });
    try {
      return f.get(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
