package io.slipway.core.build.buildkit.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.build.BuildEvent;
import io.slipway.core.build.BuildRequest;
import io.slipway.core.build.BuildResult;
import io.slipway.core.build.BuildStatus;
import io.slipway.core.build.RegistryAccess;
import io.slipway.core.build.buildkit.BuildKitBuilder;
import io.slipway.core.engine.Engine;
import io.slipway.core.engine.EngineEndpoint;
import io.slipway.core.engine.TlsMaterial;
import io.slipway.core.testing.EngineTestSupport;
import io.slipway.core.testing.TestImages;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session over TCP and over TLS: the engine's UNIX socket is exposed on a loopback port by a
 * small relay in this test (plain, or TLS with a certificate made by keytool), and a build goes
 * through a session on that port.
 */
class SessionTransportIT {

  @TempDir Path dir;

  private Engine local;
  private TestImages images;
  private ServerSocket relay;
  private final List<BuildEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    local = EngineTestSupport.engineOrSkip();
    org.junit.jupiter.api.Assumptions.assumeTrue(
        local.endpoint().socketPath().isPresent(), "needs the engine on a UNIX socket");
    images = new TestImages(local);
  }

  @AfterEach
  void tearDown() throws IOException {
    if (relay != null) {
      relay.close();
    }
    images.close();
  }

  /** When set, the relay answers {@code POST /session} with 404, as an engine without sessions. */
  private volatile boolean refuseSessions;

  /** Accepts connections on {@code server} and pipes each to the engine's UNIX socket. */
  private void relayTo(ServerSocket server, Path socket) {
    relay = server;
    Thread t =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket client = server.accept();
                  if (refuseSessions) {
                    java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
                    InputStream in = client.getInputStream();
                    for (int b; (b = in.read()) >= 0 && b != '\n'; ) {
                      line.write(b);
                    }
                    line.write('\n');
                    if (line.toString(java.nio.charset.StandardCharsets.ISO_8859_1)
                        .matches("POST /v[0-9.]+/session HTTP/1\\.1\\s*")) {
                      client
                          .getOutputStream()
                          .write(
                              "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                                  .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
                      client.close();
                      continue;
                    }
                    client = new PrefixedSocket(client, line.toByteArray());
                  }
                  SocketChannel engine = SocketChannel.open(StandardProtocolFamily.UNIX);
                  engine.connect(UnixDomainSocketAddress.of(socket));
                  // Channel reads and writes directly: Channels' streams share one lock.
                  pipe(client.getInputStream(), toChannel(engine), client, engine);
                  pipe(fromChannel(engine), client.getOutputStream(), client, engine);
                } catch (IOException e) {
                  return;
                }
              }
            },
            "test-engine-relay");
    t.setDaemon(true);
    t.start();
  }

  /** A socket whose first bytes were already read: they are read again first. */
  private static final class PrefixedSocket extends Socket {
    private final Socket socket;
    private final byte[] prefix;

    PrefixedSocket(Socket socket, byte[] prefix) {
      this.socket = socket;
      this.prefix = prefix;
    }

    @Override
    public InputStream getInputStream() throws IOException {
      return new java.io.SequenceInputStream(
          new java.io.ByteArrayInputStream(prefix), socket.getInputStream());
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
      return socket.getOutputStream();
    }

    @Override
    public synchronized void close() throws IOException {
      socket.close();
    }
  }

  private static OutputStream toChannel(SocketChannel ch) {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b, off, len);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
      }
    };
  }

  private static InputStream fromChannel(SocketChannel ch) {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return ch.read(java.nio.ByteBuffer.wrap(b, off, len));
      }
    };
  }

  private static void pipe(
      InputStream in, OutputStream out, java.io.Closeable a, java.io.Closeable b) {
    Thread t =
        new Thread(
            () -> {
              try {
                byte[] buf = new byte[64 * 1024];
                for (int n; (n = in.read(buf)) >= 0; ) {
                  out.write(buf, 0, n);
                  out.flush();
                }
              } catch (IOException ignored) {
                // closed
              } finally {
                try {
                  a.close();
                  b.close();
                } catch (IOException ignored) {
                  // closed
                }
              }
            });
    t.setDaemon(true);
    t.start();
  }

  private void buildsThroughASession(Engine engine) throws Exception {
    Path ctx = Files.createDirectories(dir.resolve("ctx"));
    String run = UUID.randomUUID().toString();
    Files.writeString(ctx.resolve("hello.txt"), run + "\n");
    Files.writeString(
        ctx.resolve("Dockerfile"),
        "FROM " + TestImages.BASE + "\nCOPY hello.txt /hello.txt\nRUN cat /hello.txt\n");
    BuildKitBuilder builder =
        new BuildKitBuilder(
            engine,
            Map.of(),
            Clock.systemUTC(),
            RegistryAccess.fromEnvironment(Map.of()),
            new SessionKeys(dir.resolve("data")));
    BuildResult r =
        builder
            .start(BuildRequest.builder(ctx).build(), events::add)
            .result()
            .orTimeout(120, TimeUnit.SECONDS)
            .join();
    r.imageId().ifPresent(images::remember);
    assertThat(r.status()).as(r.error().orElse("") + events).isEqualTo(BuildStatus.SUCCEEDED);
    assertThat(events)
        .filteredOn(BuildEvent.Warning.class::isInstance)
        .noneMatch(w -> ((BuildEvent.Warning) w).message().contains("session"));
    assertThat(events)
        .filteredOn(BuildEvent.LogLine.class::isInstance)
        .anyMatch(l -> ((BuildEvent.LogLine) l).text().contains(run));
  }

  @Test
  void overPlainTcp() throws Exception {
    relayTo(
        new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
        local.endpoint().socketPath().get());
    try (Engine engine =
        Engine.connect(EngineEndpoint.of("tcp://127.0.0.1:" + relay.getLocalPort(), "test"))) {
      buildsThroughASession(engine);
    }
  }

  @Test
  void overTls() throws Exception {
    Path keystore = dir.resolve("engine.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "engine",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keystore.toString(),
                "-storepass",
                "changeit")
            .redirectErrorStream(true)
            .start();
    keytool.getInputStream().readAllBytes();
    assertThat(keytool.waitFor()).isZero();
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(kmf.getKeyManagers(), null, null);
    SSLServerSocket tls =
        (SSLServerSocket)
            server
                .getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    relayTo(tls, local.endpoint().socketPath().get());
    // No CA file and verify=false: the engine's certificate is accepted as the CLI would with
    // DOCKER_TLS_VERIFY unset and DOCKER_TLS=1.
    Path certs = Files.createDirectories(dir.resolve("certs"));
    try (Engine engine =
        Engine.connect(
            new EngineEndpoint(
                "tcp://127.0.0.1:" + tls.getLocalPort(),
                "test",
                Optional.of(new TlsMaterial(certs, false))))) {
      assertThat(engine.sslContext()).isPresent();
      buildsThroughASession(engine);
    }
  }

  @Test
  void anEngineWithoutSessionsGetsTheContextAsATarAndTheBuildSaysSo() throws Exception {
    refuseSessions = true;
    relayTo(
        new ServerSocket(0, 50, InetAddress.getLoopbackAddress()),
        local.endpoint().socketPath().get());
    try (Engine engine =
        Engine.connect(EngineEndpoint.of("tcp://127.0.0.1:" + relay.getLocalPort(), "test"))) {
      Path ctx = Files.createDirectories(dir.resolve("ctx"));
      Files.writeString(ctx.resolve("a.txt"), "a\n");
      Files.writeString(
          ctx.resolve("Dockerfile"),
          "FROM " + TestImages.BASE + "\nCOPY a.txt /a.txt\nRUN echo " + UUID.randomUUID() + "\n");
      BuildKitBuilder builder =
          new BuildKitBuilder(
              engine,
              Map.of(),
              Clock.systemUTC(),
              RegistryAccess.fromEnvironment(Map.of()),
              new SessionKeys(dir.resolve("data")));
      BuildResult r =
          builder
              .start(BuildRequest.builder(ctx).build(), events::add)
              .result()
              .orTimeout(120, TimeUnit.SECONDS)
              .join();
      r.imageId().ifPresent(images::remember);
      assertThat(r.status()).as(r.error().orElse("")).isEqualTo(BuildStatus.SUCCEEDED);
      assertThat(events)
          .filteredOn(BuildEvent.Warning.class::isInstance)
          .map(w -> ((BuildEvent.Warning) w).message())
          .anyMatch(
              m -> m.startsWith("No BuildKit session: the engine refused the session (HTTP 404)"));
      assertThat(events)
          .filteredOn(BuildEvent.StepStarted.class::isInstance)
          .anyMatch(st -> ((BuildEvent.StepStarted) st).name().startsWith("Sending build context"));

      // A build that cannot work without the session fails, saying why.
      events.clear();
      BuildResult needs =
          builder
              .start(
                  BuildRequest.builder(ctx)
                      .secret(io.slipway.core.profile.SecretReference.fromEnvironment("t", "HOME"))
                      .build(),
                  events::add)
              .result()
              .orTimeout(120, TimeUnit.SECONDS)
              .join();
      assertThat(needs.status()).isEqualTo(BuildStatus.FAILED);
      assertThat(needs.error().orElseThrow())
          .startsWith("This build needs a BuildKit session (--secret, --ssh or --output local/tar)")
          .contains("HTTP 404");
    }
  }
}
