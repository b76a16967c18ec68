package io.slipway.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.auth.RegistryLogin.Outcome;
import io.slipway.core.engine.Engine;
import io.slipway.core.testing.EngineTestSupport;
import io.slipway.core.testing.TestImages;
import io.slipway.core.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real registry with Bearer token auth (what Docker Hub and cloud registries do): the login check
 * and the daemon's pulls, with a password and with an identity token (an OAuth refresh token).
 */
class TokenAuthRegistryIT {

  private static final String USER = "alice";
  private static final String PASSWORD = "s3cret-token-it";
  private static final String IDENTITY_TOKEN = "identity-token-for-alice";

  private static TestRegistry registry;

  @TempDir Path dir;

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.startWithTokenAuthOrSkip(USER, PASSWORD, IDENTITY_TOKEN);
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  private static final CredentialSource FILE =
      new CredentialSource.ConfigFile(Path.of("/tmp/config.json"));

  private List<String> grantsDuring(Runnable action) {
    int before = registry.tokenGrants().size();
    action.run();
    List<String> all = registry.tokenGrants();
    return all.subList(before, all.size());
  }

  @Test
  void aPasswordLogsInThroughTheTokenService() {
    RegistryLogin.Result[] r = new RegistryLogin.Result[1];
    List<String> grants =
        grantsDuring(
            () ->
                r[0] =
                    RegistryLogin.test(
                        registry.host(),
                        RegistryCredentials.basic(registry.host(), USER, PASSWORD, FILE)));

    assertThat(r[0].outcome()).isEqualTo(Outcome.LOGGED_IN);
    assertThat(r[0].message()).isEqualTo("logged in as alice");
    assertThat(grants).containsExactly("basic");
  }

  @Test
  void anIdentityTokenLogsInWithARefreshTokenGrant() {
    RegistryLogin.Result[] r = new RegistryLogin.Result[1];
    List<String> grants =
        grantsDuring(
            () ->
                r[0] =
                    RegistryLogin.test(
                        registry.host(),
                        RegistryCredentials.identityToken(
                            registry.host(), "", IDENTITY_TOKEN, FILE)));

    assertThat(r[0].outcome()).isEqualTo(Outcome.LOGGED_IN);
    assertThat(r[0].message()).isEqualTo("logged in with an identity token");
    assertThat(grants).containsExactly("refresh_token");
  }

  @Test
  void wrongCredentialsAreUnauthorized() {
    RegistryLogin.Result password =
        RegistryLogin.test(
            registry.host(), RegistryCredentials.basic(registry.host(), USER, "wrong", FILE));
    RegistryLogin.Result token =
        RegistryLogin.test(
            registry.host(), RegistryCredentials.identityToken(registry.host(), "", "stale", FILE));

    assertThat(password.outcome()).isEqualTo(Outcome.UNAUTHORIZED);
    assertThat(password.message()).isEqualTo("unauthorized: wrong user name or password");
    assertThat(token.outcome()).isEqualTo(Outcome.UNAUTHORIZED);
    assertThat(token.message())
        .isEqualTo("unauthorized: the identity token was refused; log in again");
  }

  private Engine engine;
  private TestImages images;
  private String base;

  /** For the tests through the daemon: the engine, and the base image pushed to the registry. */
  private void pushBase() {
    engine = EngineTestSupport.engineOrSkip();
    images = new TestImages(engine);
    base = registry.pushBase(engine);
  }

  @AfterEach
  void cleanUp() {
    if (base != null) {
      registry.removeLocalCopy(engine, base);
    }
    if (images != null) {
      images.close();
    }
  }

  private AllCredentials fromConfig(String authsEntry) throws Exception {
    Path configDir = Files.createDirectories(dir.resolve("docker"));
    Files.writeString(
        configDir.resolve("config.json"),
        "{\"auths\":{\"" + registry.host() + "\":" + authsEntry + "}}");
    return CredentialStore.load(Map.of("DOCKER_CONFIG", configDir.toString()), dir).all();
  }

  private EngineCalls.Outcome build(Optional<String> header) throws Exception {
    return EngineCalls.build(
        engine, "FROM " + base + "\nRUN echo token-auth\n", images.uniqueTag("token"), header);
  }

  @Test
  void aClassicBuildPullsWithAnIdentityTokenInXRegistryConfig() throws Exception {
    pushBase();
    AllCredentials all = fromConfig("{\"identitytoken\":\"" + IDENTITY_TOKEN + "\"}");
    int before = registry.tokenGrants().size();

    EngineCalls.Outcome outcome = build(Optional.of(AuthHeaders.registryConfig(all)));

    assertThat(outcome.succeeded()).as(outcome.all()).isTrue();
    assertThat(registry.tokenGrants().subList(before, registry.tokenGrants().size()))
        .contains("refresh_token")
        .doesNotContain("refused");
  }

  @Test
  void aClassicBuildPullsWithAPasswordAndFailsWithout() throws Exception {
    pushBase();
    AllCredentials all =
        fromConfig("{\"username\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\"}");

    EngineCalls.Outcome with = build(Optional.of(AuthHeaders.registryConfig(all)));
    registry.removeLocalCopy(engine, base);
    EngineCalls.Outcome without = build(Optional.empty());

    assertThat(with.succeeded()).as(with.all()).isTrue();
    assertThat(without.succeeded()).as(without.all()).isFalse();
    assertThat(without.error()).get().asString().containsIgnoringCase("unauthorized");
  }

  @Test
  void aPullWithAnIdentityTokenInXRegistryAuth() throws Exception {
    pushBase();
    RegistryCredentials c =
        RegistryCredentials.identityToken(registry.host(), "", IDENTITY_TOKEN, FILE);
    String repository = base.substring(0, base.lastIndexOf(':'));

    EngineCalls.Outcome outcome =
        EngineCalls.pull(engine, repository, "1", Optional.of(AuthHeaders.registryAuth(c)));

    assertThat(outcome.succeeded()).as(outcome.all()).isTrue();
  }
}
