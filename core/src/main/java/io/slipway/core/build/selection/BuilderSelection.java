package io.slipway.core.build.selection;

import io.slipway.core.SlipwayException;
import io.slipway.core.engine.EngineInfo;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which builder runs a build, and why, decided as the docker CLI decides: an explicit choice wins;
 * Auto follows {@code DOCKER_BUILDKIT} when set, then the engine's {@code Builder-Version}, else
 * BuildKit where the engine supports it.
 *
 * @param reason shown to the user, e.g. "BuildKit: daemon default", "classic: DOCKER_BUILDKIT=0"
 */
public record BuilderSelection(BuilderKind kind, String reason) {

  public static final String DOCKER_BUILDKIT = "DOCKER_BUILDKIT";

  /**
   * Decides. Throws a {@link SlipwayException} for a {@code DOCKER_BUILDKIT} that is not a boolean,
   * and when BuildKit is asked for (explicitly or by the variable) but the engine cannot run it.
   */
  public static BuilderSelection select(
      BuilderChoice choice, Map<String, String> environment, EngineInfo engine) {
    switch (choice) {
      case CLASSIC:
        return new BuilderSelection(BuilderKind.CLASSIC, "classic: chosen");
      case BUILDKIT:
        requireBuildKit(engine, "BuildKit was chosen");
        return new BuilderSelection(BuilderKind.BUILDKIT, "BuildKit: chosen");
      default:
        break;
    }
    Optional<Boolean> fromEnv = parseDockerBuildKit(environment.get(DOCKER_BUILDKIT));
    if (fromEnv.isPresent()) {
      String value = environment.get(DOCKER_BUILDKIT).trim();
      if (fromEnv.get()) {
        requireBuildKit(engine, DOCKER_BUILDKIT + "=" + value + " asks for BuildKit");
        return new BuilderSelection(
            BuilderKind.BUILDKIT, "BuildKit: " + DOCKER_BUILDKIT + "=" + value);
      }
      return new BuilderSelection(BuilderKind.CLASSIC, "classic: " + DOCKER_BUILDKIT + "=" + value);
    }
    Optional<String> advertised = engine.builderVersion().map(String::trim);
    if (advertised.filter("1"::equals).isPresent()) {
      return new BuilderSelection(BuilderKind.CLASSIC, "classic: daemon default");
    }
    if (advertised.filter("2"::equals).isPresent() || engine.supportsBuildKit()) {
      return new BuilderSelection(BuilderKind.BUILDKIT, "BuildKit: daemon default");
    }
    return new BuilderSelection(
        BuilderKind.CLASSIC,
        "classic: the engine cannot run BuildKit ("
            + engine.osType()
            + ", API "
            + engine.apiVersion()
            + ")");
  }

  /**
   * Go's strconv.ParseBool, in any case: 1/0, t/f, true/false. Empty or absent means unset;
   * anything else is an error naming the variable and the value.
   */
  static Optional<Boolean> parseDockerBuildKit(String raw) {
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    switch (raw.trim().toLowerCase(Locale.ROOT)) {
      case "1":
      case "t":
      case "true":
        return Optional.of(true);
      case "0":
      case "f":
      case "false":
        return Optional.of(false);
      default:
        throw new SlipwayException(
            DOCKER_BUILDKIT
                + "=\""
                + raw
                + "\" is not a boolean. Set it to 1 or 0 (or true/false), or unset it to let"
                + " the engine decide.");
    }
  }

  private static void requireBuildKit(EngineInfo engine, String why) {
    if (!engine.supportsBuildKit()) {
      throw new SlipwayException(
          why
              + ", but the engine cannot run it ("
              + engine.osType()
              + ", API "
              + engine.apiVersion()
              + "; BuildKit needs a Linux engine with API 1.39 or later). Choose the classic"
              + " builder instead.");
    }
  }
}
