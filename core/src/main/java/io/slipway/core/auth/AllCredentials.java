package io.slipway.core.auth;

import java.util.List;
import java.util.Optional;

/**
 * Every registry with credentials, one entry per registry, and what went wrong while asking the
 * helpers (each a sentence naming the helper and the fix). A failing helper does not hide the other
 * sources: the docker CLI builds without the credentials it cannot get, and so does Slipway, after
 * showing the warnings.
 *
 * @param credentials one per registry, in the order {@code auths}, then {@code credsStore}'s list,
 *     then {@code credHelpers} (a later source replaces an earlier one for the same registry)
 * @param warnings problems with helpers; never a secret
 */
public record AllCredentials(List<RegistryCredentials> credentials, List<String> warnings) {

  public AllCredentials {
    credentials = List.copyOf(credentials);
    warnings = List.copyOf(warnings);
  }

  /** The credentials for a registry (any spelling), if there are some. */
  public Optional<RegistryCredentials> find(String registry) {
    String key = RegistryNames.key(registry);
    return credentials.stream().filter(c -> c.registry().equals(key)).findFirst();
  }
}
