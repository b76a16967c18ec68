package io.slipway.core;

import java.util.Locale;

/** Sizes as the docker CLI prints them: decimal units ("2.048kB", "1.1GB" → "1.1 GB"). */
public final class HumanUnits {
  private HumanUnits() {}

  public static String bytes(long bytes) {
    if (bytes < 1000) {
      return bytes + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB", "PB"};
    double v = bytes;
    int u = -1;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
