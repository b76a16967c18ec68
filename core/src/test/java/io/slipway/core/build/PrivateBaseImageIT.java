package io.slipway.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.build.buildkit.BuildKitBuilder;
import io.slipway.core.build.classic.ClassicBuilder;
import io.slipway.core.engine.Engine;
import io.slipway.core.testing.EngineTestSupport;
import io.slipway.core.testing.TestCredentialHelper;
import io.slipway.core.testing.TestImages;
import io.slipway.core.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A base image in a real private registry (htpasswd) builds with both builders, with the
 * credentials of a config.json: the classic builder through X-Registry-Config, BuildKit without a
 * session through the pre-pull (with a session BuildKit asks the session: SessionBuildIT). Without
 * credentials both fail with the registry's reason.
 */
class PrivateBaseImageIT {

  @TempDir Path dir;
  private Engine engine;
  private TestRegistry registry;
  private TestImages images;
  private String base;
  private final List<BuildEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    engine = EngineTestSupport.engineOrSkip();
    registry = TestRegistry.startOrSkip("alice", "s3cret-pw");
    images = new TestImages(engine);
    base = registry.pushBase(engine);
    registry.removeLocalCopy(engine, base);
    Files.createDirectories(dir.resolve("ctx"));
    Files.writeString(
        dir.resolve("ctx/Dockerfile"), "FROM " + base + "\nRUN echo from-private-base\n");
  }

  @AfterEach
  void tearDown() {
    if (registry != null) {
      registry.removeLocalCopy(engine, base);
      registry.close();
    }
    if (images != null) {
      images.close();
    }
  }

  /** BuildKit without a session: the tar-body path, where Slipway pulls the base first. */
  private Map<String, String> withoutSession(Map<String, String> env) {
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put(BuildKitBuilder.SESSION_VARIABLE, "0");
    return all;
  }

  private Map<String, String> withConfig(String user, String password) throws Exception {
    Path config = Files.createDirectories(dir.resolve("docker-config-" + user));
    String auth =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    Files.writeString(
        config.resolve("config.json"),
        "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}");
    return Map.of("DOCKER_CONFIG", config.toString());
  }

  private BuildResult build(BuilderService builder, String tag) {
    events.clear();
    return builder
        .start(BuildRequest.builder(dir.resolve("ctx")).tag(tag).build(), events::add)
        .result()
        .orTimeout(120, TimeUnit.SECONDS)
        .join();
  }

  @Test
  void buildKitWithoutSessionPullsThePrivateBaseFirstWithTheConfiguredCredentials()
      throws Exception {
    BuildResult result =
        build(
            new BuildKitBuilder(
                engine, withoutSession(withConfig("alice", "s3cret-pw")), Clock.systemUTC()),
            images.uniqueTag("private-bk"));

    assertThat(result.succeeded()).as(result.error().orElse("")).isTrue();
    assertThat(events)
        .filteredOn(BuildEvent.StepStarted.class::isInstance)
        .map(e -> ((BuildEvent.StepStarted) e).name())
        .contains("Pulling " + base + " (credentials from config.json)");
    assertThat(events.toString()).doesNotContain("s3cret-pw");
  }

  @Test
  void buildKitWithoutSessionAndAWrongPasswordSaysWhyAndHowToCheck() throws Exception {
    BuildResult result =
        build(
            new BuildKitBuilder(
                engine, withoutSession(withConfig("alice", "wrong")), Clock.systemUTC()),
            images.uniqueTag("private-bk-wrong"));

    assertThat(result.status()).isEqualTo(BuildStatus.FAILED);
    assertThat(result.error().orElseThrow())
        .startsWith("Could not pull the base image " + base + ": ")
        .contains("slipway auth test " + registry.host())
        .doesNotContain("wrong");
  }

  @Test
  void classicBuildsSendTheRegistryConfig() throws Exception {
    BuildResult result =
        build(
            new ClassicBuilder(engine, withConfig("alice", "s3cret-pw"), Clock.systemUTC()),
            images.uniqueTag("private-classic"));

    assertThat(result.succeeded()).as(result.error().orElse("")).isTrue();
    assertThat(events.toString()).doesNotContain("s3cret-pw");
  }

  @Test
  void classicBuildsWithoutCredentialsFailWithTheRegistryReason() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty-config"));
    BuildResult result =
        build(
            new ClassicBuilder(
                engine, Map.of("DOCKER_CONFIG", empty.toString()), Clock.systemUTC()),
            images.uniqueTag("private-classic-none"));

    assertThat(result.status()).isEqualTo(BuildStatus.FAILED);
    assertThat(result.error().orElseThrow())
        .containsAnyOf("no basic auth credentials", "unauthorized");
  }

  /** A config.json naming a helper, and the helper itself on the builder's PATH. */
  private Map<String, String> withHelper(String configJson, String helperName) throws Exception {
    Path config = Files.createDirectories(dir.resolve("docker-config-" + helperName));
    Path bin = Files.createDirectories(dir.resolve("bin-" + helperName));
    TestCredentialHelper.named(helperName).with(registry.host(), "alice", "s3cret-pw").writeTo(bin);
    Files.writeString(config.resolve("config.json"), configJson);
    return TestCredentialHelper.pathWith(bin, Map.of("DOCKER_CONFIG", config.toString()));
  }

  @Test
  void classicBuildsWithCredentialsFromTheCredsStoreHelper() throws Exception {
    Map<String, String> env =
        withHelper(
            "{\"auths\":{\"" + registry.host() + "\":{}},\"credsStore\":\"itstore\"}", "itstore");
    BuildResult result =
        build(
            new ClassicBuilder(engine, env, Clock.systemUTC()), images.uniqueTag("private-store"));

    assertThat(result.succeeded()).as(result.error().orElse("")).isTrue();
    assertThat(Files.readString(dir.resolve("bin-itstore/itstore.calls")))
        .contains("get " + registry.host());
    assertThat(events.toString()).doesNotContain("s3cret-pw");
  }

  @Test
  void buildKitBuildsWithCredentialsFromAPerRegistryHelper() throws Exception {
    Map<String, String> env =
        withHelper("{\"credHelpers\":{\"" + registry.host() + "\":\"itper\"}}", "itper");
    BuildResult result =
        build(new BuildKitBuilder(engine, env, Clock.systemUTC()), images.uniqueTag("private-per"));

    assertThat(result.succeeded()).as(result.error().orElse("")).isTrue();
    // Through the session: BuildKit asked for the credentials itself, no pre-pull.
    assertThat(events)
        .filteredOn(BuildEvent.StepStarted.class::isInstance)
        .map(e -> ((BuildEvent.StepStarted) e).name())
        .noneMatch(name -> name.startsWith("Pulling "));
    assertThat(Files.readString(dir.resolve("bin-itper/itper.calls")))
        .contains("get " + registry.host());
    assertThat(events.toString()).doesNotContain("s3cret-pw");
  }
}
