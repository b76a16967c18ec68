package io.slipway.core.build.buildkit.session;

import io.slipway.core.engine.EngineEndpoint;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * Opens the session connection: {@code POST /session} upgraded to h2c, written by hand on a socket
 * Slipway opens (docker-java's transports cannot send a header several times, and rewrite {@code
 * Upgrade}). After the engine's {@code 101 Switching Protocols} the connection carries HTTP/2, with
 * the engine as the client.
 */
final class SessionDialer {

  /** The engine answered the upgrade with something other than 101. */
  static final class RefusedException extends IOException {
    private final int status;

    RefusedException(int status, String message) {
      super(message);
      this.status = status;
    }

    int status() {
      return status;
    }
  }

  /** A connection after the upgrade, in blocking mode, not one byte of HTTP/2 read from it. */
  record Upgraded(SocketChannel channel, boolean unix) {}

  static final int MAX_HEADER_BYTES = 64 * 1024;
  static final ScheduledExecutorService WATCHDOG =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "slipway-session-dial-watchdog");
            t.setDaemon(true);
            return t;
          });

  private SessionDialer() {}

  /**
   * Connects to the engine and upgrades {@code path} (the versioned {@code /session}).
   *
   * @param headers sent in this order; a name may repeat
   * @throws RefusedException when the engine answers, but not with 101
   * @throws IOException when the engine cannot be reached or the answer does not come in time
   */
  static Upgraded dial(
      EngineEndpoint endpoint,
      String path,
      List<Map.Entry<String, String>> headers,
      Duration timeout)
      throws IOException {
    return dial(endpoint, Optional.empty(), path, headers, timeout);
  }

  /**
   * As {@link #dial(EngineEndpoint, String, List, Duration)}; a {@code tcp://} endpoint with TLS
   * needs {@code ssl}, and is relayed ({@link TlsRelay}).
   */
  static Upgraded dial(
      EngineEndpoint endpoint,
      Optional<SSLContext> ssl,
      String path,
      List<Map.Entry<String, String>> headers,
      Duration timeout)
      throws IOException {
    if (endpoint.scheme().equals("tcp") && endpoint.tls().isPresent()) {
      if (ssl.isEmpty()) {
        throw new RefusedException(0, "no TLS settings for " + endpoint.host());
      }
      return TlsRelay.dial(endpoint, ssl.get(), path, headers, timeout);
    }
    boolean unix;
    SocketChannel ch;
    String host;
    switch (endpoint.scheme()) {
      case "unix" -> {
        unix = true;
        ch = SocketChannel.open(StandardProtocolFamily.UNIX);
        host = "docker";
      }
      case "tcp" -> {
        unix = false;
        ch = SocketChannel.open();
        URI uri = URI.create(endpoint.host());
        host = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
      }
      default ->
          throw new RefusedException(
              0, "sessions over " + endpoint.scheme() + ":// are not supported");
    }
    java.util.concurrent.atomic.AtomicBoolean timedOut =
        new java.util.concurrent.atomic.AtomicBoolean();
    // Blocking reads on a UNIX channel ignore timeouts: closing it is what ends a silent wait.
    ScheduledFuture<?> watchdog =
        WATCHDOG.schedule(
            () -> {
              timedOut.set(true);
              closeQuietly(ch);
            },
            timeout.toMillis(),
            TimeUnit.MILLISECONDS);
    boolean ok = false;
    try {
      if (unix) {
        ch.connect(UnixDomainSocketAddress.of(endpoint.socketPath().orElseThrow()));
      } else {
        URI uri = URI.create(endpoint.host());
        ch.connect(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 2375 : uri.getPort()));
        ch.socket().setTcpNoDelay(true);
      }
      writeAll(ch, request(path, host, headers));
      int status = readStatusAndHeaders(ch);
      if (status != 101) {
        throw new RefusedException(status, "HTTP " + status);
      }
      ok = true;
      return new Upgraded(ch, unix);
    } catch (IOException e) {
      if (timedOut.get() && !(e instanceof RefusedException)) {
        throw new IOException("the engine did not answer the session request in time", e);
      }
      throw e;
    } finally {
      watchdog.cancel(false);
      if (!ok) {
        closeQuietly(ch);
      }
    }
  }

  static byte[] request(String path, String host, List<Map.Entry<String, String>> headers) {
    StringBuilder b = new StringBuilder();
    b.append("POST ").append(path).append(" HTTP/1.1\r\n");
    b.append("Host: ").append(host).append("\r\n");
    b.append("User-Agent: Slipway\r\n");
    b.append("Content-Length: 0\r\n");
    b.append("Connection: Upgrade\r\n");
    b.append("Upgrade: h2c\r\n");
    for (Map.Entry<String, String> h : headers) {
      b.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    b.append("\r\n");
    return b.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  /**
   * Reads an answer's head from a stream one byte at a time (TLS connections); returns the status.
   */
  static int readStatusAndHeaders(java.io.InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the engine closed the connection before answering the session");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (head.size() > MAX_HEADER_BYTES) {
        throw new IOException("the engine's answer to the session request is too long");
      }
    }
    return statusOf(head.toString(StandardCharsets.ISO_8859_1));
  }

  private static void writeAll(SocketChannel ch, byte[] bytes) throws IOException {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    while (buf.hasRemaining()) {
      ch.write(buf);
    }
  }

  /**
   * Reads the answer's head one byte at a time: the engine's HTTP/2 preface follows the blank line
   * at once, and must stay in the socket for the gRPC server.
   */
  private static int readStatusAndHeaders(SocketChannel ch) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    ByteBuffer one = ByteBuffer.allocate(1);
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      one.clear();
      if (ch.read(one) < 0) {
        throw new IOException("the engine closed the connection before answering the session");
      }
      byte b = one.get(0);
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
      if (head.size() > MAX_HEADER_BYTES) {
        throw new IOException("the engine's answer to the session request is too long");
      }
    }
    return statusOf(head.toString(StandardCharsets.ISO_8859_1));
  }

  private static int statusOf(String text) throws IOException {
    String statusLine = text.substring(0, Math.max(0, text.indexOf("\r\n")));
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].toUpperCase(Locale.ROOT).startsWith("HTTP/")) {
      throw new IOException("the engine answered the session request with \"" + statusLine + "\"");
    }
    try {
      return Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("the engine answered the session request with \"" + statusLine + "\"");
    }
  }

  static void closeQuietly(java.io.Closeable ch) {
    try {
      ch.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }
}
