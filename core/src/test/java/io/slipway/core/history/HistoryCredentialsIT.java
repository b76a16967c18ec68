package io.slipway.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.build.BuildRequest;
import io.slipway.core.build.BuildResult;
import io.slipway.core.build.BuilderService;
import io.slipway.core.build.buildkit.BuildKitBuilder;
import io.slipway.core.build.classic.ClassicBuilder;
import io.slipway.core.engine.Engine;
import io.slipway.core.testing.EngineTestSupport;
import io.slipway.core.testing.TestImages;
import io.slipway.core.testing.TestRegistry;
import io.slipway.core.timeline.BuildTimeline;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds FROM a private registry (real registry with htpasswd, credentials in a config.json) with
 * both builders, saves them to the history, and reads every byte of the history back: neither the
 * password nor the base64 "auth" of config.json is in any file.
 */
class HistoryCredentialsIT {
  private static final String USER = "alice";
  private static final String PASSWORD = "h1story-s3cret-pw";

  @TempDir Path dir;
  private Engine engine;
  private TestRegistry registry;
  private TestImages images;
  private String base;

  @BeforeEach
  void setUp() throws Exception {
    engine = EngineTestSupport.engineOrSkip();
    registry = TestRegistry.startOrSkip(USER, PASSWORD);
    images = new TestImages(engine);
    base = registry.pushBase(engine);
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

  private String auth() {
    return Base64.getEncoder()
        .encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
  }

  private Map<String, String> config() throws Exception {
    Path config = Files.createDirectories(dir.resolve("docker-config"));
    Files.writeString(
        config.resolve("config.json"),
        "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth() + "\"}}}");
    return Map.of("DOCKER_CONFIG", config.toString());
  }

  private void buildAndSave(HistoryStore store, BuilderService builder, String tag) {
    registry.removeLocalCopy(engine, base); // the build must pull, with the credentials
    BuildTimeline timeline = new BuildTimeline();
    BuildResult result =
        builder
            .start(BuildRequest.builder(dir.resolve("ctx")).tag(tag).build(), timeline)
            .result()
            .orTimeout(120, TimeUnit.SECONDS)
            .join();
    assertThat(result.succeeded()).as(result.error().orElse("")).isTrue();
    store.save("private", timeline.snapshot(), builder.name());
  }

  @Test
  void noCredentialReachesTheHistory() throws Exception {
    HistoryStore store = new HistoryStore(dir.resolve("history"));
    Map<String, String> env = config();

    buildAndSave(
        store, new BuildKitBuilder(engine, env, Clock.systemUTC()), images.uniqueTag("hist-bk"));
    buildAndSave(
        store, new ClassicBuilder(engine, env, Clock.systemUTC()), images.uniqueTag("hist-cl"));

    List<HistoryEntry> saved = store.list("private");
    assertThat(saved).hasSize(2);
    assertThat(store.open(saved.get(0)).log().search("from-private-base", true)).isNotEmpty();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(store.directory())) {
      files = walk.filter(Files::isRegularFile).toList();
    }
    assertThat(files).hasSize(4);
    for (Path file : files) {
      String text = read(file);
      assertThat(text).as(file.toString()).isNotEmpty();
      assertThat(text).as(file.toString()).doesNotContain(PASSWORD).doesNotContain(auth());
    }
  }

  private static String read(Path file) throws Exception {
    if (!file.toString().endsWith(".gz")) {
      return Files.readString(file);
    }
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      in.transferTo(out);
      return out.toString(StandardCharsets.UTF_8);
    }
  }
}
