package io.slipway.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connecting to a stand-in engine on a UNIX socket: headers, negotiation, the clients. */
class EngineConnectTest {

  @TempDir Path dir;

  @Test
  void readsThePingHeadersAndVersion() throws IOException {
    Map<String, String> headers =
        Map.of("Ostype", "linux", "Builder-Version", "1", "Docker-Experimental", "true");
    try (FakeEngineServer fake =
            FakeEngineServer.unix(
                dir.resolve("d.sock"),
                FakeEngineServer.docker("1.41", "1.12", "20.10.24", headers));
        Engine engine = Engine.connect(EngineEndpoint.of(fake.host(), "DOCKER_HOST"))) {

      EngineInfo info = engine.info();
      assertThat(info.endpoint()).isEqualTo(fake.host());
      assertThat(info.serverVersion()).isEqualTo("20.10.24");
      assertThat(info.apiVersion()).isEqualTo("1.41");
      assertThat(info.maxApiVersion()).isEqualTo("1.41");
      assertThat(info.minApiVersion()).contains("1.12");
      assertThat(info.builderVersion()).contains("1");
      assertThat(info.experimental()).isTrue();
      assertThat(info.osType()).isEqualTo("linux");
      assertThat(info.buildKitDefault()).isFalse();
      assertThat(engine.apiPath("/build")).isEqualTo("/v1.41/build");
      assertThat(engine.apiPath("images/json")).isEqualTo("/v1.41/images/json");
    }
  }

  @Test
  void negotiatesDownToTheClientAndUpToTheEnginesMinimum() throws IOException {
    try (FakeEngineServer fake =
            FakeEngineServer.unix(
                dir.resolve("d.sock"),
                FakeEngineServer.docker("1.52", "1.44", "29.0.0", Map.of()));
        Engine engine = Engine.connect(EngineEndpoint.of(fake.host(), "DOCKER_HOST"))) {

      assertThat(engine.info().apiVersion()).isEqualTo("1.44");
      assertThat(engine.info().maxApiVersion()).isEqualTo("1.52");
      // No Ostype header: the OS comes from /version.
      assertThat(engine.info().osType()).isEqualTo("linux");
      assertThat(engine.info().builderVersion()).isEmpty();
      assertThat(engine.info().buildKitDefault()).isTrue();
    }
  }

  @Test
  void rawTransportAndDockerJavaClientWork() throws IOException {
    try (FakeEngineServer fake =
            FakeEngineServer.unix(
                dir.resolve("d.sock"),
                FakeEngineServer.docker("1.45", "1.24", "26.1.0", Map.of()));
        Engine engine = Engine.connect(EngineEndpoint.of(fake.host(), "DOCKER_HOST"))) {

      assertThat(engine.info().apiVersion()).isEqualTo(Engine.CLIENT_MAX_API);
      DockerHttpClient.Request request =
          DockerHttpClient.Request.builder()
              .method(DockerHttpClient.Request.Method.GET)
              .path(engine.apiPath("/version"))
              .build();
      try (DockerHttpClient.Response response = engine.http().execute(request)) {
        assertThat(response.getStatusCode()).isEqualTo(200);
      }
      engine.client().pingCmd().exec();
      assertThat(engine.client().versionCmd().exec().getVersion()).isEqualTo("26.1.0");
    }
  }

  @Test
  void pingAgainGivesFreshAnswersAndFailsClearlyOnceTheEngineIsGone() throws IOException {
    FakeEngineServer fake =
        FakeEngineServer.unix(
            dir.resolve("d.sock"), FakeEngineServer.docker("1.41", "1.12", "20.10.24", Map.of()));
    try (Engine engine = Engine.connect(EngineEndpoint.of(fake.host(), "default socket"))) {
      assertThat(engine.ping()).isEqualTo(engine.info());

      fake.close();

      assertThatThrownBy(engine::ping)
          .isInstanceOf(EngineUnavailableException.class)
          .hasMessageStartingWith("No Docker engine answers. Tried " + fake.host())
          .hasMessageContaining("no such file");
    }
  }

  @Test
  void serverHeaderIsTheFallbackForTheVersion() throws IOException {
    FakeEngineServer.Responder pingOnly =
        (m, p) ->
            p.equals("/_ping")
                ? FakeEngineServer.response(
                    200,
                    "OK",
                    Map.of("Api-Version", "1.41", "Server", "Docker/20.10.24+dfsg1 (linux)"),
                    "OK")
                : FakeEngineServer.response(500, "Oops", Map.of(), "");
    try (FakeEngineServer fake = FakeEngineServer.unix(dir.resolve("d.sock"), pingOnly);
        Engine engine = Engine.connect(EngineEndpoint.of(fake.host(), "DOCKER_HOST"))) {

      assertThat(engine.info().serverVersion()).isEqualTo("20.10.24+dfsg1");
      assertThat(engine.info().osType()).isEqualTo("linux");
      assertThat(engine.info().minApiVersion()).isEqualTo(Optional.empty());
    }
  }

  @Test
  void socketPathWithASpace() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("Jane Doe"));
    try (FakeEngineServer fake =
            FakeEngineServer.unix(
                folder.resolve("d.sock"),
                FakeEngineServer.docker("1.41", "1.12", "20.10.24", Map.of()));
        Engine engine = Engine.connect(EngineEndpoint.of(fake.host(), "DOCKER_HOST"))) {

      assertThat(engine.info().endpoint()).contains("Jane Doe");
      engine.client().pingCmd().exec();
    }
  }

  @Test
  void pingAfterCloseIsAProgrammingError() throws IOException {
    try (FakeEngineServer fake =
        FakeEngineServer.unix(
            dir.resolve("d.sock"), FakeEngineServer.docker("1.41", "1.12", "20.10.24", Map.of()))) {
      Engine engine = Engine.connect(EngineEndpoint.of(fake.host(), "DOCKER_HOST"));
      engine.close();

      assertThatThrownBy(engine::ping).isInstanceOf(IllegalStateException.class);
    }
  }
}
