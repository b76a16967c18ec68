package io.slipway.core.build;

import io.slipway.core.auth.AllCredentials;
import io.slipway.core.auth.AuthHeaders;
import io.slipway.core.auth.CredentialStore;
import io.slipway.core.auth.RegistryCredentials;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The registry credentials a build may use, read when a build starts (helpers are processes: this
 * runs on the builder's thread, never the UI's). Problems with one helper become warnings of the
 * build, not failures: a build that needs no private image still runs.
 */
public final class RegistryAccess {

  private final Supplier<CredentialStore> store;

  public RegistryAccess(Supplier<CredentialStore> store) {
    this.store = store;
  }

  /** Credentials from {@code DOCKER_CONFIG} or {@code ~/.docker}, as the docker CLI finds them. */
  public static RegistryAccess fromEnvironment(Map<String, String> environment) {
    Path home = Path.of(System.getProperty("user.home"));
    return new RegistryAccess(() -> CredentialStore.load(environment, home));
  }

  /**
   * The {@code X-Registry-Config} header for a classic build (every known registry), or empty when
   * there are none; warnings go to the build's listener.
   */
  public Map<String, String> registryConfigHeader(BuildListener listener, Clock clock) {
    AllCredentials all = store.get().all();
    for (String warning : all.warnings()) {
      listener.onEvent(new BuildEvent.Warning(clock.instant(), Optional.empty(), warning));
    }
    if (all.credentials().isEmpty()) {
      return Map.of();
    }
    return Map.of(AuthHeaders.REGISTRY_CONFIG, AuthHeaders.registryConfig(all));
  }

  /**
   * Credentials for a registry host as BuildKit names it ({@code registry-1.docker.io} for Docker
   * Hub), if any are configured.
   *
   * @throws io.slipway.core.auth.CredentialException if the helper for it cannot be used
   */
  public Optional<RegistryCredentials> forRegistry(String host) {
    return store.get().lookup(host);
  }

  /** Credentials for the registry an image comes from, if any are configured. */
  public Optional<RegistryCredentials> forImage(String image) {
    return store.get().forImage(image);
  }
}
