package io.slipway.core.auth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;

/**
 * The Engine API's credential headers, as the docker CLI encodes them: JSON, then base64 with the
 * URL-safe alphabet <b>and</b> padding (Go's {@code base64.URLEncoding}). Empty fields are left
 * out, as Go's {@code omitempty} does.
 *
 * <p><b>The returned strings hold secrets</b>: put them in a request header and nowhere else; never
 * log them, never put them in an exception message.
 */
public final class AuthHeaders {

  /** Credentials for every registry a classic build may pull from ({@code POST /build}). */
  public static final String REGISTRY_CONFIG = "X-Registry-Config";

  /** Credentials for one registry ({@code POST /images/create}, {@code /images/…/push}). */
  public static final String REGISTRY_AUTH = "X-Registry-Auth";

  private static final ObjectMapper JSON = new ObjectMapper();

  private AuthHeaders() {}

  /**
   * The {@value #REGISTRY_CONFIG} value: {@code {"<registry>": {"username", "password", "auth",
   * "email", "serveraddress", "identitytoken"}, …}} keyed by registry key (Docker Hub as {@value
   * RegistryNames#DOCKER_HUB}, which the daemon requires). {@code auth} is base64 of {@code
   * user:password}. Entries without credentials are skipped; a later entry for the same registry
   * replaces an earlier one.
   */
  public static String registryConfig(Collection<RegistryCredentials> credentials) {
    ObjectNode all = JSON.createObjectNode();
    for (RegistryCredentials c : credentials) {
      if (c.isEmpty()) {
        continue;
      }
      ObjectNode one = all.putObject(c.registry());
      put(one, "username", c.username());
      put(one, "password", c.password());
      if (!c.username().isEmpty() && !c.password().isEmpty()) {
        put(
            one,
            "auth",
            Base64.getEncoder()
                .encodeToString(
                    (c.username() + ":" + c.password()).getBytes(StandardCharsets.UTF_8)));
      }
      put(one, "email", c.email());
      put(one, "serveraddress", c.registry());
      put(one, "identitytoken", c.identityToken());
    }
    return encode(all);
  }

  /** {@link #registryConfig(Collection)} of everything the store knows. */
  public static String registryConfig(AllCredentials all) {
    return registryConfig(all.credentials());
  }

  /**
   * The {@value #REGISTRY_AUTH} value for one registry: {@code {"username", "password",
   * "serveraddress"}}, or {@code {"identitytoken", "serveraddress"}} for an identity token.
   */
  public static String registryAuth(RegistryCredentials credentials) {
    ObjectNode one = JSON.createObjectNode();
    if (credentials.hasIdentityToken()) {
      put(one, "identitytoken", credentials.identityToken());
    } else {
      put(one, "username", credentials.username());
      put(one, "password", credentials.password());
    }
    put(one, "serveraddress", credentials.registry());
    return encode(one);
  }

  /**
   * The {@value #REGISTRY_AUTH} value for no credentials: base64 of {@code {}}, as the CLI sends.
   */
  public static String anonymous() {
    return encode(JSON.createObjectNode());
  }

  private static void put(ObjectNode node, String field, String value) {
    if (!value.isEmpty()) {
      node.put(field, value);
    }
  }

  private static String encode(ObjectNode node) {
    try {
      return Base64.getUrlEncoder().encodeToString(JSON.writeValueAsBytes(node));
    } catch (JsonProcessingException e) {
      // Strings only: cannot happen. The message could hold a value: leave it out.
      throw new UncheckedIOException(new java.io.IOException("cannot write the auth JSON"));
    }
  }
}
