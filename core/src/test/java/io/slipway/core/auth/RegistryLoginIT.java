package io.slipway.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.auth.RegistryLogin.Outcome;
import io.slipway.core.testing.TestRegistry;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The login check against a real registry with htpasswd (Basic) auth. */
class RegistryLoginIT {

  private static final CredentialSource FILE =
      new CredentialSource.ConfigFile(Path.of("/tmp/config.json"));
  private static TestRegistry registry;

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.startOrSkip("alice", "s3cret-login-it");
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @Test
  void theRightPasswordLogsIn() {
    RegistryLogin.Result r =
        RegistryLogin.test(
            registry.host(),
            RegistryCredentials.basic(registry.host(), "alice", registry.password(), FILE));

    assertThat(r.outcome()).isEqualTo(Outcome.LOGGED_IN);
    assertThat(r.ok()).isTrue();
    assertThat(r.message()).isEqualTo("logged in as alice");
    assertThat(r.endpoint()).isEqualTo(URI.create("http://" + registry.host() + "/v2/"));
  }

  @Test
  void aWrongPasswordOrUserIsUnauthorized() {
    for (String[] userPassword :
        new String[][] {{"alice", "wrong"}, {"mallory", registry.password()}}) {
      RegistryLogin.Result r =
          RegistryLogin.test(
              registry.host(),
              RegistryCredentials.basic(registry.host(), userPassword[0], userPassword[1], FILE));

      assertThat(r.outcome()).isEqualTo(Outcome.UNAUTHORIZED);
      assertThat(r.ok()).isFalse();
      assertThat(r.message()).isEqualTo("unauthorized: wrong user name or password");
    }
  }

  @Test
  void anIdentityTokenCannotAnswerABasicChallenge() {
    RegistryLogin.Result r =
        RegistryLogin.test(
            registry.host(),
            RegistryCredentials.identityToken(registry.host(), "", "some-token", FILE));

    assertThat(r.outcome()).isEqualTo(Outcome.UNAUTHORIZED);
    assertThat(r.message())
        .isEqualTo(
            "unauthorized: the registry wants a user name and password, and the credentials hold"
                + " an identity token");
  }

  @Test
  void httpsToThePlainHttpRegistryFailsWithAHint() {
    RegistryLogin.Result r =
        RegistryLogin.test(
            registry.host(),
            RegistryCredentials.basic(registry.host(), "alice", registry.password(), FILE),
            RegistryLogin.Scheme.HTTPS);

    assertThat(r.outcome()).isEqualTo(Outcome.UNREACHABLE);
    assertThat(r.message())
        .startsWith("cannot reach https://" + registry.host() + "/v2/: ")
        .contains("check it over http");
  }
}
