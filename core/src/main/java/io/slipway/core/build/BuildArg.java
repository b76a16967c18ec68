package io.slipway.core.build;

import io.slipway.core.SlipwayException;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code --build-arg}: {@code NAME=value}, or {@code NAME} alone, which takes the value from the
 * environment of the build (as {@code docker build} does) and is sent as declared-without-value
 * when the environment has no such variable.
 */
public record BuildArg(String name, Optional<String> value) {

  public BuildArg {
    if (name == null || name.isBlank()) {
      throw new SlipwayException(
          "A build arg needs a name: write NAME=value, or NAME to take the value from the"
              + " environment.");
    }
    if (name.chars().anyMatch(Character::isWhitespace)) {
      throw new SlipwayException(
          "Build arg name \"" + name + "\" contains white space. Write NAME=value without spaces.");
    }
  }

  public static BuildArg parse(String text) {
    int eq = text.indexOf('=');
    if (eq < 0) {
      return new BuildArg(text, Optional.empty());
    }
    return new BuildArg(text.substring(0, eq), Optional.of(text.substring(eq + 1)));
  }

  /** The value to send: the explicit one, else the environment's, else empty (declared only). */
  public Optional<String> resolve(Map<String, String> environment) {
    return value.isPresent() ? value : Optional.ofNullable(environment.get(name));
  }

  /** Build args may be secrets: show only where the value comes from. */
  @Override
  public String toString() {
    return value.isPresent() ? name + "=…" : name + " (from environment)";
  }
}
