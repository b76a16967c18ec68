package io.slipway.app.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.auth.AllCredentials;
import io.slipway.core.auth.CredentialSource;
import io.slipway.core.auth.RegistryCredentials;
import io.slipway.core.build.BuildArg;
import io.slipway.core.build.DockerfileOutline;
import io.slipway.core.build.selection.BuilderChoice;
import io.slipway.core.context.Compression;
import io.slipway.core.context.ContextSource;
import io.slipway.core.profile.BuildProfile;
import io.slipway.core.profile.DockerfileSource;
import io.slipway.core.profile.EngineChoice;
import io.slipway.core.profile.OutputSpec;
import io.slipway.core.profile.SecretReference;
import io.slipway.core.profile.SshReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profile editor without the toolkit: fields in, a draft and its problems out. */
class ProfileEditorViewModelTest {
  @TempDir Path tmp;

  Deque<Runnable> held = new ArrayDeque<>();
  boolean hold;
  Executor background =
      r -> {
        if (hold) {
          held.add(r);
        } else {
          r.run();
        }
      };
  ProfileEditorViewModel editor;
  Path folder;

  @BeforeEach
  void setUp() throws IOException {
    editor = new ProfileEditorViewModel(background, Runnable::run, tmp);
    folder = Files.createDirectory(tmp.resolve("api"));
    Files.writeString(
        folder.resolve("Dockerfile"),
        "ARG VERSION=1.0\nFROM busybox AS build\nARG DEBUG\nRUN true\nFROM scratch AS runtime\n");
  }

  BuildProfile full() {
    return BuildProfile.builder("api")
        .context(new ContextSource.LocalFolder(folder))
        .dockerfile(new DockerfileSource.InContext("Dockerfile"))
        .tag("api:latest")
        .tag("ghcr.io/me/api:1")
        .buildArg(new BuildArg("VERSION", Optional.of("2.0")))
        .buildArg(new BuildArg("TOKEN", Optional.empty()))
        .target("runtime")
        .label("team", "core")
        .platform("linux/arm64")
        .network("host")
        .extraHost("db:10.0.0.5")
        .noCache(true)
        .pull(true)
        .builder(BuilderChoice.BUILDKIT)
        .compression(Compression.GZIP)
        .cacheFrom("api:cache")
        .output(OutputSpec.local("/tmp/out"))
        .secret(SecretReference.fromEnvironment("token", "GH_TOKEN"))
        .ssh(SshReference.defaultAgent())
        .iidFile(Path.of("/tmp/api.id"))
        .engine(EngineChoice.parse("tcp://build-box:2376"))
        .build();
  }

  @Test
  void nothingLoadedMeansNoDraftAndNoProblems() {
    assertThat(editor.draftProperty().get()).isNull();
    assertThat(editor.editingProperty().get()).isFalse();
    assertThat(editor.firstProblemProperty().get()).isEmpty();
  }

  @Test
  void everyFieldOfAProfileComesBackUnchanged() {
    BuildProfile p = full();
    editor.load(p, true);

    assertThat(editor.nameProperty().get()).isEqualTo("api");
    assertThat(editor.contextKindProperty().get()).isEqualTo(ContextKind.FOLDER);
    assertThat(editor.tags()).containsExactly("api:latest", "ghcr.io/me/api:1");
    assertThat(editor.buildArgs()).hasSize(2);
    assertThat(editor.buildArgs().get(1).fromEnvironmentProperty().get()).isTrue();
    assertThat(editor.secretsProperty().get()).isEqualTo("id=token,env=GH_TOKEN");
    assertThat(editor.engineProperty().get()).isEqualTo("tcp://build-box:2376");
    assertThat(editor.draftProperty().get()).isEqualTo(p);
    assertThat(editor.dirtyProperty().get()).isFalse();
    assertThat(editor.firstProblemProperty().get()).isEmpty();
  }

  @Test
  void problemsShowBesideTheirFieldsAsTheUserTypes() {
    editor.load(full(), true);

    editor.tags().add("Bad Tag");
    assertThat(editor.problemProperty("tags").get()).contains("Bad Tag");
    assertThat(editor.firstProblemProperty().get()).startsWith("Tags: ");
    editor.tags().remove("Bad Tag");
    assertThat(editor.problemProperty("tags").get()).isEmpty();

    editor.contextLocationProperty().set("relative/dir");
    assertThat(editor.problemProperty("context").get()).contains("relative");
    editor.contextLocationProperty().set(folder.toString());

    editor.outputProperty().set("type=zip");
    assertThat(editor.problemProperty("output").get()).contains("zip");
    editor.outputProperty().set("");

    editor.secretsProperty().set("id=x,value=oops");
    assertThat(editor.problemProperty("secrets").get()).contains("Unknown --secret key");
    editor.secretsProperty().set("");

    editor.nameProperty().set(" ");
    assertThat(editor.problemProperty("name").get()).isNotEmpty();
    assertThat(editor.dirtyProperty().get()).isTrue();
  }

  @Test
  void aBuildArgRowWithoutANameIsAProblemOnlyWhenItHasAValue() {
    editor.load(full(), true);
    editor.addBuildArg();
    assertThat(editor.problemProperty("buildArgs").get()).isEmpty();
    editor.buildArgs().get(2).valueProperty().set("x");
    assertThat(editor.problemProperty("buildArgs").get()).contains("no name");
    editor.buildArgs().get(2).keyProperty().set("EXTRA");
    assertThat(editor.problemProperty("buildArgs").get()).isEmpty();
    assertThat(editor.draftProperty().get().buildArgs())
        .contains(new BuildArg("EXTRA", Optional.of("x")));
  }

  @Test
  void stagesAndArgsAreReadFromTheDockerfileOffTheUiThreadAndOffered() {
    hold = true;
    editor.load(full(), true);
    assertThat(editor.stages()).isEmpty(); // not yet: the read waits on the worker
    assertThat(held).isNotEmpty();
    while (!held.isEmpty()) {
      held.poll().run();
    }
    assertThat(editor.stages()).containsExactly("build", "runtime");
    assertThat(editor.dockerfiles()).containsExactly("Dockerfile");
    // VERSION has a row already; DEBUG is offered.
    assertThat(editor.offeredArgs())
        .extracting(DockerfileOutline.Arg::name)
        .containsExactly("DEBUG");
    assertThat(editor.dockerfileNoteProperty().get())
        .isEqualTo("2 named stages, 2 ARGs in the Dockerfile.");

    editor.addDeclaredArg(editor.offeredArgs().get(0));
    assertThat(editor.offeredArgs()).isEmpty();

    editor.targetProperty().set("tests");
    assertThat(editor.problemProperty("target").get())
        .contains("no stage \"tests\"")
        .contains("build, runtime");
  }

  @Test
  void aMissingDockerfileIsNotedAndInlineTextIsReadAsTyped() {
    hold = false;
    editor.load(
        BuildProfile.builder("x").context(new ContextSource.LocalFolder(tmp)).build(), false);
    assertThat(editor.dockerfileNoteProperty().get()).startsWith("No Dockerfile in this folder");
    assertThat(editor.dirtyProperty().get()).as("never saved").isTrue();

    editor.inlineDockerfileProperty().set(true);
    editor.dockerfileTextProperty().set("FROM scratch AS only\nARG A=1\n");
    assertThat(editor.stages()).containsExactly("only");
    assertThat(editor.draftProperty().get().dockerfile())
        .contains(new DockerfileSource.Inline("FROM scratch AS only\nARG A=1\n"));
  }

  @Test
  void aGitContextIsParsedAndItsStagesAreNotGuessed() {
    editor.load(full(), true);
    editor.contextKindProperty().set(ContextKind.GIT);
    editor.contextLocationProperty().set("https://github.com/org/repo.git#main:docker");
    assertThat(editor.draftProperty().get().context())
        .containsInstanceOf(ContextSource.GitRepository.class);
    assertThat(editor.stages()).isEmpty();
    assertThat(editor.dockerfileNoteProperty().get()).contains("fetched when the build runs");
  }

  @Test
  void savingMarksTheDraftClean() {
    editor.load(full(), true);
    editor.noCacheProperty().set(false);
    assertThat(editor.dirtyProperty().get()).isTrue();
    editor.markSaved();
    assertThat(editor.dirtyProperty().get()).isFalse();
  }

  @Test
  void registriesShowWhereEachCredentialComesFromNeverTheSecret() {
    RegistryCredentials hub =
        RegistryCredentials.basic(
            "https://index.docker.io/v1/",
            "me",
            "s3cret",
            new CredentialSource.ConfigFile(tmp.resolve("config.json")));
    RegistryCredentials ghcr =
        RegistryCredentials.identityToken(
            "ghcr.io", "", "tok", new CredentialSource.CredsStore("pass"));
    editor.loadRegistries(() -> new AllCredentials(List.of(hub, ghcr), List.of()));

    assertThat(editor.registries())
        .extracting(RegistryRow::source)
        .containsExactly("config.json", "credsStore: pass");
    assertThat(editor.registries().toString()).doesNotContain("s3cret").doesNotContain("tok,");
    assertThat(editor.registriesNoteProperty().get()).contains("never shown");
  }
}
