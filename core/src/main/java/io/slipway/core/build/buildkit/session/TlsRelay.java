package io.slipway.core.build.buildkit.session;

import io.slipway.core.engine.EngineEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The session over TLS ({@code tcp://} with {@code DOCKER_TLS_VERIFY}): the JDK's TLS socket does
 * the handshake and the upgrade, then two threads relay its bytes to and from one end of a private
 * UNIX socket pair, whose other end the gRPC server serves like any session connection. The relay
 * copies each byte once more than a plain connection does; remote TLS engines are slower than that
 * anyway.
 */
final class TlsRelay {

  private TlsRelay() {}

  static SessionDialer.Upgraded dial(
      EngineEndpoint endpoint,
      SSLContext ssl,
      String path,
      List<Map.Entry<String, String>> headers,
      Duration timeout)
      throws IOException {
    URI uri = URI.create(endpoint.host());
    int port = uri.getPort() < 0 ? 2376 : uri.getPort();
    SSLSocket socket = (SSLSocket) ssl.getSocketFactory().createSocket();
    AtomicBoolean timedOut = new AtomicBoolean();
    ScheduledFuture<?> watchdog =
        SessionDialer.WATCHDOG.schedule(
            () -> {
              timedOut.set(true);
              SessionDialer.closeQuietly(socket);
            },
            timeout.toMillis(),
            TimeUnit.MILLISECONDS);
    boolean ok = false;
    try {
      if (endpoint.tls().orElseThrow().verify()) {
        // As the docker CLI: the certificate must name the host.
        SSLParameters params = socket.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(params);
      }
      socket.connect(new InetSocketAddress(uri.getHost(), port), (int) timeout.toMillis());
      socket.setTcpNoDelay(true);
      socket.startHandshake();
      OutputStream out = socket.getOutputStream();
      out.write(SessionDialer.request(path, uri.getHost() + ":" + port, headers));
      out.flush();
      InputStream in = socket.getInputStream();
      int status = SessionDialer.readStatusAndHeaders(in);
      if (status != 101) {
        throw new SessionDialer.RefusedException(status, "HTTP " + status);
      }
      SocketChannel[] pair = unixPair();
      relay(socket, in, out, pair[0]);
      ok = true;
      return new SessionDialer.Upgraded(pair[1], true);
    } catch (IOException e) {
      if (timedOut.get() && !(e instanceof SessionDialer.RefusedException)) {
        throw new IOException("the engine did not answer the session request in time", e);
      }
      throw e;
    } finally {
      watchdog.cancel(false);
      if (!ok) {
        SessionDialer.closeQuietly(socket);
      }
    }
  }

  /** Two connected UNIX sockets (Java has no socketpair): a listener that lives for one accept. */
  private static SocketChannel[] unixPair() throws IOException {
    Path dir = Files.createTempDirectory("slipway-session-");
    Path file = dir.resolve("s");
    try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      server.bind(UnixDomainSocketAddress.of(file));
      SocketChannel a = SocketChannel.open(StandardProtocolFamily.UNIX);
      a.connect(UnixDomainSocketAddress.of(file));
      SocketChannel b = server.accept();
      return new SocketChannel[] {a, b};
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  private static void relay(SSLSocket socket, InputStream in, OutputStream out, SocketChannel end) {
    Runnable closeAll =
        () -> {
          SessionDialer.closeQuietly(socket);
          SessionDialer.closeQuietly(end);
        };
    Thread down =
        new Thread(
            () -> {
              byte[] buf = new byte[64 * 1024];
              try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                  ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
                  while (b.hasRemaining()) {
                    end.write(b);
                  }
                }
              } catch (IOException e) {
                // one side closed: the session is over
              } finally {
                closeAll.run();
              }
            },
            "slipway-session-tls-in");
    Thread up =
        new Thread(
            () -> {
              ByteBuffer b = ByteBuffer.allocate(64 * 1024);
              try {
                while (end.read(b.clear()) >= 0) {
                  out.write(b.array(), 0, b.position());
                  out.flush();
                }
              } catch (IOException e) {
                // one side closed: the session is over
              } finally {
                closeAll.run();
              }
            },
            "slipway-session-tls-out");
    down.setDaemon(true);
    up.setDaemon(true);
    down.start();
    up.start();
  }
}
