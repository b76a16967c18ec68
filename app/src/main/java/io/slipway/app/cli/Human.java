package io.slipway.app.cli;

import java.time.Duration;
import java.util.Locale;

/** Sizes and durations as people read them. */
final class Human {
  private Human() {}

  static String bytes(long bytes) {
    return io.slipway.core.HumanUnits.bytes(bytes);
  }

  static String duration(Duration d) {
    long ms = d.toMillis();
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    return String.format(Locale.ROOT, "%dm%02ds", ms / 60_000, (ms / 1000) % 60);
  }
}
