package io.slipway.core.engine;

import java.util.Optional;

/** Docker API versions ("1.41") and the client/server negotiation. */
final class ApiVersions {

  private ApiVersions() {}

  /**
   * The version to speak: the lower of what Slipway knows and what the engine offers, as the docker
   * CLI negotiates. But never below the engine's minimum: an engine that dropped old versions
   * (Docker 29 requires 1.44) would refuse every request, while a slightly newer version than
   * Slipway was written for is almost always compatible for the calls it makes.
   */
  static String negotiate(String clientMax, String serverMax, Optional<String> serverMin) {
    String version = compare(clientMax, serverMax) <= 0 ? clientMax : serverMax;
    if (serverMin.isPresent() && compare(version, serverMin.get()) < 0) {
      version = serverMin.get();
    }
    return version;
  }

  /** Numeric comparison, so that "1.9" &lt; "1.10". */
  static int compare(String a, String b) {
    int[] x = parse(a);
    int[] y = parse(b);
    return x[0] != y[0] ? Integer.compare(x[0], y[0]) : Integer.compare(x[1], y[1]);
  }

  static boolean atLeast(String version, String minimum) {
    return compare(version, minimum) >= 0;
  }

  /** Whether this looks like "MAJOR.MINOR". */
  static boolean isValid(String version) {
    return version != null && version.matches("\\d{1,4}\\.\\d{1,4}");
  }

  private static int[] parse(String version) {
    if (!isValid(version)) {
      throw new IllegalArgumentException("not an API version: " + version);
    }
    int dot = version.indexOf('.');
    return new int[] {
      Integer.parseInt(version.substring(0, dot)), Integer.parseInt(version.substring(dot + 1))
    };
  }
}
