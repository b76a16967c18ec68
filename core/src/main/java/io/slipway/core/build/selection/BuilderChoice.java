package io.slipway.core.build.selection;

import io.slipway.core.SlipwayException;
import java.util.Locale;

/** The builder toggle of a profile or of {@code slipway build --builder}. */
public enum BuilderChoice {
  /** As {@code docker build} decides: DOCKER_BUILDKIT, then the engine's default. */
  AUTO,
  CLASSIC,
  BUILDKIT;

  /** Parses {@code auto|classic|buildkit} in any case ({@code v1} is classic too). */
  public static BuilderChoice parse(String text) {
    switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "auto":
        return AUTO;
      case "classic":
      case "v1":
      case "legacy":
        return CLASSIC;
      case "buildkit":
        return BUILDKIT;
      default:
        throw new SlipwayException(
            "Unknown builder \"" + text + "\". Use auto, classic or buildkit.");
    }
  }
}
