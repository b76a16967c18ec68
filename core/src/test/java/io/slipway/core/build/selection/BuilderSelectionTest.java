package io.slipway.core.build.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.SlipwayException;
import io.slipway.core.engine.EngineInfo;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every combination of choice, DOCKER_BUILDKIT and engine answer, against the CLI's rules. */
class BuilderSelectionTest {

  /** Engines: what /_ping says (Builder-Version) and whether BuildKit is possible at all. */
  private static final Map<String, EngineInfo> ENGINES = new java.util.LinkedHashMap<>();

  static {
    ENGINES.put("linux 1.41, no header", engine("linux", "1.41", null));
    ENGINES.put("linux 1.41, Builder-Version 1", engine("linux", "1.41", "1"));
    ENGINES.put("linux 1.41, Builder-Version 2", engine("linux", "1.41", "2"));
    ENGINES.put("linux 1.38, no header", engine("linux", "1.38", null));
    ENGINES.put("windows 1.41, no header", engine("windows", "1.41", null));
  }

  private static final List<String> ENVIRONMENTS =
      List.of("<unset>", "", "1", "0", "true", "FALSE", "t", "F", "TRUE", "yes", "2", "on");

  private static EngineInfo engine(String os, String api, String builderVersion) {
    return new EngineInfo(
        "unix:///var/run/docker.sock",
        "20.10.24",
        api,
        api,
        Optional.of("1.12"),
        Optional.ofNullable(builderVersion),
        false,
        os);
  }

  static Stream<Arguments> combinations() {
    List<Arguments> all = new ArrayList<>();
    for (BuilderChoice choice : BuilderChoice.values()) {
      for (String env : ENVIRONMENTS) {
        for (String engine : ENGINES.keySet()) {
          all.add(Arguments.of(choice, env, engine));
        }
      }
    }
    return all.stream();
  }

  /** The rules, written out independently of the implementation. */
  private static String expected(BuilderChoice choice, String env, EngineInfo engine) {
    boolean capable = engine.osType().equals("linux") && !engine.apiVersion().equals("1.38");
    if (choice == BuilderChoice.CLASSIC) {
      return "CLASSIC classic: chosen";
    }
    if (choice == BuilderChoice.BUILDKIT) {
      return capable ? "BUILDKIT BuildKit: chosen" : "error: cannot run it";
    }
    if (!env.equals("<unset>") && !env.isEmpty()) {
      String v = env.toLowerCase();
      if (List.of("1", "t", "true").contains(v)) {
        return capable ? "BUILDKIT BuildKit: DOCKER_BUILDKIT=" + env : "error: cannot run it";
      }
      if (List.of("0", "f", "false").contains(v)) {
        return "CLASSIC classic: DOCKER_BUILDKIT=" + env;
      }
      return "error: is not a boolean";
    }
    String header = engine.builderVersion().orElse("");
    if (header.equals("1")) {
      return "CLASSIC classic: daemon default";
    }
    if (header.equals("2") || capable) {
      return "BUILDKIT BuildKit: daemon default";
    }
    return "CLASSIC classic: the engine cannot run BuildKit";
  }

  @ParameterizedTest(name = "{0} / DOCKER_BUILDKIT={1} / {2}")
  @MethodSource("combinations")
  void decidesAsTheDockerCliDoes(BuilderChoice choice, String env, String engineName) {
    EngineInfo engine = ENGINES.get(engineName);
    Map<String, String> environment = new HashMap<>();
    if (!env.equals("<unset>")) {
      environment.put("DOCKER_BUILDKIT", env);
    }
    String expected = expected(choice, env, engine);

    if (expected.startsWith("error: ")) {
      assertThatThrownBy(() -> BuilderSelection.select(choice, environment, engine))
          .isInstanceOf(SlipwayException.class)
          .hasMessageContaining(expected.substring("error: ".length()));
      return;
    }
    BuilderSelection selection = BuilderSelection.select(choice, environment, engine);
    assertThat(selection.kind() + " " + selection.reason()).startsWith(expected);
  }

  @org.junit.jupiter.api.Test
  void aBadDockerBuildkitNamesTheVariableAndTheValue() {
    assertThatThrownBy(
            () ->
                BuilderSelection.select(
                    BuilderChoice.AUTO,
                    Map.of("DOCKER_BUILDKIT", "yes"),
                    ENGINES.get("linux 1.41, no header")))
        .hasMessage(
            "DOCKER_BUILDKIT=\"yes\" is not a boolean. Set it to 1 or 0 (or true/false), or unset"
                + " it to let the engine decide.");
  }

  @org.junit.jupiter.api.Test
  void parsesTheToggle() {
    assertThat(BuilderChoice.parse("BuildKit")).isEqualTo(BuilderChoice.BUILDKIT);
    assertThat(BuilderChoice.parse("v1")).isEqualTo(BuilderChoice.CLASSIC);
    assertThat(BuilderChoice.parse(" auto ")).isEqualTo(BuilderChoice.AUTO);
    assertThatThrownBy(() -> BuilderChoice.parse("kaniko"))
        .hasMessageContaining("Use auto, classic or buildkit");
  }
}
