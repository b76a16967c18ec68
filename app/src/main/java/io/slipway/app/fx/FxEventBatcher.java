package io.slipway.app.fx;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Carries items from worker threads to the UI thread in batches. {@link #offer} may be called from
 * any thread and never blocks; the items are handed to the sink on the UI thread, in the order they
 * were offered, in as few calls as possible: at most one drain is pending at any time, and drains
 * are at least {@code minIntervalNanos} apart (one pulse at 60 Hz by default), so a build printing
 * a million lines costs the UI thread about sixty drains a second, whatever the rate.
 *
 * <p>The scheduling function and the clock are injected, so tests drive it without the toolkit.
 *
 * @param <T> the item type
 */
public final class FxEventBatcher<T> {

  /** Runs a task on the UI thread after (at least) a delay. */
  @FunctionalInterface
  public interface Scheduler {
    void schedule(Runnable task, long delayNanos);
  }

  /** One pulse of the JavaFX toolkit at 60 Hz. */
  public static final long PULSE_NANOS = 1_000_000_000L / 60;

  private final Scheduler scheduler;
  private final LongSupplier nanoClock;
  private final long minIntervalNanos;
  private final Consumer<List<T>> sink;

  private final ConcurrentLinkedQueue<T> queue = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile boolean drainedOnce;
  private volatile long lastDrainNanos;

  public FxEventBatcher(Scheduler scheduler, Consumer<List<T>> sink) {
    this(scheduler, System::nanoTime, PULSE_NANOS, sink);
  }

  public FxEventBatcher(
      Scheduler scheduler, LongSupplier nanoClock, long minIntervalNanos, Consumer<List<T>> sink) {
    this.scheduler = Objects.requireNonNull(scheduler);
    this.nanoClock = Objects.requireNonNull(nanoClock);
    this.minIntervalNanos = minIntervalNanos;
    this.sink = Objects.requireNonNull(sink);
  }

  /** Queues an item; from any thread. Schedules a drain unless one is already pending. */
  public void offer(T item) {
    queue.add(Objects.requireNonNull(item));
    if (scheduled.compareAndSet(false, true)) {
      long delay = 0;
      if (drainedOnce) {
        delay = Math.max(0, lastDrainNanos + minIntervalNanos - nanoClock.getAsLong());
      }
      scheduler.schedule(this::drain, delay);
    }
  }

  /** Hands everything queued so far to the sink, in one call. Runs on the UI thread. */
  void drain() {
    // Cleared before polling: an item offered from here on schedules the next drain, and every
    // item already queued is taken below, so none is ever left waiting.
    scheduled.set(false);
    lastDrainNanos = nanoClock.getAsLong();
    drainedOnce = true;
    List<T> batch = new ArrayList<>();
    for (T item = queue.poll(); item != null; item = queue.poll()) {
      batch.add(item);
    }
    if (!batch.isEmpty()) {
      sink.accept(batch);
    }
  }
}
