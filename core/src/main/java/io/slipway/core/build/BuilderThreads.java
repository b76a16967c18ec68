package io.slipway.core.build;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The daemon threads a builder runs its builds, uploads and cancels on, named for thread dumps. */
public final class BuilderThreads {

  private BuilderThreads() {}

  /** A growing pool of daemon threads named {@code slipway-<name>-N}. */
  public static ExecutorService pool(String name) {
    AtomicInteger count = new AtomicInteger();
    return Executors.newCachedThreadPool(
        r -> {
          Thread t = new Thread(r, "slipway-" + name + "-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}
