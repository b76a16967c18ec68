package io.slipway.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.core.engine.Engine;
import io.slipway.core.testing.EngineTestSupport;
import io.slipway.core.testing.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slipway build --profile} on the real engine, in process and through the launcher. */
class ProfileBuildIT {

  @TempDir Path tmp;
  private Path context;
  private Path config;
  private Engine engine;
  private TestImages images;
  private Set<String> containersBefore;
  private TestCli cli;

  @BeforeEach
  void setUp() throws IOException {
    engine = EngineTestSupport.engineOrSkip();
    images = new TestImages(engine);
    containersBefore = images.containerIds();
    context = Files.createDirectories(tmp.resolve("ctx"));
    Files.createDirectories(context.resolve("docker"));
    Files.writeString(
        context.resolve("docker/Dockerfile"),
        "FROM "
            + TestImages.BASE
            + " AS main\nARG WHO\nARG TOKEN\nRUN echo \"hi $WHO\"\n"
            + "RUN echo \"token length ${#TOKEN}\"\n"
            + "FROM "
            + TestImages.BASE
            + " AS other\nRUN echo other stage\n");
    config = tmp.resolve("config");
    Path home = Files.createDirectories(tmp.resolve("home"));
    // The engine is found as usual: keep DOCKER_HOST etc. from this process's environment.
    Map<String, String> env = new java.util.HashMap<>(System.getenv());
    env.put("XDG_CONFIG_HOME", config.toString());
    env.put("XDG_DATA_HOME", tmp.resolve("data").toString());
    cli = new TestCli(env, home, tmp);
  }

  @AfterEach
  void cleanUp() {
    images.removeContainersNotIn(containersBefore);
    images.close();
  }

  private static List<JsonNode> events(String jsonLines) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> events = new ArrayList<>();
    for (String line : jsonLines.strip().split("\n")) {
      events.add(json.readTree(line));
    }
    return events;
  }

  private static List<String> logs(List<JsonNode> events) {
    return events.stream()
        .filter(e -> e.get("type").asText().equals("log"))
        .map(e -> e.get("text").asText())
        .toList();
  }

  @Test
  void aSavedProfileBuildsAndFlagsChangeItForOneBuild() throws Exception {
    String tag = images.uniqueTag("profile");
    String override = images.uniqueTag("profile-flag");
    TestCli.Run save =
        cli.run(
            "profile",
            "save",
            "web",
            // The assertions read the classic builder's output.
            "--builder",
            "classic",
            "-f",
            "ctx/docker/Dockerfile",
            "-t",
            tag,
            "--build-arg",
            "WHO=profile",
            "--target",
            "main",
            "--label",
            "slipway.test=profile",
            "--iidfile",
            "iid.txt",
            "ctx");
    assertThat(save.exit()).as(save.err()).isZero();

    TestCli.Run build = cli.run("build", "--profile", "web", "--progress", "json");

    assertThat(build.exit()).as(build.err() + build.out()).isZero();
    List<JsonNode> events = events(build.out());
    assertThat(logs(events)).contains("hi profile").doesNotContain("other stage");
    JsonNode image =
        events.stream().filter(e -> e.get("type").asText().equals("image")).findFirst().get();
    assertThat(image.get("tags").toString()).contains(tag);
    String id = image.get("id").asText();
    assertThat(Files.readString(tmp.resolve("iid.txt"))).isEqualTo(id);
    assertThat(engine.client().inspectImageCmd(tag).exec().getConfig().getLabels())
        .containsEntry("slipway.test", "profile");

    TestCli.Run flagged =
        cli.run(
            "build",
            "--profile",
            "web",
            "--progress",
            "json",
            "-t",
            override,
            "--build-arg",
            "WHO=flag",
            "--label",
            "slipway.test=flag",
            "--target",
            "other",
            "--iidfile",
            "");
    assertThat(flagged.exit()).as(flagged.err()).isZero();
    List<JsonNode> flaggedEvents = events(flagged.out());
    assertThat(logs(flaggedEvents)).contains("other stage");
    assertThat(engine.client().inspectImageCmd(override).exec().getConfig().getLabels())
        .containsEntry("slipway.test", "flag");
    // The saved profile is as it was; -t replaced the tags for that build only.
    JsonNode flaggedImage =
        flaggedEvents.stream()
            .filter(e -> e.get("type").asText().equals("image"))
            .findFirst()
            .get();
    assertThat(flaggedImage.get("tags").toString()).contains(override).doesNotContain(tag);
    assertThat(Files.readString(tmp.resolve("iid.txt"))).isEqualTo(id);
    // Both builds joined the profile's history, newest first, as the window lists them.
    List<io.slipway.core.history.HistoryEntry> history =
        new io.slipway.core.history.HistoryStore(tmp.resolve("data/slipway/history")).list("web");
    assertThat(history).hasSize(2);
    assertThat(history.get(0).status()).isEqualTo(io.slipway.core.build.BuildStatus.SUCCEEDED);
    TestCli.Run show = cli.run("profile", "show", "web");
    assertThat(show.out()).contains("Tags:        " + tag + "\n").contains("Target:      main\n");
  }

  private static Path dist() {
    return Path.of(System.getProperty("slipway.dist", "target/dist"));
  }

  private record Launched(int exit, String out, String err) {}

  private Launched launcher(Map<String, String> extraEnv, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(dist().resolve("bin/slipway").toAbsolutePath().toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile());
    pb.environment().put("XDG_CONFIG_HOME", config.toString());
    pb.environment().put("XDG_DATA_HOME", tmp.resolve("data").toString());
    pb.environment().putAll(extraEnv);
    Process p = pb.start();
    var err = new java.util.concurrent.CompletableFuture<String>();
    new Thread(
            () -> {
              try {
                err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
              } catch (IOException e) {
                err.completeExceptionally(e);
              }
            })
        .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Launched(p.exitValue(), out, err.get(10, TimeUnit.SECONDS));
  }

  @Test
  void aBuildArgFromTheEnvironmentReachesTheBuildButNeverTheProfileFiles() throws Exception {
    String secret = "s3cr3t-" + Long.toHexString(System.nanoTime());
    String tag = images.uniqueTag("profile-env");
    Launched save =
        launcher(
            Map.of("TOKEN", secret, "GH_TOKEN", secret),
            "profile",
            "save",
            "env",
            "-f",
            "ctx/docker/Dockerfile",
            "-t",
            tag,
            "--build-arg",
            "TOKEN",
            "--secret",
            "id=gh,env=GH_TOKEN",
            "ctx");
    assertThat(save.exit()).as(save.err()).isZero();
    // A copy without the secret builds on the classic builder here, taking TOKEN from the
    // environment.
    Launched plain =
        launcher(
            Map.of("TOKEN", secret),
            "profile",
            "save",
            "env-build",
            // The assertions read the classic builder's output.
            "--builder",
            "classic",
            "-f",
            "ctx/docker/Dockerfile",
            "-t",
            tag,
            "--build-arg",
            "TOKEN",
            "ctx");
    assertThat(plain.exit()).as(plain.err()).isZero();
    Launched build =
        launcher(Map.of("TOKEN", secret), "build", "--profile", "env-build", "--progress", "plain");
    assertThat(build.exit()).as(build.err() + build.out()).isZero();
    assertThat(build.out() + build.err()).contains("token length " + secret.length());
    Launched export = launcher(Map.of(), "profile", "export", "env", "exported.json");
    assertThat(export.exit()).as(export.err()).isZero();

    List<Path> files = new ArrayList<>();
    try (Stream<Path> all =
        Stream.concat(Files.walk(config), Stream.of(tmp.resolve("exported.json")))) {
      all.filter(Files::isRegularFile).forEach(files::add);
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(3);
    for (Path f : files) {
      assertThat(Files.readString(f)).as(f.toString()).doesNotContain(secret);
    }
    assertThat(Files.readString(config.resolve("slipway/profiles/env.json")))
        .contains("\"fromEnvironment\": true")
        .contains("\"env\": \"GH_TOKEN\"");
    // The profile with the secret builds with BuildKit (the engine's default here), through the
    // session; the value shows nowhere in its output.
    Launched withSecret = launcher(Map.of("GH_TOKEN", secret), "build", "--profile", "env");
    assertThat(withSecret.exit()).as(withSecret.err()).isZero();
    assertThat(withSecret.out() + withSecret.err()).doesNotContain(secret);
  }
}
