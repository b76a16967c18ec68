package io.slipway.app.main;

import java.time.Duration;

/** Durations the way the window shows them: "0.4s", "12.4s", "2m 05s", "1h 02m". */
public final class DurationFormat {
  private DurationFormat() {}

  public static String format(Duration d) {
    if (d == null || d.isNegative()) {
      d = Duration.ZERO;
    }
    long millis = d.toMillis();
    if (millis < 60_000) {
      long tenths = millis / 100;
      return (tenths / 10) + "." + (tenths % 10) + "s";
    }
    long seconds = millis / 1000;
    if (seconds < 3600) {
      return String.format("%dm %02ds", seconds / 60, seconds % 60);
    }
    return String.format("%dh %02dm", seconds / 3600, (seconds % 3600) / 60);
  }
}
