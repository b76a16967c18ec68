package io.slipway.core.testing;

import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AuthConfig;
import com.github.dockerjava.api.model.PushResponseItem;
import io.slipway.core.engine.Engine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * A real private registry for tests: Debian's {@code docker-registry} (distribution 2.8) started as
 * a process on {@code 127.0.0.1} with a free port, with htpasswd (Basic) auth for one user — or
 * Bearer token auth with its own token service ({@link #startWithTokenAuthOrSkip}) — storing into a
 * temporary folder that {@link #close()} deletes after stopping the process.
 *
 * <p>dockerd treats 127.0.0.0/8 as insecure registries, so builds and pulls reach it over plain
 * HTTP with no daemon change. {@link #push} copies a local image into it (tag, push with this
 * registry's user, untag), so a test can make the daemon pull it back — which needs the credentials
 * under test — without the internet.
 *
 * <p>Without {@code docker-registry}/{@code htpasswd} the calling test is skipped, or fails when
 * {@link EngineTestSupport#engineRequired()} (CI's {@code .ci/run} installs them).
 */
public final class TestRegistry implements AutoCloseable {

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

  private final Path dir;
  private final Process process;
  private final int port;
  private final String user;
  private final String password;
  private final Path log;
  private final TestTokenService tokens;
  private final Thread stopAtExit = new Thread(this::stopProcess, "slipway-test-registry-stop");

  private TestRegistry(
      Path dir,
      Process process,
      int port,
      String user,
      String password,
      Path log,
      TestTokenService tokens) {
    this.dir = dir;
    this.tokens = tokens;
    this.process = process;
    this.port = port;
    this.user = user;
    this.password = password;
    this.log = log;
  }

  /** Starts a registry that lets in {@code user} with {@code password} (htpasswd, bcrypt). */
  public static TestRegistry startOrSkip(String user, String password) {
    return start(user, password, null);
  }

  /**
   * Starts a registry with Bearer token auth, as Docker Hub and cloud registries do: its token
   * service (on another free port) hands tokens to {@code user} with {@code password} (Basic auth
   * or an OAuth password grant) and to whoever presents {@code identityToken} (an OAuth
   * refresh_token grant, what an identity token is).
   */
  public static TestRegistry startWithTokenAuthOrSkip(
      String user, String password, String identityToken) {
    return start(user, password, identityToken);
  }

  private static TestRegistry start(String user, String password, String identityToken) {
    requireProgram("docker-registry");
    if (identityToken == null) {
      requireProgram("htpasswd");
    }
    Path dir;
    TestTokenService tokens = null;
    try {
      dir = Files.createTempDirectory("slipway-registry-");
      String auth;
      if (identityToken == null) {
        Path htpasswd = dir.resolve("htpasswd");
        Files.writeString(htpasswd, htpasswdLine(user, password), StandardCharsets.UTF_8);
        auth = "  htpasswd:\n    realm: slipway-test\n    path: " + htpasswd + "\n";
      } else {
        tokens = TestTokenService.start(dir, user, password, identityToken);
        Path bundle = dir.resolve("token.crt");
        Files.writeString(bundle, tokens.certificatePem(), StandardCharsets.US_ASCII);
        auth =
            "  token:\n"
                + "    realm: "
                + tokens.realm()
                + "\n    service: "
                + TestTokenService.SERVICE
                + "\n    issuer: "
                + TestTokenService.ISSUER
                + "\n    rootcertbundle: "
                + bundle
                + "\n";
      }
      IOException last = null;
      for (int attempt = 0; attempt < 3; attempt++) {
        int port = freePort();
        Path config = dir.resolve("config.yml");
        Files.writeString(config, config(dir, port, auth), StandardCharsets.UTF_8);
        Path log = dir.resolve("registry.log");
        Process p =
            new ProcessBuilder("docker-registry", "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        TestRegistry registry = new TestRegistry(dir, p, port, user, password, log, tokens);
        try {
          registry.awaitReady();
          Runtime.getRuntime().addShutdownHook(registry.stopAtExit);
          return registry;
        } catch (IOException e) {
          last = e;
          registry.stopProcess();
        }
      }
      if (tokens != null) {
        tokens.close();
      }
      deleteTree(dir);
      throw new IllegalStateException("The test registry did not start", last);
    } catch (IOException e) {
      if (tokens != null) {
        tokens.close();
      }
      throw new UncheckedIOException(e);
    }
  }

  /** {@code 127.0.0.1:PORT}: the registry's name in image references and credential keys. */
  public String host() {
    return "127.0.0.1:" + port;
  }

  public int port() {
    return port;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  /**
   * For a token-auth registry: how each token request was granted, in order ("basic", "password",
   * "refresh_token", or "refused"). Empty for an htpasswd registry.
   */
  public List<String> tokenGrants() {
    return tokens == null ? List.of() : tokens.grants();
  }

  /** {@code http://127.0.0.1:PORT}. */
  public URI url() {
    return URI.create("http://" + host());
  }

  /** Everything the registry process has printed so far. */
  public String logText() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Copies local image {@code source} into this registry as {@code repository:tag} (tag, push with
   * this registry's user, then remove the local tag again). Returns the reference {@code
   * 127.0.0.1:PORT/repository:tag}.
   */
  public String push(Engine engine, String source, String repository, String tag) {
    String name = host() + "/" + repository;
    String ref = name + ":" + tag;
    engine.client().tagImageCmd(source, name, tag).exec();
    try {
      List<String> errors = new ArrayList<>();
      engine
          .client()
          .pushImageCmd(name)
          .withTag(tag)
          .withAuthConfig(
              new AuthConfig()
                  .withUsername(user)
                  .withPassword(password)
                  .withRegistryAddress(host()))
          .exec(
              new ResultCallback.Adapter<PushResponseItem>() {
                @Override
                public void onNext(PushResponseItem item) {
                  if (item.isErrorIndicated()) {
                    errors.add(
                        item.getErrorDetail() != null
                            ? item.getErrorDetail().getMessage()
                            : "error (no detail)");
                  }
                }
              })
          .awaitCompletion(120, TimeUnit.SECONDS);
      if (!errors.isEmpty()) {
        throw new IllegalStateException("Pushing " + ref + " failed: " + errors);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while pushing " + ref, e);
    } finally {
      removeLocalCopy(engine, ref);
    }
    return ref;
  }

  /** {@link #push} of the local base image as {@code base:1}. */
  public String pushBase(Engine engine) {
    return push(engine, TestImages.BASE, "base", "1");
  }

  /**
   * Removes the engine's local tag {@code ref} (an image pulled from here), so that the next use
   * pulls again. Only untags: the image stays under its other names.
   */
  public void removeLocalCopy(Engine engine, String ref) {
    try {
      engine.client().removeImageCmd(ref).withNoPrune(true).exec();
    } catch (NotFoundException e) {
      // not there: fine
    }
  }

  /** Stops the process and deletes the storage. Local copies are the tests' business. */
  @Override
  public void close() {
    stopProcess();
    if (tokens != null) {
      tokens.close();
    }
    deleteTree(dir);
    try {
      Runtime.getRuntime().removeShutdownHook(stopAtExit);
    } catch (IllegalStateException | IllegalArgumentException e) {
      // shutting down already, or never registered
    }
  }

  private void stopProcess() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private void awaitReady() throws IOException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("docker-registry exited: " + logText());
      }
      try {
        int status =
            client
                .send(
                    HttpRequest.newBuilder(url().resolve("/v2/"))
                        .timeout(Duration.ofSeconds(2))
                        .build(),
                    HttpResponse.BodyHandlers.discarding())
                .statusCode();
        if (status == 401 || status == 200) {
          return;
        }
      } catch (IOException notYet) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    throw new IOException("docker-registry did not answer within " + START_TIMEOUT);
  }

  private static String config(Path dir, int port, String auth) {
    return "version: 0.1\n"
        + "log:\n"
        + "  level: info\n"
        + "  accesslog:\n"
        + "    disabled: false\n"
        + "storage:\n"
        + "  filesystem:\n"
        + "    rootdirectory: "
        + dir.resolve("data")
        + "\n"
        + "  delete:\n"
        + "    enabled: true\n"
        + "http:\n"
        + "  addr: 127.0.0.1:"
        + port
        + "\n"
        + "  secret: slipway-test-not-a-secret\n"
        + "auth:\n"
        + auth;
  }

  /** {@code user:bcrypt}, from {@code htpasswd -niB} with the password on stdin. */
  private static String htpasswdLine(String user, String password) throws IOException {
    Process p = new ProcessBuilder("htpasswd", "-niB", user).start();
    p.getOutputStream().write((password + "\n").getBytes(StandardCharsets.UTF_8));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IOException(
            "htpasswd failed: "
                + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    return out.strip() + "\n";
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Skips (or fails, when required) the calling test without {@code program} on PATH. */
  static void requireProgram(String program) {
    boolean found =
        Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
            .filter(d -> !d.isEmpty())
            .anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    if (found) {
      return;
    }
    String why =
        "needs "
            + program
            + " (apt-get install docker-registry apache2-utils"
            + " golang-docker-credential-helpers pass; .ci/run does)";
    if (EngineTestSupport.engineRequired()) {
      Assertions.fail(why);
    }
    Assumptions.abort(why);
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort: a temp folder
    }
  }
}
