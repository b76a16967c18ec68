package io.slipway.core.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A docker credential helper: the program {@code docker-credential-<name>}, spoken to with the
 * docker-credential-helpers protocol. {@code get} reads a server URL on stdin and prints {@code
 * {"ServerURL","Username","Secret"}}; {@code list} prints {@code {"<url>":"<user>"}}.
 *
 * <p>Runs are bounded in time. "Credentials not found" (newer helpers exit 1 with that message) and
 * an answer with an empty user name and secret (helper 0.6.4 does that, with exit 0) both mean the
 * helper has nothing for that server. Everything else that goes wrong is a {@link
 * CredentialException} naming the helper; its message never repeats the helper's output if that
 * output could hold the secret.
 */
public final class CredentialHelper {

  /** What every helper's program name starts with. */
  public static final String PROGRAM_PREFIX = "docker-credential-";

  /** Helpers may ask a keychain, which can be slow the first time; never wait forever. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final Logger log = LoggerFactory.getLogger(CredentialHelper.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_MESSAGE = 200;

  /**
   * A helper's answer to {@code get}. {@link #toString()} is redacted.
   *
   * @param serverUrl the URL asked for
   * @param username the user name, or {@value RegistryCredentials#TOKEN_USERNAME} for an identity
   *     token
   * @param secret the password or the identity token
   */
  public record Answer(String serverUrl, String username, String secret) {
    public Answer {
      Objects.requireNonNull(serverUrl, "serverUrl");
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(secret, "secret");
    }

    /** As credentials: the user name {@code <token>} means the secret is an identity token. */
    public RegistryCredentials toCredentials(String registry, CredentialSource source) {
      if (username.equals(RegistryCredentials.TOKEN_USERNAME)) {
        return RegistryCredentials.identityToken(registry, "", secret, source);
      }
      return RegistryCredentials.basic(registry, username, secret, source);
    }

    @Override
    public String toString() {
      return "Answer[serverUrl="
          + serverUrl
          + ", username="
          + username
          + (secret.isEmpty() ? "" : ", secret=<redacted>")
          + "]";
    }
  }

  private final String name;
  private final ProcessRunner runner;
  private final Duration timeout;

  /**
   * @param name the helper's name as config.json writes it ({@code pass}, {@code ecr-login})
   * @param runner runs {@code docker-credential-<name>}
   * @param timeout how long one run may take
   */
  public CredentialHelper(String name, ProcessRunner runner, Duration timeout) {
    this.name = Objects.requireNonNull(name, "name").strip();
    if (this.name.isEmpty()) {
      throw new IllegalArgumentException("A credential helper needs a name");
    }
    this.runner = Objects.requireNonNull(runner, "runner");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /** The name as config.json writes it. */
  public String name() {
    return name;
  }

  /** The program run: {@code docker-credential-<name>}. */
  public String program() {
    return PROGRAM_PREFIX + name;
  }

  /**
   * The credentials stored for {@code serverUrl}, or empty when the helper has none.
   *
   * @throws CredentialException if the helper is missing, fails, is too slow, or answers nonsense
   */
  public Optional<Answer> get(String serverUrl) {
    ProcessRunner.Result result = run("get", serverUrl);
    if (result.exitCode() != 0) {
      if (saysNotFound(result)) {
        log.debug("{} has no credentials for {}", program(), serverUrl);
        return Optional.empty();
      }
      throw failed("get", result);
    }
    String out = result.stdout().strip();
    if (out.isEmpty()) {
      return Optional.empty();
    }
    JsonNode answer = parse("get", out);
    if (!answer.isObject()) {
      throw badAnswer("get");
    }
    String username = answer.path("Username").asText("");
    String secret = answer.path("Secret").asText("");
    if (username.isEmpty() && secret.isEmpty()) {
      // docker-credential-helpers 0.6.4 answers an unknown URL like this, with exit 0.
      log.debug("{} has no credentials for {} (empty answer)", program(), serverUrl);
      return Optional.empty();
    }
    String url = answer.path("ServerURL").asText("");
    return Optional.of(new Answer(url.isEmpty() ? serverUrl : url, username, secret));
  }

  /**
   * Every server URL the helper stores, with its user name.
   *
   * @throws CredentialException if the helper is missing, fails, is too slow, or answers nonsense
   */
  public Map<String, String> list() {
    ProcessRunner.Result result = run("list", "");
    if (result.exitCode() != 0) {
      if (saysNotFound(result)) {
        return Map.of();
      }
      throw failed("list", result);
    }
    String out = result.stdout().strip();
    if (out.isEmpty() || out.equals("null")) {
      return Map.of();
    }
    JsonNode answer = parse("list", out);
    if (!answer.isObject()) {
      throw badAnswer("list");
    }
    Map<String, String> servers = new LinkedHashMap<>();
    answer.fields().forEachRemaining(e -> servers.put(e.getKey(), e.getValue().asText("")));
    return servers;
  }

  private ProcessRunner.Result run(String action, String stdin) {
    try {
      ProcessRunner.Result result = runner.run(program(), List.of(action), stdin, timeout);
      log.debug("{} {}: exit {}", program(), action, result.exitCode());
      return result;
    } catch (ProcessRunner.NotFoundException e) {
      throw new CredentialException(name, program() + " is not on PATH.", e);
    } catch (ProcessRunner.TimedOutException e) {
      throw new CredentialException(
          name,
          program()
              + " "
              + action
              + " did not answer within "
              + seconds(timeout)
              + " (is its keychain locked or waiting for a password?).",
          e);
    } catch (IOException e) {
      throw new CredentialException(
          name, program() + " could not be started: " + e.getMessage() + ".", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CredentialException(name, "Interrupted while waiting for " + program() + ".", e);
    }
  }

  private static boolean saysNotFound(ProcessRunner.Result result) {
    String all = (result.stdout() + "\n" + result.stderr()).toLowerCase(Locale.ROOT);
    return all.contains("credentials not found");
  }

  private JsonNode parse(String action, String out) {
    try {
      return JSON.readTree(out);
    } catch (IOException e) {
      // Not even the location: the answer is a secret.
      throw badAnswer(action);
    }
  }

  private CredentialException badAnswer(String action) {
    return new CredentialException(
        name,
        program()
            + " "
            + action
            + " answered with something other than the credential helper JSON. Check that it is a"
            + " docker credential helper, and that it works on its own (echo SERVER | "
            + program()
            + " get).");
  }

  private CredentialException failed(String action, ProcessRunner.Result result) {
    String said = firstLine(result.stdout());
    if (said.isEmpty()) {
      said = firstLine(result.stderr());
    }
    return new CredentialException(
        name,
        program()
            + " "
            + action
            + " failed (exit "
            + result.exitCode()
            + ")"
            + (said.isEmpty() ? "." : ": " + said + (said.endsWith(".") ? "" : ".")));
  }

  /** A helper's error line, short; dropped if it looks like an answer that carries a secret. */
  private static String firstLine(String text) {
    String line = text.strip().lines().findFirst().orElse("").strip();
    if (line.startsWith("{") || line.toLowerCase(Locale.ROOT).contains("\"secret\"")) {
      return "";
    }
    return line.length() > MAX_MESSAGE ? line.substring(0, MAX_MESSAGE) + "…" : line;
  }

  /** "3 s", "0.5 s". */
  static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
  }

  @Override
  public String toString() {
    return "CredentialHelper[" + program() + "]";
  }
}
