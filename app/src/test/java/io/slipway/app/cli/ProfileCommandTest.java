package io.slipway.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.build.BuildArg;
import io.slipway.core.build.selection.BuilderChoice;
import io.slipway.core.context.Compression;
import io.slipway.core.context.ContextSource;
import io.slipway.core.profile.BuildProfile;
import io.slipway.core.profile.DockerfileSource;
import io.slipway.core.profile.EngineChoice;
import io.slipway.core.profile.OutputSpec;
import io.slipway.core.profile.ProfileJson;
import io.slipway.core.profile.ProfileStore;
import io.slipway.core.profile.SecretReference;
import io.slipway.core.profile.SshReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slipway profile …} with real files, no engine. */
class ProfileCommandTest {

  @TempDir Path tmp;
  private Path context;
  private Path profiles;
  private TestCli cli;
  private ProfileStore store;

  @BeforeEach
  void setUp() throws Exception {
    context = Files.createDirectories(tmp.resolve("src/web"));
    Files.createDirectories(context.resolve("docker"));
    Path config = tmp.resolve("config");
    Map<String, String> env = Map.of("XDG_CONFIG_HOME", config.toString());
    Path home = Files.createDirectories(tmp.resolve("home"));
    cli = new TestCli(env, home, tmp);
    store = ProfileStore.forUser(env, home);
    profiles = config.resolve("slipway/profiles");
  }

  @Test
  void saveTakesBuildsFlagsAndStoresEveryOne() {
    TestCli.Run run =
        cli.run(
            "profile",
            "save",
            "web",
            "-f",
            "src/web/docker/Dockerfile",
            "-t",
            "web:1",
            "--tag",
            "web:latest",
            "--build-arg",
            "VERSION=1.2",
            "--build-arg",
            "NPM_TOKEN",
            "--target",
            "runtime",
            "--label",
            "team=core",
            "--no-cache",
            "--pull",
            "--platform",
            "linux/amd64",
            "--network",
            "host",
            "--add-host",
            "db:10.0.0.5",
            "--cache-from",
            "web:cache",
            "--iidfile",
            "iid.txt",
            "--compress",
            "xz",
            "--builder",
            "buildkit",
            "--secret",
            "id=npmrc,src=src/web/.npmrc",
            "--secret",
            "id=gh,env=GH_TOKEN",
            "--ssh",
            "default",
            "-o",
            "type=local,dest=out",
            "--engine",
            "tcp://10.0.0.9:2376",
            "src/web");

    assertThat(run.err()).isEmpty();
    assertThat(run.exit()).isZero();
    assertThat(run.out().strip())
        .isEqualTo("Saved profile \"web\" in " + profiles.resolve("web.json"));
    BuildProfile expected =
        BuildProfile.builder("web")
            .context(new ContextSource.LocalFolder(context))
            .dockerfile(new DockerfileSource.InContext("docker/Dockerfile"))
            .tag("web:1")
            .tag("web:latest")
            .buildArg(BuildArg.parse("VERSION=1.2"))
            .buildArg(BuildArg.parse("NPM_TOKEN"))
            .target("runtime")
            .label("team", "core")
            .noCache(true)
            .pull(true)
            .platform("linux/amd64")
            .network("host")
            .extraHost("db:10.0.0.5")
            .cacheFrom("web:cache")
            .iidFile(tmp.resolve("iid.txt"))
            .compression(Compression.XZ)
            .builder(BuilderChoice.BUILDKIT)
            .secret(SecretReference.fromFile("npmrc", context.resolve(".npmrc")))
            .secret(SecretReference.fromEnvironment("gh", "GH_TOKEN"))
            .ssh(SshReference.defaultAgent())
            .output(OutputSpec.local("out"))
            .engine(new EngineChoice.Host("tcp://10.0.0.9:2376"))
            .build();
    assertThat(store.load("web")).isEqualTo(expected);

    // Saving again replaces the profile entirely.
    TestCli.Run again = cli.run("profile", "save", "WEB", "-t", "web:2", "src/web");
    assertThat(again.out()).startsWith("Replaced profile \"WEB\" in ");
    assertThat(store.load("web"))
        .isEqualTo(
            BuildProfile.builder("WEB")
                .context(new ContextSource.LocalFolder(context))
                .tag("web:2")
                .build());
  }

  @Test
  void saveDecidesTheContextAsDockerBuildDoes() throws Exception {
    Files.writeString(tmp.resolve("ctx.tar.gz"), "x");
    assertThat(cli.run("profile", "save", "git", "https://example.com/r.git#v1:app").exit())
        .isZero();
    assertThat(cli.run("profile", "save", "gh", "github.com/team/repo").exit()).isZero();
    assertThat(cli.run("profile", "save", "url", "https://example.com/ctx.tgz").exit()).isZero();
    assertThat(cli.run("profile", "save", "tar", "ctx.tar.gz").exit()).isZero();
    assertThat(store.load("git").context())
        .contains(
            new ContextSource.GitRepository(
                "https://example.com/r.git", Optional.of("v1"), Optional.of("app")));
    assertThat(store.load("gh").context())
        .contains(
            new ContextSource.GitRepository(
                "https://github.com/team/repo", Optional.empty(), Optional.empty()));
    assertThat(store.load("url").context())
        .contains(new ContextSource.RemoteUrl("https://example.com/ctx.tgz"));
    assertThat(store.load("tar").context())
        .contains(new ContextSource.TarArchive(tmp.resolve("ctx.tar.gz")));

    TestCli.Run list = cli.run("profile", "list");
    assertThat(list.exit()).isZero();
    String tar = "tar " + tmp.resolve("ctx.tar.gz");
    int w = tar.length();
    assertThat(list.out())
        .isEqualTo(
            "NAME   "
                + col("CONTEXT", w)
                + "   TAGS   BUILDER\n"
                + "gh     "
                + col("https://github.com/team/repo", w)
                + "   -      auto\n"
                + "git    "
                + col("https://example.com/r.git#v1:app", w)
                + "   -      auto\n"
                + "tar    "
                + col(tar, w)
                + "   -      auto\n"
                + "url    "
                + col("https://example.com/ctx.tgz", w)
                + "   -      auto\n");
  }

  private static String col(String s, int width) {
    return s + " ".repeat(width - s.length());
  }

  private static String pad(int n) {
    return " ".repeat(Math.max(0, n));
  }

  @Test
  void problemsPrintOneLineEachAndNothingIsSaved() throws Exception {
    TestCli.Run run =
        cli.run(
            "profile",
            "save",
            "bad",
            "-t",
            "Upper",
            "--add-host",
            "nohost",
            "--build-arg",
            "=x",
            "--secret",
            "id=s",
            "--secret",
            "id=t,value=oops",
            "-o",
            "type=registry",
            "--builder",
            "podman",
            "does/not/exist");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines())
        .containsExactly(
            "slipway: context: The build context \"does/not/exist\" was not found: it is neither"
                + " an existing folder or file, nor a git URL (https://host/repo.git,"
                + " git@host:repo.git, git://…, github.com/…), nor an http(s) URL. Check the"
                + " path.",
            "slipway: buildArgs: A build arg needs a name: write NAME=value, or NAME to take the"
                + " value from the environment.",
            "slipway: secrets: Unknown --secret key \"value\". Use id, src (a file) or env (a"
                + " variable).",
            "slipway: builder: Unknown builder \"podman\". Use auto, classic or buildkit.",
            "slipway: tags: Invalid tag \"Upper\": repository names must be lowercase. Try"
                + " \"upper\".",
            "slipway: extraHosts: Invalid extra host \"nohost\": write it as HOST:IP, e.g."
                + " registry.local:10.0.0.5 (or host-gateway as the IP).",
            "slipway: output: Unknown output type \"registry\". Use local, tar, image or"
                + " cacheonly.",
            "slipway: secrets: Secret s says neither where to read it: give a file (src=PATH) or"
                + " an environment variable (env=NAME).");
    assertThat(profiles).doesNotExist();
  }

  @Test
  void showPrintsEverySettingWithoutBuildArgValuesOrTheFile() throws Exception {
    cli.run(
        "profile",
        "save",
        "web",
        "-t",
        "web:1",
        "--build-arg",
        "DB_PASSWORD=hunter2",
        "--build-arg",
        "TOKEN",
        "--secret",
        "id=gh,env=GH_TOKEN",
        "src/web");

    TestCli.Run show = cli.run("profile", "show", "web");
    assertThat(show.exit()).isZero();
    assertThat(show.out())
        .isEqualTo(
            "Profile:     web\n"
                + "File:        "
                + profiles.resolve("web.json")
                + "\n"
                + "Context:     "
                + context
                + "\n"
                + "Dockerfile:  -\n"
                + "Tags:        web:1\n"
                + "Build args:  DB_PASSWORD=…, TOKEN (from environment)\n"
                + "Target:      -\n"
                + "Labels:      -\n"
                + "Platform:    -\n"
                + "Network:     -\n"
                + "Extra hosts: -\n"
                + "No cache:    no\n"
                + "Pull:        no\n"
                + "Builder:     auto\n"
                + "Compression: identity\n"
                + "Cache from:  -\n"
                + "Output:      -\n"
                + "Secrets:     id=gh,env=GH_TOKEN\n"
                + "SSH:         -\n"
                + "iidfile:     -\n"
                + "Engine:      default\n");

    TestCli.Run json = cli.run("profile", "show", "web", "--json");
    assertThat(json.out()).isEqualTo(Files.readString(profiles.resolve("web.json")));
    assertThat(json.out()).isEqualTo(ProfileJson.toJson(store.load("web")));

    assertThat(cli.run("profile", "show", "nope").err())
        .isEqualTo("slipway: No profile named \"nope\" in " + profiles + ". Profiles: web.\n");
  }

  @Test
  void rmRenameDuplicateExportImport() throws Exception {
    cli.run("profile", "save", "web", "-t", "web:1", "src/web");

    assertThat(cli.run("profile", "duplicate", "web", "web-2").out())
        .isEqualTo("Copied profile \"web\" to \"web-2\".\n");
    assertThat(cli.run("profile", "rename", "web-2", "staging").out())
        .isEqualTo("Renamed profile \"web-2\" to \"staging\".\n");
    Path exported = tmp.resolve("shared.json");
    assertThat(cli.run("profile", "export", "staging", "shared.json").out())
        .isEqualTo("Exported profile \"staging\" to " + exported + "\n");
    assertThat(cli.run("profile", "rm", "STAGING").out())
        .isEqualTo("Removed profile \"staging\".\n");
    assertThat(store.find("staging")).isEmpty();

    assertThat(cli.run("profile", "import", "shared.json").out())
        .isEqualTo("Imported profile \"staging\".\n");
    TestCli.Run clash = cli.run("profile", "import", exported.toString());
    assertThat(clash.exit()).isEqualTo(1);
    assertThat(clash.err())
        .isEqualTo(
            "slipway: A profile named \"staging\" exists already. Import this one under another"
                + " name (slipway profile import "
                + exported
                + " --as NEW-NAME), or remove the existing one first.\n");
    assertThat(cli.run("profile", "import", "shared.json", "--as", "prod").exit()).isZero();
    assertThat(store.load("prod")).isEqualTo(store.load("web").withName("prod"));

    try (Stream<Path> files = Files.list(profiles)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted())
          .containsExactly("prod.json", "staging.json", "web.json");
    }
    TestCli.Run rename = cli.run("profile", "rename", "prod", "web");
    assertThat(rename.err())
        .isEqualTo(
            "slipway: A profile named \"web\" exists already (web.json). Choose another name, or"
                + " remove that profile first.\n");
  }

  @Test
  void listReportsABrokenFileAndStillListsTheOthers() throws Exception {
    TestCli.Run empty = cli.run("profile", "list");
    assertThat(empty.out())
        .isEqualTo(
            "No profiles in "
                + profiles
                + ". Save one with: slipway profile save NAME [build flags] PATH\n");
    cli.run("profile", "save", "web", "-t", "web:1", "--builder", "classic", "src/web");
    Files.writeString(profiles.resolve("half.json"), "{\"schemaVersion\": 1, \"na");

    TestCli.Run list = cli.run("profile", "list");

    assertThat(list.exit()).isZero();
    assertThat(list.out())
        .isEqualTo(
            "NAME   CONTEXT"
                + pad(context.toString().length() - 7)
                + "   TAGS    BUILDER\n"
                + "web    "
                + context
                + "   web:1   classic\n");
    assertThat(list.err())
        .startsWith(
            "slipway: warning: "
                + profiles.resolve("half.json")
                + ": Not loaded: it is not valid JSON (")
        .contains("It was kept as half.json.broken-");
    assertThat(cli.run("profile", "list").err()).isEmpty();
  }

  @Test
  void anInlineDockerfileIsKeptInTheProfile() throws Exception {
    Path dockerfile =
        Files.writeString(tmp.resolve("Dockerfile.inline"), "FROM scratch\nCOPY . /\n");
    TestCli.Run run =
        cli.run(
            "profile", "save", "inline", "--inline-dockerfile", dockerfile.toString(), "src/web");
    assertThat(run.err()).isEmpty();
    assertThat(store.load("inline").dockerfile())
        .contains(new DockerfileSource.Inline("FROM scratch\nCOPY . /\n"));
    assertThat(cli.run("profile", "show", "inline").out())
        .contains("Dockerfile:  inline, 2 lines\n");
    assertThat(store.load("inline").toRequestBuilder().build().inlineDockerfile())
        .contains("FROM scratch\nCOPY . /\n");

    Files.writeString(tmp.resolve("ctx.tar"), "x");
    TestCli.Run tar =
        cli.run("profile", "save", "t", "--inline-dockerfile", dockerfile.toString(), "ctx.tar");
    assertThat(tar.err()).contains("slipway: dockerfile: An inline Dockerfile cannot be combined");
  }

  @Test
  void aSecretsValueNeverReachesTheFiles() throws Exception {
    String secret = "s3cr3t-" + System.nanoTime();
    TestCli.Run run =
        cli.run(
            "profile",
            "save",
            "s",
            "--secret",
            "id=gh,env=GH_TOKEN",
            "--secret",
            "type=env,id=npm,src=NPM_TOKEN",
            "--build-arg",
            "GH_TOKEN",
            "src/web");
    assertThat(run.exit()).isZero();
    // Whatever the user tried, the files name variables only.
    TestCli.Run value =
        cli.run("profile", "save", "v", "--secret", "id=gh,value=" + secret, "src/web");
    assertThat(value.exit()).isEqualTo(1);
    assertThat(value.err()).doesNotContain(secret);
    cli.run("profile", "export", "s", "s.json");
    for (Path f : List.of(profiles.resolve("s.json"), tmp.resolve("s.json"))) {
      assertThat(Files.readString(f)).contains("\"env\": \"GH_TOKEN\"").doesNotContain(secret);
    }
  }
}
