package io.slipway.core.auth;

import java.util.Objects;

/**
 * One registry's credentials: a user name and password, or an identity token (an OAuth refresh
 * token, what {@code docker login} stores for some registries; a credential helper answers it with
 * the user name {@value #TOKEN_USERNAME}).
 *
 * <p>Absent values are empty strings, never null. {@link #toString()} shows the registry, the user
 * name and the source only: the password and the token are never printed, so a record that ends up
 * in a log or an exception message leaks nothing.
 *
 * @param registry the lookup key ({@link RegistryNames#key(String)}): {@code 127.0.0.1:5000}, or
 *     {@value RegistryNames#DOCKER_HUB} for Docker Hub
 * @param username the user name; may be empty with an identity token
 * @param password the password or personal access token; empty with an identity token
 * @param identityToken the identity token; empty with a password
 * @param email kept when config.json has one (old logins); the daemon ignores it
 * @param source where these came from
 */
public record RegistryCredentials(
    String registry,
    String username,
    String password,
    String identityToken,
    String email,
    CredentialSource source) {

  /** The user name with which a credential helper stores an identity token. */
  public static final String TOKEN_USERNAME = "<token>";

  public RegistryCredentials {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(identityToken, "identityToken");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(source, "source");
    registry = RegistryNames.key(registry);
  }

  /** A user name and password (or access token used as a password). */
  public static RegistryCredentials basic(
      String registry, String username, String password, CredentialSource source) {
    return new RegistryCredentials(registry, username, password, "", "", source);
  }

  /** An identity token, with the user name when it is known (it may be empty). */
  public static RegistryCredentials identityToken(
      String registry, String username, String token, CredentialSource source) {
    return new RegistryCredentials(registry, username, "", token, "", source);
  }

  /** Whether these hold an identity token rather than a password. */
  public boolean hasIdentityToken() {
    return !identityToken.isEmpty();
  }

  /** Whether there is nothing to log in with (neither a password nor a token). */
  public boolean isEmpty() {
    return identityToken.isEmpty() && username.isEmpty() && password.isEmpty();
  }

  /** The user name for people: the name, or {@code <identity token>} when there is none. */
  public String displayUser() {
    if (!username.isEmpty() && !username.equals(TOKEN_USERNAME)) {
      return username;
    }
    return hasIdentityToken() ? "<identity token>" : "";
  }

  /** Redacted: never shows the password or the token, only whether there is one. */
  @Override
  public String toString() {
    return "RegistryCredentials[registry="
        + registry
        + ", username="
        + username
        + (password.isEmpty() ? "" : ", password=<redacted>")
        + (identityToken.isEmpty() ? "" : ", identityToken=<redacted>")
        + ", source="
        + source.describe()
        + "]";
  }
}
