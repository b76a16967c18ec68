package io.slipway.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.engine.Engine;
import io.slipway.core.testing.EngineTestSupport;
import io.slipway.core.testing.TestCredentialHelper;
import io.slipway.core.testing.TestImages;
import io.slipway.core.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A classic build {@code FROM} a private registry through the real engine: it pulls only with the
 * {@code X-Registry-Config} header made from the credentials found in config.json, a {@code
 * credsStore} helper or a {@code credHelpers} helper (real helper processes).
 */
class ClassicBuildAuthIT {

  private static final String USER = "alice";
  private static final String PASSWORD = "s3cret-build-it";

  private static Engine engine;
  private static TestRegistry registry;
  private static String base;

  @TempDir Path dir;
  private TestImages images;
  private Path bin;
  private Path configDir;

  @BeforeAll
  static void pushBase() {
    engine = EngineTestSupport.engineOrSkip();
    registry = TestRegistry.startOrSkip(USER, PASSWORD);
    base = registry.pushBase(engine);
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    images = new TestImages(engine);
    registry.removeLocalCopy(engine, base);
    bin = Files.createDirectories(dir.resolve("bin"));
    configDir = Files.createDirectories(dir.resolve("docker"));
  }

  @AfterEach
  void cleanUp() {
    registry.removeLocalCopy(engine, base);
    images.close();
  }

  private String dockerfile() {
    return "FROM " + base + "\nRUN echo built-from-the-private-registry\n";
  }

  private EngineCalls.Outcome build(Optional<String> header) throws Exception {
    return EngineCalls.build(engine, dockerfile(), images.uniqueTag("auth-build"), header);
  }

  private CredentialStore store(String configJson) throws Exception {
    Files.writeString(configDir.resolve("config.json"), configJson);
    return CredentialStore.load(
        TestCredentialHelper.pathWith(bin, Map.of("DOCKER_CONFIG", configDir.toString())),
        dir.resolve("home"));
  }

  private static String auth(String user, String password) {
    return Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void withoutTheHeaderThePullHasNoCredentials() throws Exception {
    EngineCalls.Outcome outcome = build(Optional.empty());

    assertThat(outcome.succeeded()).as(outcome.all()).isFalse();
    assertThat(outcome.error()).get().asString().contains("no basic auth credentials");
  }

  @Test
  void aWrongPasswordIsRefused() throws Exception {
    AllCredentials all =
        store("{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth(USER, "nope") + "\"}}}")
            .all();

    EngineCalls.Outcome outcome = build(Optional.of(AuthHeaders.registryConfig(all)));

    assertThat(outcome.succeeded()).as(outcome.all()).isFalse();
    assertThat(outcome.error()).get().asString().contains("authentication required");
  }

  @Test
  void credentialsFromAuthsInConfigJson() throws Exception {
    AllCredentials all =
        store(
                "{\"auths\":{\"http://"
                    + registry.host()
                    + "\":{\"auth\":\""
                    + auth(USER, PASSWORD)
                    + "\"}}}")
            .all();
    assertThat(all.find(registry.host()).orElseThrow().source().describe())
        .isEqualTo("config.json");

    EngineCalls.Outcome outcome = build(Optional.of(AuthHeaders.registryConfig(all)));

    assertThat(outcome.succeeded()).as(outcome.all()).isTrue();
    assertThat(outcome.all()).contains("built-from-the-private-registry");
  }

  @Test
  void credentialsFromACredsStoreHelper() throws Exception {
    TestCredentialHelper.named("slipwaystore").with(registry.host(), USER, PASSWORD).writeTo(bin);
    AllCredentials all =
        store("{\"auths\":{\"" + registry.host() + "\":{}},\"credsStore\":\"slipwaystore\"}").all();
    assertThat(all.find(registry.host()).orElseThrow().source().describe())
        .isEqualTo("credsStore: slipwaystore");

    EngineCalls.Outcome outcome = build(Optional.of(AuthHeaders.registryConfig(all)));

    assertThat(outcome.succeeded()).as(outcome.all()).isTrue();
    assertThat(TestCredentialHelper.calls(bin, "slipwaystore"))
        .containsExactly("list", "get " + registry.host());
  }

  @Test
  void credHelpersWinOverTheStoreAndTheFile() throws Exception {
    TestCredentialHelper.named("slipwayhelper").with(registry.host(), USER, PASSWORD).writeTo(bin);
    TestCredentialHelper.named("slipwaystore")
        .with(registry.host(), USER, "store-is-wrong")
        .writeTo(bin);
    AllCredentials all =
        store(
                "{\"auths\":{\""
                    + registry.host()
                    + "\":{\"auth\":\""
                    + auth(USER, "file-is-wrong")
                    + "\"}},\"credsStore\":\"slipwaystore\","
                    + "\"credHelpers\":{\""
                    + registry.host()
                    + "\":\"slipwayhelper\"}}")
            .all();
    assertThat(all.credentials()).hasSize(1);
    assertThat(all.find(registry.host()).orElseThrow().source().describe())
        .isEqualTo("credHelpers: slipwayhelper");

    EngineCalls.Outcome outcome = build(Optional.of(AuthHeaders.registryConfig(all)));

    assertThat(outcome.succeeded()).as(outcome.all()).isTrue();
  }

  @Test
  void aPullWithXRegistryAuthAsBuildKitBuildsWillNeed() throws Exception {
    RegistryCredentials c =
        store(
                "{\"auths\":{\""
                    + registry.host()
                    + "\":{\"auth\":\""
                    + auth(USER, PASSWORD)
                    + "\"}}}")
            .forImage(base)
            .orElseThrow();
    String repository = base.substring(0, base.lastIndexOf(':'));

    EngineCalls.Outcome without =
        EngineCalls.pull(engine, repository, "1", Optional.of(AuthHeaders.anonymous()));
    EngineCalls.Outcome with =
        EngineCalls.pull(engine, repository, "1", Optional.of(AuthHeaders.registryAuth(c)));

    assertThat(without.succeeded()).as(without.all()).isFalse();
    assertThat(without.error()).get().asString().contains("no basic auth credentials");
    assertThat(with.succeeded()).as(with.all()).isTrue();
    assertThat(engine.client().inspectImageCmd(base).exec().getId()).startsWith("sha256:");
  }
}
