package io.slipway.core.build.buildkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.SlipwayException;
import io.slipway.core.build.BuildArg;
import io.slipway.core.build.BuildRequest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the BuildKit builder sends, checked without an engine. */
class BuildKitBuilderTest {

  private static final Path CONTEXT = Path.of("/nowhere");

  @Test
  void theQueryIsTheDockerClisWithVersionTwoAndTheBuildId() {
    BuildRequest request =
        BuildRequest.builder(CONTEXT)
            .tag("app:1")
            .tag("app:latest")
            .buildArg("A", "x y")
            .buildArg(BuildArg.parse("FROM_ENV"))
            .buildArg(BuildArg.parse("UNSET"))
            .target("final")
            .noCache(true)
            .network("host")
            .extraHost("registry.local:10.0.0.5")
            .quiet(true)
            .build();

    String query =
        BuildKitBuilder.buildQuery(request, "sub/Dockerfile", Map.of("FROM_ENV", "e"), "b-1")
            .toString();

    assertThat(query)
        .isEqualTo(
            "t=app%3A1&t=app%3Alatest&dockerfile=sub%2FDockerfile"
                + "&buildargs=%7B%22A%22%3A%22x%20y%22%2C%22FROM_ENV%22%3A%22e%22%2C%22UNSET%22%3Anull%7D"
                + "&target=final&nocache=1&rm=1&networkmode=host"
                + "&extrahosts=registry.local%3A10.0.0.5&q=1&version=2&buildid=b-1");
  }

  @Test
  void onlyTheNetworkModesBuildKitKnowsAreSent() {
    for (String ok : new String[] {"default", "host", "none"}) {
      assertThatCode(
              () -> BuildKitBuilder.checkNetwork(BuildRequest.builder(CONTEXT).network(ok).build()))
          .doesNotThrowAnyException();
    }
    assertThatCode(() -> BuildKitBuilder.checkNetwork(BuildRequest.builder(CONTEXT).build()))
        .doesNotThrowAnyException();
    assertThatThrownBy(
            () ->
                BuildKitBuilder.checkNetwork(
                    BuildRequest.builder(CONTEXT).network("container:db").build()))
        .isInstanceOf(SlipwayException.class)
        .hasMessage(
            "BuildKit cannot build with --network container:db: it runs steps only in the default"
                + " network, the host's (--network host) or none (--network none). Pick one of"
                + " those, or build with the classic builder.");
  }
}
