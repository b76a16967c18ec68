package io.slipway.app.fx;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FxEventBatcherTest {

  /** A UI thread the test turns by hand: tasks wait until {@link #runAll()}. */
  private static final class ManualUi implements FxEventBatcher.Scheduler {
    final Deque<Runnable> tasks = new ArrayDeque<>();
    final List<Long> delays = new ArrayList<>();

    @Override
    public void schedule(Runnable task, long delayNanos) {
      tasks.add(task);
      delays.add(delayNanos);
    }

    void runAll() {
      while (!tasks.isEmpty()) {
        tasks.poll().run();
      }
    }
  }

  @Test
  void manyEventsBetweenTwoPulsesArriveInOneDrainInOrder() {
    ManualUi ui = new ManualUi();
    List<List<Integer>> drains = new ArrayList<>();
    FxEventBatcher<Integer> batcher = new FxEventBatcher<>(ui, drains::add);

    for (int i = 0; i < 10_000; i++) {
      batcher.offer(i);
    }
    assertThat(ui.tasks).as("one drain scheduled for all of them").hasSize(1);
    ui.runAll();

    assertThat(drains).hasSize(1);
    assertThat(drains.get(0)).hasSize(10_000);
    for (int i = 0; i < 10_000; i++) {
      assertThat(drains.get(0).get(i)).isEqualTo(i);
    }
  }

  @Test
  void eventsAfterADrainScheduleTheNextOneAPulseLater() {
    ManualUi ui = new ManualUi();
    AtomicLong now = new AtomicLong(1_000_000_000L);
    List<List<String>> drains = new ArrayList<>();
    long pulse = FxEventBatcher.PULSE_NANOS;
    FxEventBatcher<String> batcher = new FxEventBatcher<>(ui, now::get, pulse, drains::add);

    batcher.offer("a");
    assertThat(ui.delays).containsExactly(0L);
    ui.runAll();

    now.addAndGet(5_000_000L); // 5 ms after the drain
    batcher.offer("b");
    batcher.offer("c");
    assertThat(ui.delays).containsExactly(0L, pulse - 5_000_000L);
    ui.runAll();

    now.addAndGet(50_000_000L); // long after: no need to wait
    batcher.offer("d");
    assertThat(ui.delays).containsExactly(0L, pulse - 5_000_000L, 0L);
    ui.runAll();

    assertThat(drains).containsExactly(List.of("a"), List.of("b", "c"), List.of("d"));
  }

  @Test
  void neverHandsOverAnEmptyBatch() {
    ManualUi ui = new ManualUi();
    List<List<String>> drains = new ArrayList<>();
    FxEventBatcher<String> batcher = new FxEventBatcher<>(ui, drains::add);

    batcher.offer("x");
    Runnable drain = ui.tasks.peek();
    ui.runAll();
    drain.run(); // a stray extra run finds nothing to hand over

    assertThat(drains).containsExactly(List.of("x"));
  }

  @Test
  void aFastProducerOnAnotherThreadCostsFewDrainsAndLosesNothing() throws Exception {
    ScheduledExecutorService uiThread = Executors.newSingleThreadScheduledExecutor();
    try {
      int count = 200_000;
      List<Integer> received = Collections.synchronizedList(new ArrayList<>());
      AtomicInteger drains = new AtomicInteger();
      CountDownLatch done = new CountDownLatch(1);
      FxEventBatcher<Integer> batcher =
          new FxEventBatcher<>(
              (task, delay) -> uiThread.schedule(task, delay, TimeUnit.NANOSECONDS),
              batch -> {
                drains.incrementAndGet();
                received.addAll(batch);
                if (received.size() == count) {
                  done.countDown();
                }
              });

      Thread producer =
          new Thread(
              () -> {
                for (int i = 0; i < count; i++) {
                  batcher.offer(i);
                  if (i % 20_000 == 0) {
                    sleep(20); // spread over several pulses
                  }
                }
              });
      producer.start();
      producer.join();

      assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(received).hasSize(count);
      for (int i = 0; i < count; i++) {
        assertThat(received.get(i)).isEqualTo(i);
      }
      // ~10 sleeps of 20 ms: a handful of pulses, nowhere near one drain per event.
      assertThat(drains.get()).isBetween(2, 200);
    } finally {
      uiThread.shutdownNow();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
