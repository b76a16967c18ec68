package io.slipway.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.engine.Engine;
import io.slipway.core.testing.EngineTestSupport;
import io.slipway.core.testing.TestCredentialHelper;
import io.slipway.core.testing.TestImages;
import io.slipway.core.testing.TestRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The security promise of profiles and auth: after builds that used a registry password (from
 * config.json's {@code auths}) and a credential helper's secret, neither appears in the profile
 * files, the exported profile, the command's output, its logs at the most verbose level, the
 * builds' history, or anything else Slipway wrote in its config and data folders.
 */
class CredentialsNeverLeakIT {

  private static final String PASSWORD = "pw-" + Long.toHexString(System.nanoTime());

  @TempDir Path tmp;
  private Engine engine;
  private TestRegistry registry;
  private TestImages images;
  private String base;
  private Path bin;
  private Path dockerConfig;
  private final List<String> outputs = new ArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    engine = EngineTestSupport.engineOrSkip();
    registry = TestRegistry.startOrSkip("alice", PASSWORD);
    images = new TestImages(engine);
    base = registry.pushBase(engine);
    registry.removeLocalCopy(engine, base);
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + base + "\nRUN echo built\n");
    bin = Files.createDirectories(tmp.resolve("bin"));
    dockerConfig = Files.createDirectories(tmp.resolve("docker"));
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

  private record Launched(int exit, String out, String err) {}

  private Launched slipway(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(
        Path.of(System.getProperty("slipway.dist", "target/dist"))
            .resolve("bin/slipway")
            .toAbsolutePath()
            .toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
    Map<String, String> env = TestCredentialHelper.pathWith(bin, Map.of());
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.environment().put("HOME", tmp.resolve("home").toString());
    pb.environment().put("XDG_CONFIG_HOME", tmp.resolve("config").toString());
    pb.environment().put("XDG_DATA_HOME", tmp.resolve("data").toString());
    pb.environment().put("XDG_STATE_HOME", tmp.resolve("state").toString());
    pb.environment().put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
    pb.environment().put("DOCKER_CONFIG", dockerConfig.toString());
    // Every logger at its most verbose: whatever is logged must still hold no secret.
    pb.environment().put("SLIPWAY_JAVA_OPTS", "-Dorg.slf4j.simpleLogger.defaultLogLevel=trace");
    Process p = pb.start();
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
    String out = read(p.getInputStream());
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
    Launched run = new Launched(p.exitValue(), out, err.get(10, TimeUnit.SECONDS));
    outputs.add(run.out());
    outputs.add(run.err());
    return run;
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void noPasswordOrTokenInProfilesOutputLogsOrAnythingWritten() throws Exception {
    // A password in config.json's auths, for the classic builder (X-Registry-Config).
    Files.writeString(
        dockerConfig.resolve("config.json"),
        "{\"auths\":{\""
            + registry.host()
            + "\":{\"auth\":\""
            + b64("alice:" + PASSWORD)
            + "\"}}}");
    Launched save =
        slipway(
            "profile",
            "save",
            "private",
            "--builder",
            "classic",
            "-t",
            images.uniqueTag("leak-classic"),
            "ctx");
    assertThat(save.exit()).as(save.err()).isZero();
    Launched classic = slipway("build", "--profile", "private", "--progress", "plain");
    assertThat(classic.exit()).as(classic.err() + classic.out()).isZero();

    // Then the same registry through a credential helper, for BuildKit (X-Registry-Auth pull).
    TestCredentialHelper.named("leakstore").with(registry.host(), "alice", PASSWORD).writeTo(bin);
    Files.writeString(
        dockerConfig.resolve("config.json"),
        "{\"auths\":{\"" + registry.host() + "\":{}},\"credsStore\":\"leakstore\"}");
    registry.removeLocalCopy(engine, base);
    Launched buildkit =
        slipway(
            "build",
            "--profile",
            "private",
            "--builder",
            "buildkit",
            "-t",
            images.uniqueTag("leak-bk"),
            "--progress",
            "json");
    assertThat(buildkit.exit()).as(buildkit.err() + buildkit.out()).isZero();
    assertThat(slipway("auth", "ls").exit()).isZero();
    assertThat(slipway("auth", "test", registry.host()).exit()).isZero();
    assertThat(slipway("profile", "show", "private").exit()).isZero();
    assertThat(slipway("profile", "export", "private", "exported.json").exit()).isZero();

    List<String> secrets = List.of(PASSWORD, b64("alice:" + PASSWORD));
    for (String output : outputs) {
      for (String secret : secrets) {
        assertThat(output).doesNotContain(secret);
      }
    }
    // The verbose logs did run: the builds' requests were logged.
    assertThat(String.join("\n", outputs)).contains("DEBUG");
    List<Path> written = new ArrayList<>();
    for (String dir : List.of("config", "data", "state", "cache", "home")) {
      Path root = tmp.resolve(dir);
      if (Files.isDirectory(root)) {
        try (Stream<Path> files = Files.walk(root)) {
          files.filter(Files::isRegularFile).forEach(written::add);
        }
      }
    }
    written.add(tmp.resolve("exported.json"));
    assertThat(written).anyMatch(f -> f.endsWith("private.json"));
    // The builds' history: their timelines and logs, stored gzipped (read unpacked below).
    assertThat(written).filteredOn(f -> f.toString().endsWith(".timeline.json.gz")).hasSize(2);
    for (Path f : written) {
      byte[] bytes = Files.readAllBytes(f);
      if (f.toString().endsWith(".gz")) {
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
          bytes = in.readAllBytes();
        }
      }
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      for (String secret : secrets) {
        assertThat(text).as(f.toString()).doesNotContain(secret);
      }
    }
  }
}
