package io.slipway.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.engine.Engine;
import io.slipway.core.testing.EngineTestSupport;
import io.slipway.core.testing.TestImages;
import io.slipway.core.testing.TestPassStore;
import io.slipway.core.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's real {@code docker-credential-pass} (docker-credential-helpers 0.6.4) over a throwaway
 * gpg key and password store, as {@code credsStore}: lookup, list, the login check and a build.
 */
class PassCredentialHelperIT {

  private static final String USER = "alice";
  private static final String PASSWORD = "s3cret-in-pass";

  private static TestRegistry registry;
  private static TestPassStore pass;

  @TempDir Path dir;

  @BeforeAll
  static void setUp() {
    registry = TestRegistry.startOrSkip(USER, PASSWORD);
    pass = TestPassStore.createOrSkip();
    pass.store(registry.host(), USER, PASSWORD);
    pass.store("https://index.docker.io/v1/", "<token>", "hub-identity-token");
  }

  @AfterAll
  static void tearDown() {
    if (pass != null) {
      pass.close();
    }
    if (registry != null) {
      registry.close();
    }
  }

  /** What {@code docker login} leaves with a credsStore: an empty auths entry. */
  private CredentialStore store() throws Exception {
    Path configDir = Files.createDirectories(dir.resolve("docker"));
    Files.writeString(
        configDir.resolve("config.json"),
        "{\"auths\":{\"" + registry.host() + "\":{}},\"credsStore\":\"pass\"}");
    Map<String, String> env = new HashMap<>(pass.env());
    env.put("DOCKER_CONFIG", configDir.toString());
    return CredentialStore.load(env, dir);
  }

  @Test
  void looksUpListsAndLogsInWithThePassHelper() throws Exception {
    CredentialStore store = store();

    RegistryCredentials c = store.lookup(registry.host()).orElseThrow();
    assertThat(c.username()).isEqualTo(USER);
    assertThat(c.password()).isEqualTo(PASSWORD);
    assertThat(c.source().describe()).isEqualTo("credsStore: pass");

    RegistryCredentials hub = store.forImage("busybox").orElseThrow();
    assertThat(hub.hasIdentityToken()).isTrue();
    assertThat(hub.identityToken()).isEqualTo("hub-identity-token");

    // 0.6.4 answers an unknown URL with empty fields and exit 0: none.
    assertThat(store.lookup("unknown.example:5000")).isEmpty();

    AllCredentials all = store.all();
    assertThat(all.warnings()).isEmpty();
    assertThat(all.credentials())
        .extracting(RegistryCredentials::registry)
        .containsExactlyInAnyOrder(registry.host(), RegistryNames.DOCKER_HUB);

    assertThat(RegistryLogin.test(registry.host(), c).message()).isEqualTo("logged in as alice");
  }

  @Test
  void aClassicBuildPullsWithCredentialsFromPass() throws Exception {
    Engine engine = EngineTestSupport.engineOrSkip();
    String base = registry.pushBase(engine);
    try (TestImages images = new TestImages(engine)) {
      String header = AuthHeaders.registryConfig(store().all());

      EngineCalls.Outcome outcome =
          EngineCalls.build(
              engine,
              "FROM " + base + "\nRUN echo via-pass\n",
              images.uniqueTag("pass"),
              Optional.of(header));

      assertThat(outcome.succeeded()).as(outcome.all()).isTrue();
      assertThat(outcome.all()).contains("via-pass");
    } finally {
      registry.removeLocalCopy(engine, base);
    }
  }
}
