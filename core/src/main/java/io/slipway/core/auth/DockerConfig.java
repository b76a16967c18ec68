package io.slipway.core.auth;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.core.SlipwayException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The registry settings of the docker CLI's {@code config.json}: {@code auths}, {@code credsStore}
 * and {@code credHelpers}. Other settings (contexts, proxies, …) are ignored here.
 *
 * <p>The file is {@code $DOCKER_CONFIG/config.json}, or {@code ~/.docker/config.json}; a missing
 * file is an empty configuration. Registry keys are normalised with {@link RegistryNames#key}, so
 * {@code https://127.0.0.1:5000/v2/} and {@code 127.0.0.1:5000} are the same registry and every
 * spelling of Docker Hub is {@value RegistryNames#DOCKER_HUB}. When two keys of {@code auths}
 * normalise to the same registry, the one spelled exactly as the key wins (the CLI's exact match
 * first), then the one holding credentials, then the first in the file.
 *
 * <p>An {@code auth} value is decoded (base64 of {@code user:password}) as the CLI does; it wins
 * over {@code username}/{@code password} fields in the same entry. Errors never quote the file's
 * content, which may hold a secret.
 */
public final class DockerConfig {

  /**
   * One entry of {@code auths}. Absent values are empty strings. {@link #toString()} is redacted.
   *
   * @param key the key as written in the file
   */
  public record AuthEntry(
      String key, String username, String password, String identityToken, String email) {
    public AuthEntry {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
      Objects.requireNonNull(identityToken, "identityToken");
      Objects.requireNonNull(email, "email");
    }

    /**
     * Whether this entry can log in: a user name with a password, or an identity token. An empty
     * entry ({@code {}}) is what {@code docker login} writes when a {@code credsStore} holds the
     * secret.
     */
    public boolean hasCredentials() {
      return !identityToken.isEmpty() || (!username.isEmpty() && !password.isEmpty());
    }

    @Override
    public String toString() {
      return "AuthEntry[key="
          + key
          + ", username="
          + username
          + (password.isEmpty() ? "" : ", password=<redacted>")
          + (identityToken.isEmpty() ? "" : ", identityToken=<redacted>")
          + "]";
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final boolean exists;
  private final Map<String, AuthEntry> auths;
  private final Optional<String> credsStore;
  private final Map<String, String> credHelpers;

  private DockerConfig(
      Path file,
      boolean exists,
      Map<String, AuthEntry> auths,
      Optional<String> credsStore,
      Map<String, String> credHelpers) {
    this.file = file;
    this.exists = exists;
    this.auths = Collections.unmodifiableMap(new LinkedHashMap<>(auths));
    this.credsStore = credsStore;
    this.credHelpers = Collections.unmodifiableMap(new LinkedHashMap<>(credHelpers));
  }

  /** The docker CLI's config folder: {@code DOCKER_CONFIG} when not empty, or {@code ~/.docker}. */
  public static Path configDir(Map<String, String> env, Path userHome) {
    String dir = env.getOrDefault("DOCKER_CONFIG", "");
    return dir.isBlank() ? userHome.resolve(".docker") : Path.of(dir);
  }

  /**
   * Reads {@code config.json} from {@link #configDir}.
   *
   * @param env the environment (only {@code DOCKER_CONFIG} is read)
   * @param userHome the user's home folder
   * @throws SlipwayException if the file exists but cannot be read or understood
   */
  public static DockerConfig load(Map<String, String> env, Path userHome) {
    return load(configDir(env, userHome).resolve("config.json"));
  }

  /**
   * Reads this file; a missing file is an empty configuration.
   *
   * @throws SlipwayException if the file exists but cannot be read or understood
   */
  public static DockerConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return empty(file);
    } catch (AccessDeniedException e) {
      throw new SlipwayException(
          "Cannot read " + file + ": permission denied. Make it readable, or set DOCKER_CONFIG.");
    } catch (IOException e) {
      throw new SlipwayException(
          "Cannot read " + file + " (" + e.getClass().getSimpleName() + "). Check the file.");
    }
    return parse(text, file);
  }

  /** A configuration with nothing in it, as if {@code file} did not exist. */
  public static DockerConfig empty(Path file) {
    return new DockerConfig(file, false, Map.of(), Optional.empty(), Map.of());
  }

  /**
   * Parses the text of a config.json; {@code file} is where it came from, for messages.
   *
   * @throws SlipwayException if it is not a JSON object or its registry settings are malformed
   */
  public static DockerConfig parse(String text, Path file) {
    JsonNode root;
    try {
      root = text.isBlank() ? JSON.createObjectNode() : JSON.readTree(text);
    } catch (JsonProcessingException e) {
      // Jackson's message can quote the offending token, which may be a secret: only the place.
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
      throw problem(file, "it is not valid JSON" + where);
    }
    if (root == null || !root.isObject()) {
      throw problem(file, "it is not a JSON object");
    }

    Map<String, AuthEntry> auths = new LinkedHashMap<>();
    JsonNode authsNode = root.path("auths");
    if (!authsNode.isMissingNode() && !authsNode.isNull()) {
      if (!authsNode.isObject()) {
        throw problem(file, "\"auths\" is not an object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = authsNode.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String key = field.getKey();
        if (key.isBlank()) {
          continue;
        }
        AuthEntry entry = authEntry(file, key, field.getValue());
        auths.merge(RegistryNames.key(key), entry, DockerConfig::preferred);
      }
    }

    Optional<String> credsStore = Optional.empty();
    JsonNode store = root.path("credsStore");
    if (!store.isMissingNode() && !store.isNull()) {
      if (!store.isTextual()) {
        throw problem(file, "\"credsStore\" is not a string");
      }
      credsStore = Optional.of(store.asText().strip()).filter(s -> !s.isEmpty());
    }

    Map<String, String> credHelpers = new LinkedHashMap<>();
    JsonNode helpers = root.path("credHelpers");
    if (!helpers.isMissingNode() && !helpers.isNull()) {
      if (!helpers.isObject()) {
        throw problem(file, "\"credHelpers\" is not an object");
      }
      for (Iterator<Map.Entry<String, JsonNode>> it = helpers.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        if (!field.getValue().isTextual()) {
          throw problem(
              file, "the credHelpers entry for \"" + field.getKey() + "\" is not a string");
        }
        String helper = field.getValue().asText().strip();
        if (!field.getKey().isBlank() && !helper.isEmpty()) {
          String key = RegistryNames.key(field.getKey());
          // The exact spelling wins over an alias, as for auths.
          if (!credHelpers.containsKey(key) || field.getKey().equals(key)) {
            credHelpers.put(key, helper);
          }
        }
      }
    }
    return new DockerConfig(file, true, auths, credsStore, credHelpers);
  }

  private static AuthEntry authEntry(Path file, String key, JsonNode node) {
    if (node == null || node.isNull()) {
      return new AuthEntry(key, "", "", "", "");
    }
    if (!node.isObject()) {
      throw problem(file, "the auths entry for \"" + key + "\" is not an object");
    }
    String username = text(node, "username");
    String password = text(node, "password");
    String auth = text(node, "auth");
    if (!auth.isEmpty()) {
      String[] userAndPassword = decodeAuth(file, key, auth);
      username = userAndPassword[0];
      password = userAndPassword[1];
    }
    return new AuthEntry(key, username, password, text(node, "identitytoken"), text(node, "email"));
  }

  /** base64 of {@code user:password}; the password loses trailing NULs, as in the CLI. */
  private static String[] decodeAuth(Path file, String key, String auth) {
    String fix =
        ". Log in again (docker login "
            + RegistryNames.display(RegistryNames.key(key))
            + "), or fix the file.";
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(auth.strip());
    } catch (IllegalArgumentException e) {
      throw new SlipwayException(
          "Cannot use " + file + ": the \"auth\" value for \"" + key + "\" is not base64" + fix);
    }
    String decoded = new String(bytes, StandardCharsets.UTF_8);
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      throw new SlipwayException(
          "Cannot use "
              + file
              + ": the \"auth\" value for \""
              + key
              + "\" is not base64 of user:password"
              + fix);
    }
    String password = decoded.substring(colon + 1);
    int end = password.length();
    while (end > 0 && password.charAt(end - 1) == '\0') {
      end--;
    }
    return new String[] {decoded.substring(0, colon), password.substring(0, end)};
  }

  private static AuthEntry preferred(AuthEntry first, AuthEntry second) {
    String key = RegistryNames.key(first.key());
    boolean firstExact = first.key().equals(key);
    boolean secondExact = second.key().equals(key);
    if (firstExact != secondExact) {
      return firstExact ? first : second;
    }
    if (first.hasCredentials() != second.hasCredentials()) {
      return first.hasCredentials() ? first : second;
    }
    return first;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? "" : value.asText("");
  }

  private static SlipwayException problem(Path file, String what) {
    return new SlipwayException(
        "Cannot use "
            + file
            + ": "
            + what
            + ". Fix the file, or set DOCKER_CONFIG to a folder with another config.json.");
  }

  /** The file these settings came from (it may not exist). */
  public Path file() {
    return file;
  }

  /** Whether the file existed. */
  public boolean exists() {
    return exists;
  }

  /** {@code auths}, by normalised registry key, in file order; includes empty entries. */
  public Map<String, AuthEntry> auths() {
    return auths;
  }

  /** The {@code auths} entry for a registry (any spelling), if there is one. */
  public Optional<AuthEntry> auth(String registry) {
    return Optional.ofNullable(auths.get(RegistryNames.key(registry)));
  }

  /** The helper that stores every registry's credentials ({@code credsStore}), if set. */
  public Optional<String> credsStore() {
    return credsStore;
  }

  /** {@code credHelpers}: normalised registry key → helper name (without docker-credential-). */
  public Map<String, String> credHelpers() {
    return credHelpers;
  }

  /** The helper named for this registry (any spelling) in {@code credHelpers}, if any. */
  public Optional<String> credHelper(String registry) {
    return Optional.ofNullable(credHelpers.get(RegistryNames.key(registry)));
  }

  @Override
  public String toString() {
    return "DockerConfig["
        + file
        + (exists ? "" : " (missing)")
        + ", auths="
        + auths.keySet()
        + credsStore.map(s -> ", credsStore=" + s).orElse("")
        + (credHelpers.isEmpty() ? "" : ", credHelpers=" + credHelpers)
        + "]";
  }
}
