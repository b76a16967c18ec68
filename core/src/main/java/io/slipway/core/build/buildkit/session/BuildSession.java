package io.slipway.core.build.buildkit.session;

import io.grpc.Attributes;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServerTransportFilter;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.nio.NioIoHandler;
import io.slipway.core.engine.Engine;
import java.io.IOException;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One BuildKit session: the connection Slipway opens to the engine ({@code POST /session}, upgraded
 * to HTTP/2) on which Slipway is the gRPC server and the engine the client. The engine calls it
 * during the build for the context, registry credentials, secrets, the ssh agent and the outputs. A
 * build names it with {@code session=<id>}; the session ends when the build ends, whichever way:
 * {@link #close()}.
 */
public final class BuildSession implements AutoCloseable {

  /** How long the engine may take to answer the upgrade. */
  static final Duration DIAL_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(BuildSession.class);

  /** Shared by every session: two threads carry all session I/O. Daemon threads. */
  private static final EventLoopGroup LOOPS =
      new MultiThreadIoEventLoopGroup(
          2,
          r -> {
            Thread t = new Thread(r, "slipway-session-io-" + Threads.next());
            t.setDaemon(true);
            return t;
          },
          NioIoHandler.newFactory());

  /** Sessions whose connection is still open, for tests that check a build leaves none. */
  private static final AtomicInteger OPEN = new AtomicInteger();

  private final String id;
  private final Server server;
  private final CompletableFuture<Void> ended;

  private BuildSession(String id, Server server, CompletableFuture<Void> ended) {
    this.id = id;
    this.server = server;
    this.ended = ended;
  }

  /**
   * Opens a session serving {@code services} (the health service is added).
   *
   * @param name shown by the engine; the docker CLI uses the context folder's name
   * @param sharedKey the key of the engine's incremental context cache: stable per context folder
   * @param executor runs gRPC calls
   * @throws SessionDialer.RefusedException when the engine does not offer sessions
   * @throws IOException when the connection cannot be made
   */
  static BuildSession open(
      Engine engine,
      String name,
      String sharedKey,
      List<ServerServiceDefinition> services,
      ExecutorService executor)
      throws IOException {
    String id = UUID.randomUUID().toString().replace("-", "");
    List<ServerServiceDefinition> all = new ArrayList<>();
    // The engine polls Health/Check every second and drops the session when it fails.
    all.add(new HealthStatusManager().getHealthService().bindService());
    CallHeaders headers = new CallHeaders();
    for (ServerServiceDefinition s : services) {
      all.add(ServerInterceptors.intercept(s, headers));
    }
    List<Map.Entry<String, String>> upgradeHeaders = new ArrayList<>();
    upgradeHeaders.add(header("X-Docker-Expose-Session-Uuid", id));
    upgradeHeaders.add(header("X-Docker-Expose-Session-Name", name));
    upgradeHeaders.add(header("X-Docker-Expose-Session-Sharedkey", sharedKey));
    for (ServerServiceDefinition s : all) {
      // The engine calls only the methods named here: one header per method.
      for (ServerMethodDefinition<?, ?> m : s.getMethods()) {
        upgradeHeaders.add(
            header(
                "X-Docker-Expose-Session-Grpc-Method",
                "/" + m.getMethodDescriptor().getFullMethodName()));
      }
    }
    SessionDialer.Upgraded conn =
        SessionDialer.dial(
            engine.endpoint(),
            engine.sslContext(),
            engine.apiPath("/session"),
            upgradeHeaders,
            DIAL_TIMEOUT);
    CompletableFuture<Void> ended = new CompletableFuture<>();
    NettyServerBuilder b =
        NettyServerBuilder.forAddress(new LocalAddress("slipway-session-" + id))
            .channelFactory(() -> new OneConnectionServerChannel(conn.channel(), conn.unix(), id))
            .bossEventLoopGroup(LOOPS)
            .workerEventLoopGroup(LOOPS)
            .executor(executor)
            .maxInboundMessageSize(32 * 1024 * 1024)
            // The engine's pings during long steps are fine.
            .permitKeepAliveWithoutCalls(true)
            .permitKeepAliveTime(1, TimeUnit.SECONDS)
            .addTransportFilter(
                new ServerTransportFilter() {
                  @Override
                  public void transportTerminated(Attributes transportAttrs) {
                    if (ended.complete(null)) {
                      OPEN.decrementAndGet();
                    }
                  }
                });
    if (conn.unix()) {
      // gRPC asks for TCP keep-alive, which a UNIX socket does not have (and Netty warns).
      b.withChildOption(ChannelOption.SO_KEEPALIVE, null);
    }
    all.forEach(b::addService);
    Server server = b.build();
    OPEN.incrementAndGet();
    try {
      server.start();
    } catch (IOException | RuntimeException e) {
      server.shutdownNow();
      conn.channel().close();
      if (ended.complete(null)) {
        OPEN.decrementAndGet();
      }
      throw e;
    }
    log.debug("Session {} ({}) open", id, name);
    return new BuildSession(id, server, ended);
  }

  private static Map.Entry<String, String> header(String name, String value) {
    return new AbstractMap.SimpleImmutableEntry<>(name, value);
  }

  /** What the build request names: {@code session=<id>}. */
  public String id() {
    return id;
  }

  /** Completes when the connection has ended (closed by either side). */
  public CompletableFuture<Void> ended() {
    return ended;
  }

  /** Ends the session: stops every call and closes the connection. Idempotent. */
  @Override
  public void close() {
    server.shutdownNow();
    try {
      if (!server.awaitTermination(2, TimeUnit.SECONDS)) {
        log.debug("Session {} took more than 2 s to close", id);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (ended.complete(null)) {
      OPEN.decrementAndGet();
    }
  }

  /** How many sessions are open in this JVM. */
  static int openCount() {
    return OPEN.get();
  }

  @Override
  public String toString() {
    return "session " + id;
  }

  private static final class Threads {
    private static final AtomicInteger N = new AtomicInteger();

    static int next() {
      return N.incrementAndGet();
    }
  }
}
