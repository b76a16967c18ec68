package io.slipway.core.engine;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A stand-in for an engine on a UNIX socket or a loopback TCP port: answers each request with what
 * the {@link Responder} says, one request per connection. Bound to loopback only.
 */
final class FakeEngineServer implements AutoCloseable {

  /** Gives the whole HTTP response for a request, or null to accept and then never answer. */
  interface Responder {
    String respond(String method, String path);
  }

  private final String host;
  private final Closeable listener;
  private final List<Closeable> connections = new CopyOnWriteArrayList<>();
  private volatile boolean closed;

  private FakeEngineServer(String host, Closeable listener) {
    this.host = host;
    this.listener = listener;
  }

  static FakeEngineServer unix(Path socket, Responder responder) throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
    FakeEngineServer fake = new FakeEngineServer("unix://" + socket, server);
    fake.startAccepting(
        () -> {
          SocketChannel ch = server.accept();
          return new Conn(Channels.newInputStream(ch), Channels.newOutputStream(ch), ch);
        },
        responder,
        null);
    return fake;
  }

  static FakeEngineServer tcp(Responder responder) throws IOException {
    return tcp(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), responder, null);
  }

  /** A TLS engine; {@code needClientAuth} asks for a client certificate signed by a trusted CA. */
  static FakeEngineServer tls(SSLContext context, boolean needClientAuth, Responder responder)
      throws IOException {
    SSLServerSocket server =
        (SSLServerSocket)
            context
                .getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    server.setNeedClientAuth(needClientAuth);
    return tcp(server, responder, null);
  }

  /** Writes {@code greeting} as soon as a connection comes in, without reading, then closes. */
  static FakeEngineServer tcpGreeting(String greeting) throws IOException {
    return tcp(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), null, greeting);
  }

  private static FakeEngineServer tcp(ServerSocket server, Responder responder, String greeting) {
    FakeEngineServer fake =
        new FakeEngineServer("tcp://localhost:" + server.getLocalPort(), server);
    fake.startAccepting(
        () -> {
          Socket s = server.accept();
          return new Conn(s.getInputStream(), s.getOutputStream(), s);
        },
        responder,
        greeting);
    return fake;
  }

  /** {@code unix:///...} or {@code tcp://localhost:PORT}. */
  String host() {
    return host;
  }

  int port() {
    return Integer.parseInt(host.substring(host.lastIndexOf(':') + 1));
  }

  private record Conn(InputStream in, OutputStream out, Closeable closeable) {}

  private interface Acceptor {
    Conn accept() throws IOException;
  }

  private void startAccepting(Acceptor acceptor, Responder responder, String greeting) {
    Thread accepting =
        new Thread(
            () -> {
              while (!closed) {
                try {
                  Conn conn = acceptor.accept();
                  connections.add(conn.closeable());
                  Thread t = new Thread(() -> serve(conn, responder, greeting), "fake-engine-conn");
                  t.setDaemon(true);
                  t.start();
                } catch (IOException e) {
                  return; // closed
                }
              }
            },
            "fake-engine-accept");
    accepting.setDaemon(true);
    accepting.start();
  }

  private void serve(Conn conn, Responder responder, String greeting) {
    try {
      if (greeting != null) {
        conn.out().write(greeting.getBytes(StandardCharsets.ISO_8859_1));
        conn.out().flush();
        return;
      }
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(conn.in(), StandardCharsets.ISO_8859_1));
      String requestLine = reader.readLine();
      if (requestLine == null) {
        return;
      }
      String line;
      while ((line = reader.readLine()) != null && !line.isEmpty()) {
        // headers are not needed
      }
      String[] parts = requestLine.split(" ");
      String response = responder.respond(parts[0], parts.length > 1 ? parts[1] : "/");
      if (response == null) {
        while (!closed) {
          Thread.sleep(50); // accepted, never answers
        }
        return;
      }
      conn.out().write(response.getBytes(StandardCharsets.UTF_8));
      conn.out().flush();
    } catch (IOException e) {
      // the client went away or the handshake failed: fine for a fake
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      closeQuietly(conn.closeable());
    }
  }

  private static void closeQuietly(Closeable c) {
    try {
      c.close();
    } catch (IOException e) {
      // already gone
    }
  }

  /** A complete HTTP/1.1 response that closes the connection. */
  static String response(int status, String reason, Map<String, String> headers, String body) {
    StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason);
    sb.append("\r\n");
    headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    sb.append("Content-Length: ").append(bytes.length).append("\r\n");
    sb.append("Connection: close\r\n\r\n").append(body);
    return sb.toString();
  }

  /** Answers /_ping and /version like a Docker engine with these values. */
  static Responder docker(
      String apiVersion, String minApiVersion, String version, Map<String, String> pingHeaders) {
    return (method, rawPath) -> {
      String path = rawPath.replaceFirst("^/v\\d+\\.\\d+/", "/");
      if (path.equals("/_ping")) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Api-Version", apiVersion);
        headers.put("Server", "Docker/" + version + " (linux)");
        headers.putAll(pingHeaders);
        return response(200, "OK", headers, "OK");
      }
      if (path.equals("/version")) {
        String json =
            "{\"Version\":\""
                + version
                + "\",\"ApiVersion\":\""
                + apiVersion
                + "\",\"MinAPIVersion\":\""
                + minApiVersion
                + "\",\"Os\":\"linux\"}";
        return response(200, "OK", Map.of("Content-Type", "application/json"), json);
      }
      return response(404, "Not Found", Map.of(), "{\"message\":\"page not found\"}");
    };
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    connections.forEach(FakeEngineServer::closeQuietly);
    if (host.startsWith("unix://")) {
      Files.deleteIfExists(Path.of(host.substring("unix://".length())));
    }
  }
}
