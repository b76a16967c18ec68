package io.slipway.core.auth;

import io.slipway.core.auth.CredentialSource.ConfigFile;
import io.slipway.core.auth.CredentialSource.CredHelper;
import io.slipway.core.auth.CredentialSource.CredsStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registry credentials found as the docker CLI finds them, from {@link DockerConfig} and the
 * credential helpers it names.
 *
 * <p>For one registry ({@link #lookup}): {@code credHelpers[registry]}, then the {@code credsStore}
 * helper, then {@code auths}. A helper that has nothing for the registry passes on to the next
 * source (the docker CLI's build does the same, through {@code GetAllCredentials}). A helper answer
 * with the user name {@value RegistryCredentials#TOKEN_USERNAME} is an identity token.
 *
 * <p>For every registry ({@link #all}): {@code auths}, then everything {@code credsStore} lists,
 * then every {@code credHelpers} registry, later sources replacing earlier ones; what a helper
 * could not answer becomes a warning, not an error. This is what goes into the classic builder's
 * {@code X-Registry-Config} header and what {@code slipway auth ls} shows.
 *
 * <p>Thread-safe. Each call asks the helpers anew: no answer is kept.
 */
public final class CredentialStore {

  private static final Logger log = LoggerFactory.getLogger(CredentialStore.class);

  private final DockerConfig config;
  private final Function<String, CredentialHelper> helpers;
  private final Map<String, CredentialHelper> helperCache = new HashMap<>();

  /**
   * @param config the parsed config.json
   * @param helpers makes the helper of a given name (tests pass helpers with their own runner)
   */
  public CredentialStore(DockerConfig config, Function<String, CredentialHelper> helpers) {
    this.config = Objects.requireNonNull(config, "config");
    this.helpers = Objects.requireNonNull(helpers, "helpers");
  }

  /**
   * The store of this environment and home folder: config.json from {@code DOCKER_CONFIG} or {@code
   * ~/.docker}, helpers run as real processes with {@code env} as their environment (its {@code
   * PATH} is where they are looked for).
   *
   * @throws io.slipway.core.SlipwayException if config.json exists but cannot be used
   */
  public static CredentialStore load(Map<String, String> env, Path userHome) {
    return load(env, userHome, CredentialHelper.DEFAULT_TIMEOUT);
  }

  /** As {@link #load(Map, Path)}, with a bound on each helper run. */
  public static CredentialStore load(Map<String, String> env, Path userHome, Duration timeout) {
    DockerConfig config = DockerConfig.load(env, userHome);
    ProcessRunner runner = ProcessRunner.system(env);
    return new CredentialStore(config, name -> new CredentialHelper(name, runner, timeout));
  }

  /** The store of this process's environment and user. */
  public static CredentialStore fromSystem() {
    return load(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** The configuration read. */
  public DockerConfig config() {
    return config;
  }

  /**
   * The credentials for one registry (a name, URL or config.json key), or empty when no source has
   * any.
   *
   * @throws CredentialException if a helper that should answer for this registry cannot be used;
   *     the message names it and the fix
   */
  public Optional<RegistryCredentials> lookup(String registry) {
    String key = RegistryNames.key(registry);
    Optional<DockerConfig.AuthEntry> fileEntry = config.auth(key);
    Optional<String> helperName = config.credHelper(key);
    if (helperName.isPresent()) {
      CredentialSource source = new CredHelper(helperName.get());
      Optional<RegistryCredentials> found = fromHelper(key, key, source, fileEntry);
      if (found.isPresent()) {
        return found;
      }
    }
    if (config.credsStore().isPresent()) {
      CredentialSource source = new CredsStore(config.credsStore().get());
      Optional<RegistryCredentials> found = fromHelper(key, key, source, fileEntry);
      if (found.isPresent()) {
        return found;
      }
    }
    return fileEntry.filter(DockerConfig.AuthEntry::hasCredentials).map(e -> fromFile(key, e));
  }

  /** The credentials for the registry an image is pulled from ({@link RegistryNames#ofImage}). */
  public Optional<RegistryCredentials> forImage(String imageReference) {
    return lookup(RegistryNames.ofImage(imageReference));
  }

  /** Every registry with credentials, and the problems met on the way; never throws for helpers. */
  public AllCredentials all() {
    Map<String, RegistryCredentials> found = new LinkedHashMap<>();
    List<String> warnings = new ArrayList<>();

    config
        .auths()
        .forEach(
            (key, entry) -> {
              if (entry.hasCredentials()) {
                found.put(key, fromFile(key, entry));
              }
            });

    if (config.credsStore().isPresent()) {
      String name = config.credsStore().get();
      CredentialSource source = new CredsStore(name);
      Map<String, String> listed = Map.of();
      try {
        listed = helper(name).list();
      } catch (CredentialException e) {
        warnings.add(explained(e, source, "").getMessage());
      }
      for (String url : listed.keySet()) {
        String key;
        try {
          key = RegistryNames.key(url);
        } catch (IllegalArgumentException e) {
          continue;
        }
        try {
          fromHelper(key, url, source, config.auth(key)).ifPresent(c -> found.put(key, c));
        } catch (CredentialException e) {
          warnings.add(e.getMessage());
        }
      }
    }

    config
        .credHelpers()
        .forEach(
            (key, name) -> {
              try {
                fromHelper(key, key, new CredHelper(name), config.auth(key))
                    .ifPresent(c -> found.put(key, c));
              } catch (CredentialException e) {
                warnings.add(e.getMessage());
              }
            });

    return new AllCredentials(new ArrayList<>(found.values()), warnings);
  }

  private RegistryCredentials fromFile(String key, DockerConfig.AuthEntry e) {
    return new RegistryCredentials(
        key,
        e.username(),
        e.password(),
        e.identityToken(),
        e.email(),
        new ConfigFile(config.file()));
  }

  private Optional<RegistryCredentials> fromHelper(
      String key,
      String serverUrl,
      CredentialSource source,
      Optional<DockerConfig.AuthEntry> fileEntry) {
    String name = helperName(source);
    Optional<CredentialHelper.Answer> answer;
    try {
      answer = helper(name).get(serverUrl);
    } catch (CredentialException e) {
      throw explained(e, source, key);
    }
    return answer.map(
        a -> {
          RegistryCredentials c = a.toCredentials(key, source);
          String email = fileEntry.map(DockerConfig.AuthEntry::email).orElse("");
          log.debug("Credentials for {} from {}", key, source.describe());
          return email.isEmpty()
              ? c
              : new RegistryCredentials(
                  c.registry(), c.username(), c.password(), c.identityToken(), email, source);
        });
  }

  private synchronized CredentialHelper helper(String name) {
    return helperCache.computeIfAbsent(name, helpers);
  }

  private static String helperName(CredentialSource source) {
    if (source instanceof CredsStore s) {
      return s.helper();
    }
    if (source instanceof CredHelper h) {
      return h.helper();
    }
    throw new IllegalArgumentException("not a helper: " + source.describe());
  }

  /** The helper's own problem, with where config.json names it and what to do. */
  private CredentialException explained(
      CredentialException e, CredentialSource source, String key) {
    Path file = config.file();
    boolean notOnPath = e.getCause() instanceof ProcessRunner.NotFoundException;
    String fix;
    if (source instanceof CredsStore s) {
      fix =
          notOnPath
              ? " Install it, or remove \"credsStore\": \"" + s.helper() + "\" from " + file + "."
              : " It is set as credsStore in " + file + ".";
    } else {
      fix =
          notOnPath
              ? " Install it, or remove \"" + key + "\" from \"credHelpers\" in " + file + "."
              : " It is set for " + key + " in credHelpers of " + file + ".";
    }
    return new CredentialException(e.helper(), e.getMessage() + fix, e);
  }

  @Override
  public String toString() {
    return "CredentialStore[" + config + "]";
  }
}
