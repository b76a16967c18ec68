package io.slipway.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.SlipwayException;
import io.slipway.core.build.BuildArg;
import io.slipway.core.build.BuildRequest;
import io.slipway.core.context.Compression;
import io.slipway.core.context.ContextSource;
import io.slipway.core.profile.BuildProfile;
import io.slipway.core.profile.DockerfileSource;
import io.slipway.core.profile.EngineChoice;
import io.slipway.core.profile.ProfileException;
import io.slipway.core.profile.ProfileProblem;
import io.slipway.core.profile.ProfileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code slipway build --profile}: the profile, changed by the flags for this build only. */
class BuildCommandProfileTest {

  @TempDir Path tmp;
  private Path home;
  private Path context;
  private Map<String, String> env;
  private ProfileStore store;

  @BeforeEach
  void setUp() throws Exception {
    home = Files.createDirectories(tmp.resolve("home"));
    context = Files.createDirectories(tmp.resolve("ctx"));
    Files.createDirectories(context.resolve("docker"));
    env = Map.of("XDG_CONFIG_HOME", tmp.resolve("config").toString());
    store = ProfileStore.forUser(env, home);
    store.save(
        BuildProfile.builder("web")
            .context(new ContextSource.LocalFolder(context))
            .dockerfile(new DockerfileSource.InContext("docker/Dockerfile"))
            .tag("web:1")
            .tag("web:latest")
            .buildArg(BuildArg.parse("A=profile"))
            .buildArg(BuildArg.parse("B=profile"))
            .label("team", "core")
            .noCache(true)
            .pull(true)
            .extraHost("db:10.0.0.1")
            .compression(Compression.XZ)
            .engine(new EngineChoice.Host("unix:///tmp/other.sock"))
            .build());
  }

  private BuildCommand parse(String... args) {
    BuildCommand command = new BuildCommand(env, home, tmp);
    new CommandLine(command).parseArgs(args);
    return command;
  }

  @Test
  void aProfileAloneBuildsWhatItSays() {
    BuildCommand command = parse("--profile", "WEB");
    BuildProfile effective = command.effectiveProfile();
    assertThat(effective).isEqualTo(store.load("web"));
    BuildRequest request = command.requestFor(effective).build();
    assertThat(request.localFolder()).contains(context);
    assertThat(request.dockerfile()).isEqualTo("docker/Dockerfile");
    assertThat(request.tags()).containsExactly("web:1", "web:latest");
    assertThat(request.noCache()).isTrue();
    assertThat(request.compression()).isEqualTo(Compression.XZ);
    assertThat(request.removeIntermediate()).isTrue();
  }

  @Test
  void flagsChangeTheProfileForThisBuildOnly() throws Exception {
    Path other = Files.createDirectories(tmp.resolve("other"));
    BuildProfile effective =
        parse(
                "--profile",
                "web",
                "-t",
                "web:test",
                "--build-arg",
                "B=flag",
                "--build-arg",
                "C",
                "--label",
                "team=ui",
                "--no-cache=false",
                "--add-host",
                "cache:10.0.0.2",
                "--compress",
                "-f",
                "other/Dockerfile.dev",
                "--iidfile",
                "iid.txt",
                other.toString())
            .effectiveProfile();

    assertThat(effective.context()).contains(new ContextSource.LocalFolder(other));
    assertThat(effective.dockerfile()).contains(new DockerfileSource.InContext("Dockerfile.dev"));
    assertThat(effective.tags()).containsExactly("web:test");
    assertThat(effective.buildArgs())
        .containsExactly(
            BuildArg.parse("A=profile"), BuildArg.parse("B=flag"), BuildArg.parse("C"));
    assertThat(effective.labels()).isEqualTo(Map.of("team", "ui"));
    assertThat(effective.noCache()).isFalse();
    assertThat(effective.pull()).isTrue();
    assertThat(effective.extraHosts()).containsExactly("cache:10.0.0.2");
    assertThat(effective.compression()).isEqualTo(Compression.GZIP);
    assertThat(effective.iidFile()).contains(tmp.resolve("iid.txt"));
    assertThat(effective.engine()).isEqualTo(new EngineChoice.Host("unix:///tmp/other.sock"));
    // The saved profile is unchanged.
    assertThat(store.load("web").tags()).containsExactly("web:1", "web:latest");
    assertThat(store.load("web").noCache()).isTrue();
  }

  @Test
  void withoutAProfileTheFlagsAloneMakeTheRequestAsBefore() {
    BuildCommand command =
        parse(
            "-t",
            "x:1",
            "--build-arg",
            "A=1",
            "--rm=false",
            "-q",
            "-f",
            "ctx/docker/Dockerfile",
            "ctx");
    BuildRequest request = command.requestFor(command.effectiveProfile()).build();
    assertThat(request)
        .isEqualTo(
            BuildRequest.builder(context)
                .dockerfile("docker/Dockerfile")
                .tag("x:1")
                .buildArg("A", "1")
                .removeIntermediate(false)
                .quiet(true)
                .build());
  }

  @Test
  void everyProblemOfTheProfileWithItsFlagsIsReported() {
    assertThatThrownBy(
            () ->
                parse("--profile", "web", "-t", "Bad", "--add-host", "x", "--compress", "zip")
                    .effectiveProfile())
        .isInstanceOfSatisfying(
            ProfileException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ProfileProblem::field)
                    .containsExactly("compression", "tags", "extraHosts"));
    assertThatThrownBy(() -> parse("--profile", "nope").effectiveProfile())
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining("No profile named \"nope\"")
        .hasMessageContaining("Profiles: web.");
    assertThatThrownBy(() -> parse("-t", "x").effectiveProfile())
        .hasMessage(
            "Give the build context PATH (a folder, git URL, URL or tar archive), or a saved"
                + " profile with --profile NAME.");
  }

  @Test
  void problemsPrintOneLineEachThroughTheCommandLine() {
    TestCli.Run run =
        new TestCli(env, home, tmp)
            .run("build", "--profile", "web", "-t", "Bad", "--add-host", "x");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err())
        .isEqualTo(
            "slipway: tags: Invalid tag \"Bad\": repository names must be lowercase. Try"
                + " \"bad\".\n"
                + "slipway: extraHosts: Invalid extra host \"x\": write it as HOST:IP, e.g."
                + " registry.local:10.0.0.5 (or host-gateway as the IP).\n");
  }

  @Test
  void aGitContextProfileBuildsFromItsRepository() {
    store.save(
        store.load("web").withContext(ContextSource.GitRepository.parse("https://h/r.git#v1")));
    BuildCommand command = parse("--profile", "web");
    assertThat(command.requestFor(command.effectiveProfile()).build().source())
        .isEqualTo(ContextSource.GitRepository.parse("https://h/r.git#v1"));
    assertThat(store.load("web").context().map(ContextSource::describe))
        .isEqualTo(Optional.of("https://h/r.git#v1"));
  }

  @Test
  void dashFReadsTheDockerfileFromStandardInputAndContextsOfEveryKindParse() throws Exception {
    BuildCommand command = new BuildCommand(env, home, tmp);
    command.readingStdinFrom(
        new java.io.ByteArrayInputStream(
            "FROM scratch\nCOPY . /\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    new CommandLine(command).parseArgs("-f", "-", "https://git.example.com/app.git#v2:web");
    BuildRequest request = command.requestFor(command.effectiveProfile()).build();
    assertThat(request.inlineDockerfile()).contains("FROM scratch\nCOPY . /\n");
    assertThat(request.source())
        .isEqualTo(
            new ContextSource.GitRepository(
                "https://git.example.com/app.git", Optional.of("v2"), Optional.of("web")));
    Path archive = Files.write(tmp.resolve("ctx.tar.gz"), new byte[] {0x1f, (byte) 0x8b});
    assertThat(parse("ctx.tar.gz").effectiveProfile().context())
        .contains(new ContextSource.TarArchive(archive));
    assertThat(parse("https://example.com/ctx.tar").effectiveProfile().context())
        .contains(new ContextSource.RemoteUrl("https://example.com/ctx.tar"));
  }
}
