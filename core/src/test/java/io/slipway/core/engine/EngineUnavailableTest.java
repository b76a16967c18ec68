package io.slipway.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Endpoints that do not answer like a Docker engine, and what the user is told. */
class EngineUnavailableTest {

  private static final Duration SHORT = Duration.ofSeconds(1);

  @TempDir Path dir;

  private static EngineEndpoint unix(Path socket, String source) {
    return EngineEndpoint.of("unix://" + socket, source);
  }

  /** A socket file that nobody listens on any more: bound once, then closed. */
  private Path deadSocket(String name) throws IOException {
    Path socket = dir.resolve(name);
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
    }
    assertThat(socket).exists();
    return socket;
  }

  private static void assertReadable(String message) {
    assertThat(message)
        .doesNotContain("Exception")
        .doesNotContain("java.")
        .doesNotContain("\tat ")
        .doesNotContainPattern("[a-z]+\\.[a-z]+\\.[A-Z]\\w+");
  }

  @Test
  void missingSocket() {
    EngineEndpoint ep = unix(dir.resolve("nope.sock"), "default socket");

    EngineUnavailableException e =
        catchThrowableOfType(EngineUnavailableException.class, () -> Engine.connect(ep));

    assertThat(e.attempts()).extracting(a -> a.endpoint()).containsExactly(ep);
    assertThat(e.getMessage())
        .startsWith("No Docker engine answers. Tried unix://" + dir.resolve("nope.sock"))
        .contains("(default socket): no such file — is Docker installed and running?")
        .contains("Start it (sudo systemctl start docker) or set DOCKER_HOST.");
    assertReadable(e.getMessage());
  }

  @Test
  void socketNobodyListensOn() throws IOException {
    EngineEndpoint ep = unix(deadSocket("dead.sock"), "DOCKER_HOST");

    EngineUnavailableException e =
        catchThrowableOfType(EngineUnavailableException.class, () -> Engine.connect(ep));

    assertThat(e.attempts().get(0).reason())
        .startsWith("connection refused — the socket is there but no engine listens");
    assertReadable(e.getMessage());
  }

  @Test
  void plainFileInsteadOfASocket() throws IOException {
    Path file = Files.writeString(dir.resolve("docker.sock"), "");

    EngineUnavailableException e =
        catchThrowableOfType(
            EngineUnavailableException.class, () -> Engine.connect(unix(file, "DOCKER_HOST")));

    assertThat(e.attempts().get(0).reason()).contains("not a socket").contains("DOCKER_HOST");
  }

  @Test
  void socketThatAcceptsButNeverAnswersIsBounded() throws IOException {
    try (FakeEngineServer silent =
        FakeEngineServer.unix(dir.resolve("silent.sock"), (method, path) -> null)) {
      EngineEndpoint ep = EngineEndpoint.of(silent.host(), "DOCKER_HOST");

      long start = System.nanoTime();
      EngineUnavailableException e =
          catchThrowableOfType(
              EngineUnavailableException.class, () -> Engine.connect(List.of(ep), SHORT));
      Duration took = Duration.ofNanos(System.nanoTime() - start);

      assertThat(took).isLessThan(Duration.ofSeconds(4));
      assertThat(e.attempts().get(0).reason())
          .startsWith("no answer within 1 s — something accepts connections there");
    }
  }

  @Test
  void defaultPingTimeoutIsFiveSeconds() throws IOException {
    try (FakeEngineServer silent =
        FakeEngineServer.unix(dir.resolve("silent.sock"), (method, path) -> null)) {
      long start = System.nanoTime();
      assertThatThrownBy(() -> Engine.connect(EngineEndpoint.of(silent.host(), "DOCKER_HOST")))
          .isInstanceOf(EngineUnavailableException.class)
          .hasMessageContaining("no answer within 5 s");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(9));
    }
  }

  @Test
  void everyEndpointTriedIsListedWithItsReason() throws IOException {
    try (FakeEngineServer silent =
        FakeEngineServer.unix(dir.resolve("silent.sock"), (method, path) -> null)) {
      EngineEndpoint missing = unix(dir.resolve("missing.sock"), "default socket");
      EngineEndpoint dead = unix(deadSocket("dead.sock"), "Docker Desktop socket");
      EngineEndpoint hung = EngineEndpoint.of(silent.host(), "Colima socket");

      EngineUnavailableException e =
          catchThrowableOfType(
              EngineUnavailableException.class,
              () -> Engine.connect(List.of(missing, dead, hung), SHORT));

      assertThat(e.attempts()).extracting(a -> a.endpoint()).containsExactly(missing, dead, hung);
      List<String> lines = e.getMessage().lines().toList();
      assertThat(lines).hasSize(4);
      assertThat(lines.get(0)).isEqualTo("No Docker engine answers. Tried:");
      assertThat(lines.get(1)).startsWith("- " + missing.describe() + ": no such file");
      assertThat(lines.get(2))
          .startsWith("- " + dead.describe() + ": connection refused")
          .endsWith("Start Docker Desktop.");
      assertThat(lines.get(3)).startsWith("- " + hung.describe() + ": no answer within 1 s");
      assertReadable(e.getMessage());
    }
  }

  @Test
  void theFirstEndpointThatAnswersWins() throws IOException {
    try (FakeEngineServer engine =
        FakeEngineServer.unix(
            dir.resolve("ok.sock"),
            FakeEngineServer.docker("1.41", "1.12", "20.10.24", Map.of()))) {
      EngineEndpoint missing = unix(dir.resolve("missing.sock"), "default socket");
      EngineEndpoint ok = EngineEndpoint.of(engine.host(), "Colima socket");

      try (Engine connected = Engine.connect(List.of(missing, ok), SHORT)) {
        assertThat(connected.endpoint()).isEqualTo(ok);
      }
    }
  }

  @Test
  void tcpPortNobodyListensOn() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    EngineEndpoint ep = EngineEndpoint.of("tcp://127.0.0.1:" + port, "DOCKER_HOST");

    EngineUnavailableException e =
        catchThrowableOfType(
            EngineUnavailableException.class, () -> Engine.connect(List.of(ep), SHORT));

    assertThat(e.attempts().get(0).reason())
        .startsWith("connection refused — nothing listens at 127.0.0.1")
        .endsWith("or correct DOCKER_HOST");
  }

  @Test
  void webServerThatIsNotDocker() throws IOException {
    try (FakeEngineServer web =
        FakeEngineServer.tcp(
            (m, p) ->
                FakeEngineServer.response(
                    404, "Not Found", Map.of("Server", "nginx/1.25"), "<html>nope</html>"))) {
      EngineEndpoint ep = EngineEndpoint.of(web.host(), "DOCKER_HOST");

      EngineUnavailableException e =
          catchThrowableOfType(
              EngineUnavailableException.class, () -> Engine.connect(List.of(ep), SHORT));

      assertThat(e.attempts().get(0).reason())
          .startsWith("answered HTTP 404 (server: nginx/1.25) instead of a Docker engine's OK");
    }
  }

  @Test
  void okWithoutApiVersionIsNotDocker() throws IOException {
    try (FakeEngineServer web =
        FakeEngineServer.tcp((m, p) -> FakeEngineServer.response(200, "OK", Map.of(), "OK"))) {
      EngineUnavailableException e =
          catchThrowableOfType(
              EngineUnavailableException.class,
              () -> Engine.connect(List.of(EngineEndpoint.of(web.host(), "DOCKER_HOST")), SHORT));

      assertThat(e.attempts().get(0).reason()).contains("without an API version");
    }
  }

  @Test
  void plainHttpToATlsEngine() throws IOException {
    String dockerTlsAnswer = "Client sent an HTTP request to an HTTPS server.\n";
    try (FakeEngineServer tlsOnly =
        FakeEngineServer.tcp(
            (m, p) -> FakeEngineServer.response(400, "Bad Request", Map.of(), dockerTlsAnswer))) {
      EngineUnavailableException e =
          catchThrowableOfType(
              EngineUnavailableException.class,
              () ->
                  Engine.connect(List.of(EngineEndpoint.of(tlsOnly.host(), "DOCKER_HOST")), SHORT));

      assertThat(e.attempts().get(0).reason())
          .startsWith("the engine expects TLS — set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH");
    }
  }

  @Test
  void tlsToAPlainServer() throws IOException {
    try (FakeEngineServer plain =
        FakeEngineServer.tcpGreeting(
            FakeEngineServer.response(400, "Bad Request", Map.of(), "plain http"))) {
      EngineEndpoint ep =
          new EngineEndpoint(plain.host(), "DOCKER_HOST", Optional.of(new TlsMaterial(dir, false)));

      EngineUnavailableException e =
          catchThrowableOfType(
              EngineUnavailableException.class, () -> Engine.connect(List.of(ep), SHORT));

      assertThat(e.attempts().get(0).reason())
          .startsWith("TLS handshake failed: the engine at this address does not speak TLS");
      assertReadable(e.getMessage());
    }
  }

  @Test
  void sshIsExplainedNotAttempted() {
    EngineUnavailableException e =
        catchThrowableOfType(
            EngineUnavailableException.class,
            () -> Engine.connect(EngineEndpoint.of("ssh://me@build-box", "DOCKER_HOST")));

    assertThat(e.attempts().get(0).reason())
        .startsWith("Slipway cannot connect over SSH yet")
        .contains("DOCKER_HOST=unix:///tmp/docker.sock");
  }

  @Test
  void unreadableTlsFilesAreNamed() throws IOException {
    Files.writeString(dir.resolve("cert.pem"), "not a certificate");
    Files.writeString(dir.resolve("key.pem"), "not a key");
    EngineEndpoint ep =
        new EngineEndpoint(
            "tcp://localhost:2376", "DOCKER_HOST", Optional.of(new TlsMaterial(dir, true)));

    EngineUnavailableException e =
        catchThrowableOfType(EngineUnavailableException.class, () -> Engine.connect(ep));

    assertThat(e.attempts().get(0).reason())
        .contains(dir.resolve("key.pem").toString())
        .contains("DOCKER_CERT_PATH");
    assertReadable(e.getMessage());
  }
}
