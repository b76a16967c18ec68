package io.slipway.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import io.slipway.core.testing.EngineTestSupport;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the real daemon on this machine's default socket. */
class EngineIT {

  private static Engine engine;

  @BeforeEach
  void connectLikeANewUser() {
    // Per test, not per class, so that a skip shows up as skipped tests with the reason.
    EngineTestSupport.engineOrSkip();
    if (engine == null) {
      // An empty environment: what a desktop app launched without any Docker variables finds.
      engine =
          Engine.connect(new EngineLocator(Map.of(), Path.of(System.getProperty("user.home"))));
    }
  }

  @AfterAll
  static void close() {
    if (engine != null) {
      engine.close();
    }
  }

  @Test
  void findsTheDefaultSocket() {
    assertThat(engine.endpoint())
        .isEqualTo(EngineEndpoint.of("unix:///var/run/docker.sock", "default socket"));
  }

  @Test
  void infoMatchesWhatTheDaemonReports() throws IOException {
    EngineInfo info = engine.info();
    JsonNode version = getJson(engine.apiPath("/version"));

    assertThat(info.endpoint()).isEqualTo("unix:///var/run/docker.sock");
    assertThat(info.serverVersion()).isEqualTo(version.path("Version").asText());
    assertThat(info.maxApiVersion()).isEqualTo(version.path("ApiVersion").asText());
    assertThat(info.minApiVersion()).contains(version.path("MinAPIVersion").asText());
    assertThat(info.apiVersion())
        .isEqualTo(
            ApiVersions.negotiate(
                Engine.CLIENT_MAX_API, info.maxApiVersion(), info.minApiVersion()));
    assertThat(info.osType()).isEqualTo("linux");
    assertThat(info.buildKitDefault()).isTrue();
  }

  @Test
  void ciDaemonIs20_10_24WithApi1_41() {
    assumeTrue(
        engine.info().serverVersion().startsWith("20.10."),
        "the pinned values describe CI's dockerd 20.10.24; this engine is "
            + engine.info().serverVersion());

    assertThat(engine.info().serverVersion()).startsWith("20.10.24");
    assertThat(engine.info().apiVersion()).isEqualTo("1.41");
    assertThat(engine.info().osType()).isEqualTo("linux");
    assertThat(engine.info().buildKitDefault()).isTrue();
    assertThat(engine.apiPath("/build")).isEqualTo("/v1.41/build");
  }

  @Test
  void dockerJavaClientSpeaksTheNegotiatedVersion() {
    engine.client().pingCmd().exec();

    assertThat(engine.client().versionCmd().exec().getVersion())
        .isEqualTo(engine.info().serverVersion());
  }

  @Test
  void apiPathIsVersioned() {
    assertThat(engine.apiPath("/build")).isEqualTo("/v" + engine.info().apiVersion() + "/build");
  }

  @Test
  void pingAgainSeesTheSameEngine() {
    assertThat(engine.ping()).isEqualTo(engine.info());
  }

  @Test
  void anEngineLaterInTheListIsFoundAfterOnesThatDoNotAnswer(@TempDir Path dir) {
    EngineEndpoint missing = EngineEndpoint.of("unix://" + dir.resolve("none.sock"), "first");
    EngineEndpoint real = EngineEndpoint.of("unix:///var/run/docker.sock", "second");

    try (Engine found = Engine.connect(List.of(missing, real), Duration.ofSeconds(5))) {
      assertThat(found.endpoint()).isEqualTo(real);
    }
  }

  @Test
  void sharedTestEngineIsCachedPerJvm() {
    assertThat(EngineTestSupport.engineOrSkip()).isSameAs(EngineTestSupport.engineOrSkip());
  }

  private static JsonNode getJson(String path) throws IOException {
    DockerHttpClient.Request request =
        DockerHttpClient.Request.builder()
            .method(DockerHttpClient.Request.Method.GET)
            .path(path)
            .build();
    try (DockerHttpClient.Response response = engine.http().execute(request)) {
      assertThat(response.getStatusCode()).isEqualTo(200);
      return new ObjectMapper().readTree(response.getBody());
    }
  }
}
