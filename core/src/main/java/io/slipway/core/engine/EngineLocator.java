package io.slipway.core.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.core.SlipwayException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds where the Docker engine is, following the docker CLI (checked against docker/cli's {@code
 * cli/command/cli.go}, {@code cli/flags/options.go}, {@code opts/hosts.go} and the context store):
 *
 * <ol>
 *   <li>{@code DOCKER_HOST}, if not empty, wins, <b>even over {@code DOCKER_CONTEXT}</b>: the CLI
 *       falls back to the "default" context whenever {@code DOCKER_HOST} is set (only the {@code
 *       --context} flag, which Slipway does not have, beats it). TLS comes from {@code
 *       DOCKER_TLS_VERIFY} / {@code DOCKER_TLS} / {@code DOCKER_CERT_PATH}, see below.
 *   <li>Else {@code DOCKER_CONTEXT}, if not empty.
 *   <li>Else {@code currentContext} from {@code config.json}.
 *   <li>Else (or when the context is named {@code default}) the default context: the platform's
 *       socket ({@code unix:///var/run/docker.sock}, or {@code npipe:////./pipe/docker_engine} on
 *       Windows). As in the CLI, when {@code DOCKER_TLS_VERIFY} or {@code DOCKER_TLS} is set the
 *       default becomes {@code tcp://localhost:2376} with TLS.
 * </ol>
 *
 * <p>A named context must exist: it is read from {@code <config>/contexts/meta/<sha256(name)>/
 * meta.json} ({@code Endpoints.docker.Host}, {@code SkipTLSVerify}) with its TLS files in {@code
 * <config>/contexts/tls/<sha256(name)>/docker/}. The config folder is {@code DOCKER_CONFIG}, or
 * {@code ~/.docker}.
 *
 * <p>TLS from the environment, as in the CLI: {@code DOCKER_TLS_VERIFY} set to anything non-empty
 * (even "0") means TLS with verification; {@code DOCKER_TLS} non-empty means TLS without
 * verification; files are read from {@code DOCKER_CERT_PATH}, or the config folder.
 *
 * <p><b>Slipway's extension:</b> when nothing was chosen, the default socket is followed by the
 * well-known per-user sockets that exist on disk: rootless Docker ({@code
 * $XDG_RUNTIME_DIR/docker.sock}), Docker Desktop ({@code ~/.docker/run/docker.sock}, {@code
 * ~/.docker/desktop/docker.sock}), Colima ({@code ~/.colima/default/docker.sock}), Rancher Desktop
 * ({@code ~/.rd/docker.sock}) and OrbStack ({@code ~/.orbstack/run/docker.sock}). The CLI reaches
 * these only through a context; a desktop app started from a launcher often has no such setup.
 */
public final class EngineLocator {

  private static final Logger log = LoggerFactory.getLogger(EngineLocator.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEFAULT_CONTEXT = "default";

  private final Map<String, String> env;
  private final Path userHome;
  private final boolean windows;

  /**
   * @param env the environment to read (DOCKER_HOST, DOCKER_CONTEXT, DOCKER_CONFIG,
   *     DOCKER_TLS_VERIFY, DOCKER_TLS, DOCKER_CERT_PATH, XDG_RUNTIME_DIR)
   * @param userHome the user's home folder, for {@code ~/.docker} and the per-user sockets
   */
  public EngineLocator(Map<String, String> env, Path userHome) {
    this(env, userHome, System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win"));
  }

  EngineLocator(Map<String, String> env, Path userHome, boolean windows) {
    this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    this.userHome = Objects.requireNonNull(userHome, "userHome");
    this.windows = windows;
  }

  /** A locator for this process's environment and user. */
  public static EngineLocator fromSystem() {
    return new EngineLocator(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** The docker CLI's config folder: {@code DOCKER_CONFIG}, or {@code ~/.docker}. */
  public Path configDir() {
    String dir = env("DOCKER_CONFIG");
    return dir.isEmpty() ? userHome.resolve(".docker") : Path.of(dir);
  }

  /**
   * Where to look, in order. An explicit choice (DOCKER_HOST, DOCKER_CONTEXT, or a current context
   * in config.json other than "default") gives exactly that one endpoint; otherwise the default
   * socket comes first, followed by the per-user sockets found on disk.
   *
   * @throws SlipwayException if DOCKER_HOST cannot be understood, or the chosen context does not
   *     exist or has no Docker endpoint
   */
  public List<EngineEndpoint> candidates() {
    String dockerHost = env("DOCKER_HOST");
    if (!dockerHost.isEmpty()) {
      if (!env("DOCKER_CONTEXT").isEmpty()) {
        log.debug("DOCKER_HOST and DOCKER_CONTEXT are both set; DOCKER_HOST wins, as in the CLI");
      }
      return List.of(fromDockerHost(dockerHost));
    }

    String envContext = env("DOCKER_CONTEXT");
    if (!envContext.isEmpty()) {
      return envContext.equals(DEFAULT_CONTEXT)
          ? defaultCandidates()
          : List.of(fromContext(envContext, "DOCKER_CONTEXT"));
    }

    String current = currentContextFromConfig();
    if (!current.isEmpty() && !current.equals(DEFAULT_CONTEXT)) {
      return List.of(fromContext(current, "config.json"));
    }
    return defaultCandidates();
  }

  private EngineEndpoint fromDockerHost(String value) {
    String host;
    try {
      host = DockerHosts.normalize(value);
    } catch (IllegalArgumentException e) {
      throw new SlipwayException(
          "DOCKER_HOST=\""
              + value
              + "\" is not an address Docker understands. Use unix:///path/to/docker.sock,"
              + " tcp://HOST:PORT, npipe:////./pipe/NAME or ssh://USER@HOST, or unset DOCKER_HOST"
              + " to use the default socket.");
    }
    return new EngineEndpoint(host, "DOCKER_HOST", host.startsWith("tcp://") ? envTls() : none());
  }

  /** TLS from DOCKER_TLS_VERIFY / DOCKER_TLS / DOCKER_CERT_PATH, as the CLI's flag defaults. */
  private Optional<TlsMaterial> envTls() {
    boolean verify = !env("DOCKER_TLS_VERIFY").isEmpty();
    boolean tls = verify || !env("DOCKER_TLS").isEmpty();
    if (!tls) {
      return none();
    }
    String certPath = env("DOCKER_CERT_PATH");
    return Optional.of(
        new TlsMaterial(certPath.isEmpty() ? configDir() : Path.of(certPath), verify));
  }

  private List<EngineEndpoint> defaultCandidates() {
    Optional<TlsMaterial> tls = envTls();
    if (tls.isPresent()) {
      // The CLI's quirk, kept so Slipway goes where `docker` goes: TLS settings without DOCKER_HOST
      // mean the local TLS port, not the socket.
      String which = env("DOCKER_TLS_VERIFY").isEmpty() ? "DOCKER_TLS" : "DOCKER_TLS_VERIFY";
      return List.of(
          new EngineEndpoint(
              "tcp://localhost:" + DockerHosts.DEFAULT_TLS_PORT,
              which + " is set without DOCKER_HOST",
              tls));
    }
    if (windows) {
      return List.of(EngineEndpoint.of("npipe://" + DockerHosts.DEFAULT_PIPE, "default pipe"));
    }

    List<EngineEndpoint> result = new ArrayList<>();
    result.add(EngineEndpoint.of("unix://" + DockerHosts.DEFAULT_UNIX_SOCKET, "default socket"));
    Set<Path> seen = new HashSet<>();
    realPath(Path.of(DockerHosts.DEFAULT_UNIX_SOCKET)).ifPresent(seen::add);

    String runtimeDir = env("XDG_RUNTIME_DIR");
    if (!runtimeDir.isEmpty()) {
      addIfPresent(result, seen, Path.of(runtimeDir, "docker.sock"), "rootless Docker socket");
    }
    addIfPresent(
        result, seen, userHome.resolve(".docker/run/docker.sock"), "Docker Desktop socket");
    addIfPresent(
        result, seen, userHome.resolve(".docker/desktop/docker.sock"), "Docker Desktop socket");
    addIfPresent(result, seen, userHome.resolve(".colima/default/docker.sock"), "Colima socket");
    addIfPresent(result, seen, userHome.resolve(".rd/docker.sock"), "Rancher Desktop socket");
    addIfPresent(result, seen, userHome.resolve(".orbstack/run/docker.sock"), "OrbStack socket");
    return List.copyOf(result);
  }

  /** Adds a socket that exists, once: Docker Desktop links /var/run/docker.sock to its own. */
  private static void addIfPresent(
      List<EngineEndpoint> result, Set<Path> seen, Path socket, String source) {
    Optional<Path> real = realPath(socket);
    if (real.isPresent() && seen.add(real.get())) {
      result.add(EngineEndpoint.of("unix://" + socket.toAbsolutePath(), source));
    }
  }

  private static Optional<Path> realPath(Path path) {
    try {
      return Optional.of(path.toRealPath());
    } catch (IOException | SecurityException e) {
      return Optional.empty();
    }
  }

  private EngineEndpoint fromContext(String name, String chosenBy) {
    String source = "docker context \"" + name + "\" (" + chosenBy + ")";
    String id = sha256Hex(name);
    Path metaFile =
        configDir().resolve("contexts").resolve("meta").resolve(id).resolve("meta.json");
    if (!Files.isRegularFile(metaFile)) {
      String fix =
          chosenBy.equals("DOCKER_CONTEXT")
              ? "set DOCKER_CONTEXT to one of them, or unset it."
              : "switch with `docker context use NAME` (or `docker context use default`).";
      throw new SlipwayException(
          "Docker context \""
              + name
              + "\" (chosen by "
              + chosenBy
              + ") does not exist in "
              + configDir()
              + ". Run `docker context ls` to see the contexts, then "
              + fix);
    }

    JsonNode docker;
    try {
      docker = JSON.readTree(metaFile.toFile()).path("Endpoints").path("docker");
    } catch (IOException e) {
      throw new SlipwayException(
          "Docker context \""
              + name
              + "\" cannot be read ("
              + metaFile
              + " is not valid JSON). Recreate it with `docker context rm` and `docker context"
              + " create`.",
          e);
    }
    if (!docker.isObject()) {
      throw new SlipwayException(
          "Docker context \""
              + name
              + "\" has no Docker endpoint. Check it with `docker context inspect "
              + name
              + "`, or choose another context.");
    }

    // The CLI uses the context's host as written (no port defaults); an empty host means the
    // default socket.
    String host = docker.path("Host").asText("");
    if (host.isEmpty()) {
      host =
          windows
              ? "npipe://" + DockerHosts.DEFAULT_PIPE
              : "unix://" + DockerHosts.DEFAULT_UNIX_SOCKET;
    }
    boolean skipVerify = docker.path("SkipTLSVerify").asBoolean(false);
    Path tlsDir = configDir().resolve("contexts").resolve("tls").resolve(id).resolve("docker");
    Optional<TlsMaterial> tls = none();
    // TLS applies to tcp only (the CLI ignores it for sockets): on when the context stored any TLS
    // file or asked to skip verification.
    if (host.startsWith("tcp://") && (hasTlsFiles(tlsDir) || skipVerify)) {
      tls = Optional.of(new TlsMaterial(tlsDir, !skipVerify));
    }
    return new EngineEndpoint(host, source, tls);
  }

  private static boolean hasTlsFiles(Path dir) {
    return Files.isRegularFile(dir.resolve("ca.pem"))
        || Files.isRegularFile(dir.resolve("cert.pem"))
        || Files.isRegularFile(dir.resolve("key.pem"));
  }

  /** The CLI ignores an unreadable config.json with a warning; so does Slipway. */
  private String currentContextFromConfig() {
    Path config = configDir().resolve("config.json");
    if (!Files.isRegularFile(config)) {
      return "";
    }
    try {
      return JSON.readTree(config.toFile()).path("currentContext").asText("");
    } catch (IOException e) {
      log.warn("Ignoring {}: it is not valid JSON", config);
      return "";
    }
  }

  /** Context folders are named by the SHA-256 of the context name, in hex. */
  static String sha256Hex(String name) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(name.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private String env(String name) {
    String value = env.get(name);
    return value == null ? "" : value;
  }

  private static Optional<TlsMaterial> none() {
    return Optional.empty();
  }
}
