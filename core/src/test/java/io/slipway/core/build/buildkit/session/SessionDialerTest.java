package io.slipway.core.build.buildkit.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.engine.EngineEndpoint;
import java.io.ByteArrayOutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-written upgrade, against a fake engine on a UNIX socket. */
class SessionDialerTest {

  @TempDir Path dir;

  /** Accepts one connection, reads the request head, answers {@code answer}. */
  private CompletableFuture<String> fakeEngine(ServerSocketChannel server, String answer) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (SocketChannel c = server.accept()) {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            ByteBuffer one = ByteBuffer.allocate(1);
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
              one.clear();
              if (c.read(one) < 0) {
                break;
              }
              head.write(one.get(0));
            }
            c.write(ByteBuffer.wrap(answer.getBytes(StandardCharsets.ISO_8859_1)));
            Thread.sleep(200);
            return head.toString(StandardCharsets.ISO_8859_1);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  private static Map.Entry<String, String> h(String k, String v) {
    return new AbstractMap.SimpleImmutableEntry<>(k, v);
  }

  @Test
  void theUpgradeRepeatsMethodHeadersAndLeavesTheHttp2PrefaceUnread() throws Exception {
    Path socket = dir.resolve("engine.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      CompletableFuture<String> request =
          fakeEngine(
              server,
              "HTTP/1.1 101 UPGRADED\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\nPRI * HTTP/2.0");
      SessionDialer.Upgraded up =
          SessionDialer.dial(
              EngineEndpoint.of("unix://" + socket, "test"),
              "/v1.41/session",
              List.of(
                  h("X-Docker-Expose-Session-Uuid", "abc"),
                  h("X-Docker-Expose-Session-Grpc-Method", "/a.B/C"),
                  h("X-Docker-Expose-Session-Grpc-Method", "/a.B/D")),
              Duration.ofSeconds(5));
      try (SocketChannel ch = up.channel()) {
        assertThat(up.unix()).isTrue();
        ByteBuffer rest = ByteBuffer.allocate(14);
        while (rest.hasRemaining() && ch.read(rest) >= 0) {
          // read the preface
        }
        assertThat(new String(rest.array(), StandardCharsets.ISO_8859_1))
            .isEqualTo("PRI * HTTP/2.0");
      }
      assertThat(request.get())
          .startsWith("POST /v1.41/session HTTP/1.1\r\n")
          .contains("Connection: Upgrade\r\n", "Upgrade: h2c\r\n")
          .contains("X-Docker-Expose-Session-Uuid: abc\r\n")
          .contains(
              "X-Docker-Expose-Session-Grpc-Method: /a.B/C\r\n",
              "X-Docker-Expose-Session-Grpc-Method: /a.B/D\r\n");
    }
  }

  @Test
  void anEngineThatDoesNotUpgradeIsARefusalWithItsStatus() throws Exception {
    Path socket = dir.resolve("old.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      fakeEngine(server, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
      assertThatThrownBy(
              () ->
                  SessionDialer.dial(
                      EngineEndpoint.of("unix://" + socket, "test"),
                      "/v1.41/session",
                      List.of(),
                      Duration.ofSeconds(5)))
          .isInstanceOfSatisfying(
              SessionDialer.RefusedException.class, e -> assertThat(e.status()).isEqualTo(404));
    }
  }

  @Test
  void aSilentEngineTimesOut() throws Exception {
    Path socket = dir.resolve("silent.sock");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(socket));
      assertThatThrownBy(
              () ->
                  SessionDialer.dial(
                      EngineEndpoint.of("unix://" + socket, "test"),
                      "/v1.41/session",
                      List.of(),
                      Duration.ofMillis(300)))
          .hasMessageContaining("did not answer the session request in time");
    }
  }
}
