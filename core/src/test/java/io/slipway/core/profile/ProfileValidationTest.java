package io.slipway.core.profile;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.build.BuildArg;
import io.slipway.core.build.selection.BuilderChoice;
import io.slipway.core.context.ContextSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validation reports every problem at once, by field, each naming the fix. */
class ProfileValidationTest {

  @TempDir Path dir;

  private static List<String> fields(List<ProfileProblem> problems) {
    return problems.stream().map(ProfileProblem::field).toList();
  }

  @Test
  void aGoodProfileHasNoProblems() {
    assertThat(ProfileValidation.problems(Profiles.full("web", dir))).isEmpty();
    assertThat(ProfileValidation.problems(Profiles.minimal("web", dir))).isEmpty();
  }

  @Test
  void everyProblemIsReportedAtOnceInFieldOrder() {
    BuildProfile bad =
        BuildProfile.builder(" ")
            .dockerfile(new DockerfileSource.InContext("../Dockerfile"))
            .tag("Upper/Case")
            .tag("ok:1")
            .tag("x:-bad")
            .buildArg(BuildArg.parse("A=1"))
            .buildArg(BuildArg.parse("A=2"))
            .target("two words")
            .label(" ", "v")
            .platform("linux amd64")
            .network("my net")
            .extraHost("no-ip-here")
            .cacheFrom(" ")
            .output(OutputSpec.parse("type=registry"))
            .secret(new SecretReference("npm", Optional.empty(), Optional.empty()))
            .secret(SecretReference.fromEnvironment("npm", "NPM_TOKEN"))
            .ssh(new SshReference("", List.of(Path.of("relative/key"))))
            .iidFile(Path.of("iid.txt"))
            .engine(new EngineChoice.Host("tcp:/missing-slash"))
            .build();

    List<ProfileProblem> problems = ProfileValidation.problems(bad);

    assertThat(fields(problems))
        .containsExactly(
            "name",
            "context",
            "dockerfile",
            "tags",
            "tags",
            "buildArgs",
            "target",
            "labels",
            "platform",
            "network",
            "extraHosts",
            "cacheFrom",
            "output",
            "secrets",
            "secrets",
            "ssh",
            "ssh",
            "iidfile",
            "engine");
    assertThat(problems)
        .extracting(ProfileProblem::message)
        .allSatisfy(m -> assertThat(m).matches("[A-Z\"].*\\.").doesNotContain("Exception"));
    assertThat(problems.get(0).message()).isEqualTo("A profile needs a name, e.g. web-dev.");
    assertThat(problems.get(1).message()).startsWith("No build context. Choose a folder");
    assertThat(problems.get(3).message())
        .isEqualTo(
            "Invalid tag \"Upper/Case\": repository names must be lowercase. Try \"upper/case\".");
    assertThat(problems.get(10).message()).contains("write it as HOST:IP");
    assertThat(problems.get(12).message())
        .isEqualTo("Unknown output type \"registry\". Use local, tar, image or cacheonly.");
    assertThat(problems.get(13).message())
        .isEqualTo(
            "Secret npm says neither where to read it: give a file (src=PATH) or an environment"
                + " variable (env=NAME).");
    assertThat(problems.get(14).message()).contains("given more than once");
  }

  @Test
  void anInlineDockerfileCannotComeWithATarArchive() {
    BuildProfile p =
        BuildProfile.builder("t")
            .context(new ContextSource.TarArchive(dir.resolve("ctx.tar")))
            .dockerfile(new DockerfileSource.Inline("FROM scratch\n"))
            .build();
    assertThat(ProfileValidation.problems(p))
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.field()).isEqualTo("dockerfile");
              assertThat(problem.message())
                  .contains("`docker build -f - -`")
                  .contains("Put the Dockerfile in the archive");
            });
    // With a folder it is fine (the builders do not take it yet, which is another matter).
    assertThat(ProfileValidation.problems(p.withContext(new ContextSource.LocalFolder(dir))))
        .isEmpty();
  }

  @Test
  void contextsAreCheckedForTheirKind() {
    BuildProfile base = Profiles.minimal("c", dir);
    assertThat(
            ProfileValidation.problems(
                base.withContext(new ContextSource.LocalFolder(Path.of("rel")))))
        .extracting(ProfileProblem::message)
        .singleElement()
        .asString()
        .contains("is relative");
    assertThat(
            ProfileValidation.problems(
                base.withContext(
                    new ContextSource.GitRepository(
                        "https://me:s3cret@example.com/r.git",
                        Optional.of("main"),
                        Optional.of("../up")))))
        .extracting(ProfileProblem::message)
        .hasSize(2)
        .noneMatch(m -> m.contains("s3cret"))
        .anyMatch(m -> m.contains("holds a password, which a profile must not store"))
        .anyMatch(m -> m.contains("leaves the repository"));
    assertThat(
            ProfileValidation.problems(
                base.withContext(new ContextSource.RemoteUrl("ftp://example.com/c.tar"))))
        .extracting(ProfileProblem::message)
        .singleElement()
        .asString()
        .contains("is not an http(s) URL");
  }

  @Test
  void buildKitOnlyFeaturesWithTheClassicBuilderSaySo() {
    BuildProfile p = Profiles.full("k", dir).toBuilder().builder(BuilderChoice.CLASSIC).build();
    assertThat(ProfileValidation.problems(p))
        .extracting(ProfileProblem::toString)
        .containsExactly(
            "output: --output needs BuildKit, but the builder is classic. Choose auto or buildkit,"
                + " or remove the output.",
            "secrets: Secrets need BuildKit, but the builder is classic. Choose auto or buildkit,"
                + " or remove the secrets.",
            "ssh: SSH forwarding needs BuildKit, but the builder is classic. Choose auto or"
                + " buildkit, or remove the ssh entries.");
  }

  @Test
  void secretReferencesNeedExactlyOneSourceAndNeverAValue() {
    BuildProfile base = Profiles.minimal("s", dir);
    List<ProfileProblem> problems =
        ProfileValidation.problems(
            base.toBuilder()
                .secret(
                    new SecretReference("both", Optional.of(dir.resolve("f")), Optional.of("V")))
                .secret(SecretReference.fromEnvironment("value", "TOKEN=abc"))
                .secret(new SecretReference(" ", Optional.of(Path.of("rel")), Optional.empty()))
                .build());
    assertThat(problems)
        .extracting(ProfileProblem::message)
        .containsExactly(
            "Secret both names both a file and an environment variable. Keep one of them.",
            "Secret value: \"TOKEN=abc\" is not an environment variable name. Write the name only"
                + " (e.g. env=GH_TOKEN), never the value.",
            "A secret needs an id (what RUN --mount=type=secret,id=… names).",
            "A secret: the file \"rel\" is relative. Write an absolute path.");
  }

  @Test
  void outputsNeedADestinationOnlyWhereOneMakesSense() {
    assertThat(OutputSpec.parse("type=local").problem()).get().asString().contains("dest=FOLDER");
    assertThat(OutputSpec.parse("type=image,dest=x").problem())
        .get()
        .asString()
        .contains("takes no destination");
    assertThat(OutputSpec.parse("out").problem()).isEmpty();
    assertThat(OutputSpec.parse("-")).isEqualTo(new OutputSpec("tar", Optional.of("-")));
  }

  @Test
  void namesAreCheckedForWhatWouldConfuse() {
    assertThat(ProfileNames.problem("web")).isEmpty();
    assertThat(ProfileNames.problem("../../etc/passwd")).isEmpty(); // a name, not a path
    assertThat(ProfileNames.problem(" web")).get().asString().contains("white space");
    assertThat(ProfileNames.problem("a\tb")).get().asString().contains("control character");
    assertThat(ProfileNames.problem("x".repeat(101))).get().asString().contains("at most 100");
  }

  @Test
  void theEngineIsADefaultAContextOrAnAddress() {
    assertThat(EngineChoice.parse("default")).isEqualTo(EngineChoice.DEFAULT);
    assertThat(EngineChoice.parse("")).isEqualTo(EngineChoice.DEFAULT);
    assertThat(EngineChoice.parse("colima")).isEqualTo(new EngineChoice.DockerContext("colima"));
    assertThat(EngineChoice.parse("ssh://me@box")).isEqualTo(new EngineChoice.Host("ssh://me@box"));
    BuildProfile base = Profiles.minimal("e", dir);
    assertThat(
            ProfileValidation.problems(
                base.toBuilder().engine(new EngineChoice.Host("unix:///run/docker.sock")).build()))
        .isEmpty();
    assertThat(
            ProfileValidation.problems(
                base.toBuilder().engine(new EngineChoice.DockerContext("a b")).build()))
        .extracting(ProfileProblem::field)
        .containsExactly("engine");
  }
}
