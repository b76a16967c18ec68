package io.slipway.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import com.github.dockerjava.transport.DockerHttpClient;
import io.slipway.core.engine.EngineUnavailableException.Attempt;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to one Docker engine that answered a ping. Holds the raw transport for streaming
 * calls (build, logs) and a docker-java client for everything else, both pinned to the API version
 * negotiated at connect time. Thread-safe; close it when done.
 *
 * <p>Connecting tries each candidate in order with a bounded ping ({@code GET /_ping}, then {@code
 * GET /version} for the version number and minimum API version); the first that answers wins. When
 * none does, {@link EngineUnavailableException} says, for each, what happened and what to do.
 *
 * <p>The docker-java client reads no configuration of its own: no environment, no system
 * properties, no {@code ~/.docker/config.json}. So it carries no registry credentials; commands
 * that need them must be given an {@code AuthConfig}.
 */
public final class Engine implements AutoCloseable {

  /** The newest API version Slipway is written for. */
  public static final String CLIENT_MAX_API = "1.43";

  /** Connecting must be quick; a local socket connects at once, a remote host within seconds. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);

  /**
   * Bound on one ping (connect, /_ping, /version). Needed beyond the HTTP response timeout: on a
   * UNIX socket docker-java reads through a channel that ignores socket timeouts.
   */
  static final Duration PING_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(Engine.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ExecutorService PROBES = Executors.newCachedThreadPool(daemonThreads());

  private final EngineEndpoint endpoint;
  private final Optional<SSLContext> ssl;
  private final Duration pingTimeout;
  private final EngineInfo info;
  private final DockerHttpClient http;
  private final DockerClient client;
  private volatile boolean closed;

  private Engine(
      EngineEndpoint endpoint, Optional<SSLContext> ssl, Duration pingTimeout, EngineInfo info) {
    this.endpoint = endpoint;
    this.ssl = ssl;
    this.pingTimeout = pingTimeout;
    this.info = info;
    // No response timeout: a build can print nothing for minutes and still be fine.
    this.http = httpClient(endpoint, ssl, null);
    // Built without createDefaultConfigBuilder(), which would read the environment, system
    // properties and ~/.docker-java.properties behind the locator's back. The transport is ours,
    // so only the API version (and docker-java's defaults) come from this config.
    DefaultDockerClientConfig config =
        new DefaultDockerClientConfig.Builder()
            .withDockerHost(uri(endpoint).toString())
            .withDockerTlsVerify(false)
            .withApiVersion(info.apiVersion())
            .build();
    this.client = DockerClientImpl.getInstance(config, http);
  }

  /**
   * Connects to the first of the locator's candidates that answers a ping.
   *
   * @throws EngineUnavailableException if none answers; it lists every endpoint and why
   * @throws io.slipway.core.SlipwayException if the locator finds the settings wrong (a bad
   *     DOCKER_HOST, a missing context)
   */
  public static Engine connect(EngineLocator locator) {
    return connect(locator.candidates(), PING_TIMEOUT);
  }

  /** Connects to this endpoint, or throws {@link EngineUnavailableException} saying why not. */
  public static Engine connect(EngineEndpoint endpoint) {
    return connect(List.of(endpoint), PING_TIMEOUT);
  }

  static Engine connect(List<EngineEndpoint> candidates, Duration pingTimeout) {
    List<Attempt> attempts = new ArrayList<>();
    for (EngineEndpoint candidate : candidates) {
      try {
        Optional<SSLContext> ssl = sslFor(candidate);
        EngineInfo info = probe(candidate, ssl, pingTimeout);
        log.info(
            "Docker engine {} at {}, API {}",
            info.serverVersion(),
            candidate.describe(),
            info.apiVersion());
        return new Engine(candidate, ssl, pingTimeout, info);
      } catch (NoAnswer e) {
        log.debug("No engine at {}: {}", candidate.describe(), e.getMessage(), e.getCause());
        attempts.add(new Attempt(candidate, e.getMessage()));
      }
    }
    throw new EngineUnavailableException(attempts);
  }

  public EngineEndpoint endpoint() {
    return endpoint;
  }

  /**
   * The TLS context of a {@code tcp://} endpoint with TLS, for connections Slipway opens itself
   * (the BuildKit session); empty for sockets and plain TCP.
   */
  public Optional<SSLContext> sslContext() {
    return ssl;
  }

  /** What the engine said when this connection was made; matches {@link #client()}. */
  public EngineInfo info() {
    return info;
  }

  /**
   * Pings again and returns fresh headers. The API version in the answer is negotiated anew; this
   * connection keeps speaking the one in {@link #info()} (reconnect after an engine upgrade).
   *
   * @throws EngineUnavailableException if the engine no longer answers
   */
  public EngineInfo ping() {
    if (closed) {
      throw new IllegalStateException("This engine connection is closed");
    }
    try {
      return probe(endpoint, ssl, pingTimeout);
    } catch (NoAnswer e) {
      log.debug("Engine at {} stopped answering", endpoint.describe(), e.getCause());
      throw new EngineUnavailableException(List.of(new Attempt(endpoint, e.getMessage())));
    }
  }

  /**
   * The raw transport, for calls docker-java does not stream the way Slipway needs (POST /build).
   * Paths need the version prefix: use {@link #apiPath(String)}. No response timeout; do not close
   * it, close the engine.
   */
  public DockerHttpClient http() {
    return http;
  }

  /**
   * docker-java's client, speaking the negotiated API version. Do not close it; close the engine.
   */
  public DockerClient client() {
    return client;
  }

  /** The versioned API path: {@code apiPath("/build")} is {@code "/v1.41/build"}. */
  public String apiPath(String path) {
    return "/v" + info.apiVersion() + (path.startsWith("/") ? path : "/" + path);
  }

  @Override
  public void close() {
    closed = true;
    try {
      client.close(); // closes the shared transport too
    } catch (IOException e) {
      log.debug("Closing the connection to {} failed", endpoint.describe(), e);
    }
  }

  @Override
  public String toString() {
    return "Engine " + info.serverVersion() + " at " + endpoint.describe();
  }

  // ---- probing ----

  /** Why one endpoint did not answer, in words (the message) with the failure as the cause. */
  private static final class NoAnswer extends Exception {
    NoAnswer(String reason, Throwable cause) {
      super(reason, cause);
    }

    NoAnswer(String reason) {
      super(reason);
    }
  }

  /** What came back from /_ping (and /version, when the ping was OK). */
  private record Answer(
      int status, Map<String, String> headers, String bodyStart, Optional<JsonNode> version) {}

  private static Optional<SSLContext> sslFor(EngineEndpoint ep) throws NoAnswer {
    if (!ep.scheme().equals("tcp") || ep.tls().isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(TlsContexts.create(ep.tls().get()));
    } catch (TlsContexts.TlsSetupException e) {
      throw new NoAnswer(FailureReasons.describe(e, ep), e);
    }
  }

  private static EngineInfo probe(EngineEndpoint ep, Optional<SSLContext> ssl, Duration timeout)
      throws NoAnswer {
    checkBeforeConnecting(ep);
    DockerHttpClient probeClient;
    try {
      probeClient = httpClient(ep, ssl, timeout);
    } catch (RuntimeException e) {
      throw new NoAnswer(FailureReasons.describe(e, ep), e);
    }
    // The whole exchange runs on another thread so that it is bounded even when a socket accepts
    // and then stays silent; on timeout the probe client is closed, which frees that thread.
    Future<Answer> exchange = PROBES.submit(() -> exchange(probeClient));
    try {
      return interpret(ep, exchange.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (TimeoutException e) {
      exchange.cancel(true);
      throw new NoAnswer(FailureReasons.noAnswer(timeout), e);
    } catch (ExecutionException e) {
      throw new NoAnswer(FailureReasons.describe(e.getCause(), ep), e.getCause());
    } catch (InterruptedException e) {
      exchange.cancel(true);
      Thread.currentThread().interrupt();
      throw new NoAnswer("interrupted while waiting for an answer", e);
    } finally {
      closeQuietly(probeClient);
    }
  }

  /** Cheap checks that give a better reason than the connect error would. */
  private static void checkBeforeConnecting(EngineEndpoint ep) throws NoAnswer {
    switch (ep.scheme()) {
      case "unix" -> {
        Path socket = ep.socketPath().orElseThrow();
        if (!Files.exists(socket)) {
          throw new NoAnswer(FailureReasons.noSuchFile(ep));
        }
        if (Files.isRegularFile(socket) || Files.isDirectory(socket)) {
          throw new NoAnswer(FailureReasons.notASocket(ep));
        }
      }
      case "tcp", "npipe" -> {}
      case "ssh" -> throw new NoAnswer(FailureReasons.ssh());
      default -> throw new NoAnswer(FailureReasons.unsupported(ep));
    }
  }

  private static Answer exchange(DockerHttpClient probeClient) throws IOException {
    int status;
    Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    String bodyStart;
    try (DockerHttpClient.Response ping = probeClient.execute(get("/_ping"))) {
      status = ping.getStatusCode();
      ping.getHeaders()
          .forEach((name, values) -> headers.put(name, values.isEmpty() ? "" : values.get(0)));
      bodyStart = readStart(ping.getBody());
    }
    Optional<JsonNode> version = Optional.empty();
    if (status == 200) {
      // Best effort: only adds the version number and the server's minimum API version.
      try (DockerHttpClient.Response v = probeClient.execute(get("/version"))) {
        if (v.getStatusCode() == 200) {
          version = Optional.of(JSON.readTree(v.getBody()));
        }
      } catch (IOException | RuntimeException e) {
        log.debug("GET /version failed; using the ping headers only", e);
      }
    }
    return new Answer(status, headers, bodyStart, version);
  }

  private static EngineInfo interpret(EngineEndpoint ep, Answer answer) throws NoAnswer {
    Optional<String> server = Optional.ofNullable(answer.headers().get("Server"));
    if (answer.status() != 200) {
      throw new NoAnswer(
          FailureReasons.httpStatus(ep, answer.status(), server, answer.bodyStart()));
    }
    JsonNode version = answer.version().orElse(JSON.missingNode());

    String maxApi = answer.headers().get("Api-Version");
    if (!ApiVersions.isValid(maxApi)) {
      maxApi = version.path("ApiVersion").asText("");
    }
    if (!ApiVersions.isValid(maxApi)) {
      throw new NoAnswer(FailureReasons.noApiVersion());
    }
    Optional<String> minApi =
        Optional.of(version.path("MinAPIVersion").asText("")).filter(ApiVersions::isValid);

    String serverVersion =
        Optional.of(version.path("Version").asText(""))
            .filter(v -> !v.isBlank())
            .or(() -> server.flatMap(EngineInfo::versionFromServerHeader))
            .orElse("unknown");
    String osType =
        Optional.ofNullable(answer.headers().get("Ostype"))
            .filter(v -> !v.isBlank())
            .or(() -> Optional.of(version.path("Os").asText("")).filter(v -> !v.isBlank()))
            .or(() -> server.flatMap(EngineInfo::osFromServerHeader))
            .orElse("unknown");
    boolean experimental =
        "true".equalsIgnoreCase(answer.headers().getOrDefault("Docker-Experimental", ""));
    Optional<String> builder =
        Optional.ofNullable(answer.headers().get("Builder-Version")).filter(v -> !v.isBlank());

    return new EngineInfo(
        ep.host(),
        serverVersion,
        ApiVersions.negotiate(CLIENT_MAX_API, maxApi, minApi),
        maxApi,
        minApi,
        builder,
        experimental,
        osType);
  }

  private static DockerHttpClient.Request get(String path) {
    return DockerHttpClient.Request.builder()
        .method(DockerHttpClient.Request.Method.GET)
        .path(path)
        .build();
  }

  /** The start of a body, for recognizing error pages; never the whole of an unexpected stream. */
  private static String readStart(InputStream body) throws IOException {
    byte[] bytes = body.readNBytes(512);
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static DockerHttpClient httpClient(
      EngineEndpoint ep, Optional<SSLContext> ssl, Duration responseTimeout) {
    ApacheDockerHttpClient.Builder builder =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(uri(ep))
            .connectionTimeout(CONNECT_TIMEOUT)
            .responseTimeout(responseTimeout);
    ssl.ifPresent(context -> builder.sslConfig(() -> context));
    return builder.build();
  }

  /**
   * The address as a URI. Socket paths are encoded rather than parsed, so that a path with a space
   * (a home folder like "/Users/Jane Doe") works; docker-java opens the decoded path.
   */
  static URI uri(EngineEndpoint ep) {
    String scheme = ep.scheme();
    if (scheme.equals("unix") || scheme.equals("npipe")) {
      try {
        return new URI(scheme, "", ep.host().substring(scheme.length() + 3), null, null);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    }
    return URI.create(ep.host());
  }

  private static void closeQuietly(DockerHttpClient client) {
    try {
      client.close();
    } catch (IOException | RuntimeException e) {
      log.debug("Closing a probe connection failed", e);
    }
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return runnable -> {
      Thread t = new Thread(runnable, "slipway-engine-ping-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
