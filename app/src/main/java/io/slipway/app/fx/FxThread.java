package io.slipway.app.fx;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;

/** The JavaFX side of the injected "run on the UI thread" functions. */
public final class FxThread {
  private FxThread() {}

  /** Runs tasks on the FX application thread, later. */
  public static Executor executor() {
    return Platform::runLater;
  }

  /**
   * A {@link FxEventBatcher.Scheduler} for the FX thread: at once through {@code runLater}, or
   * after a delay kept by {@code timer} (a small daemon scheduler owned by the caller).
   */
  public static FxEventBatcher.Scheduler scheduler(ScheduledExecutorService timer) {
    return (task, delayNanos) -> {
      if (delayNanos <= 0) {
        Platform.runLater(task);
      } else {
        timer.schedule(() -> Platform.runLater(task), delayNanos, TimeUnit.NANOSECONDS);
      }
    };
  }
}
