package io.slipway.app.build;

import io.slipway.app.fx.FxEventBatcher;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Asks for one run of a task on the UI thread, however often it is asked from worker threads: at
 * most one run is pending, and runs are at least a pulse apart. The builder's thread calls {@link
 * #request()} after every event; the UI thread then takes one snapshot per pulse, whatever the
 * event rate. Unlike {@link FxEventBatcher} it carries no items, so a million log lines cost no
 * queue nodes.
 */
final class PulseSignal {
  private final FxEventBatcher.Scheduler scheduler;
  private final LongSupplier nanoClock;
  private final long minIntervalNanos;
  private final Runnable task;
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private volatile long lastRunNanos;
  private volatile boolean ranOnce;

  PulseSignal(
      FxEventBatcher.Scheduler scheduler,
      LongSupplier nanoClock,
      long minIntervalNanos,
      Runnable task) {
    this.scheduler = Objects.requireNonNull(scheduler);
    this.nanoClock = Objects.requireNonNull(nanoClock);
    this.minIntervalNanos = minIntervalNanos;
    this.task = Objects.requireNonNull(task);
  }

  /** From any thread; never blocks. */
  void request() {
    if (scheduled.compareAndSet(false, true)) {
      long delay =
          ranOnce ? Math.max(0, lastRunNanos + minIntervalNanos - nanoClock.getAsLong()) : 0;
      scheduler.schedule(this::run, delay);
    }
  }

  private void run() {
    // Cleared first: a request from here on schedules the next run, so none is lost.
    scheduled.set(false);
    lastRunNanos = nanoClock.getAsLong();
    ranOnce = true;
    task.run();
  }
}
