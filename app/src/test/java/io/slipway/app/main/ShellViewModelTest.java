package io.slipway.app.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.app.engine.EngineSession;
import io.slipway.app.profiles.ProfileEditorViewModel;
import io.slipway.app.profiles.ProfileItem;
import io.slipway.app.profiles.ProfilesViewModel;
import io.slipway.app.settings.Settings;
import io.slipway.app.settings.SettingsStore;
import io.slipway.core.auth.AllCredentials;
import io.slipway.core.build.BuildEvent.BuildFinished;
import io.slipway.core.build.BuildStatus;
import io.slipway.core.build.selection.BuilderChoice;
import io.slipway.core.context.ContextSource;
import io.slipway.core.engine.EngineInfo;
import io.slipway.core.profile.BuildProfile;
import io.slipway.core.profile.ProfileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole window's logic without the toolkit: sidebar, editor and build together. */
class ShellViewModelTest {
  @TempDir Path tmp;

  FakeBuilder builder = new FakeBuilder();
  ProfileStore store;
  ShellViewModel shell;
  MainViewModel build;
  Path api;

  @BeforeEach
  void setUp() throws Exception {
    store = new ProfileStore(tmp.resolve("config/profiles"));
    api = Files.createDirectories(tmp.resolve("src/api"));
    Files.writeString(api.resolve("Dockerfile"), "FROM scratch\n");
    store.save(
        BuildProfile.builder("api")
            .context(new ContextSource.LocalFolder(api))
            .tag("api:latest")
            .build());
    build =
        new MainViewModel(
            () -> new EngineSession(MainViewModelTest.INFO, builder, () -> {}),
            Runnable::run,
            Runnable::run,
            (task, delay) -> task.run(),
            Clock.systemUTC());
    shell =
        new ShellViewModel(
            build,
            new ProfilesViewModel(store, Runnable::run, Runnable::run),
            new ProfileEditorViewModel(Runnable::run, Runnable::run, tmp),
            new SettingsStore(tmp.resolve("config/settings.json")),
            Runnable::run,
            Runnable::run,
            Map.of());
    shell.start(Settings.DEFAULT, () -> new AllCredentials(List.of(), List.of()));
  }

  @Test
  void theSelectedProfileIsEditedAndIsWhatBuildBuilds() {
    assertThat(shell.headerTitleProperty().get()).isEqualTo("No profile selected");
    shell.profiles().select("api");

    assertThat(shell.editor().nameProperty().get()).isEqualTo("api");
    assertThat(shell.headerTitleProperty().get()).isEqualTo("api");
    assertThat(shell.headerDetailProperty().get()).endsWith("api · Dockerfile · api:latest");
    assertThat(shell.builderNoteProperty().get()).isEqualTo("Auto → BuildKit (daemon default)");
    assertThat(build.canBuildProperty().get()).isTrue();

    shell.buildSelected();
    assertThat(builder.requests).hasSize(1);
    assertThat(builder.requests.get(0).source()).isEqualTo(new ContextSource.LocalFolder(api));
    assertThat(builder.requests.get(0).tags()).containsExactly("api:latest");
  }

  @Test
  void aProblemInTheEditorBlocksBuildWithTheSentence() {
    shell.profiles().select("api");
    shell.editor().tags().add("NOT VALID");
    assertThat(build.canBuildProperty().get()).isFalse();
    assertThat(build.buildBlockerProperty().get()).startsWith("Tags: ");
    shell.buildSelected();
    assertThat(builder.requests).isEmpty();
    assertThat(build.errorMessageProperty().get()).startsWith("Tags: ");
  }

  @Test
  void buildSavesAChangedValidProfileFirst() {
    shell.profiles().select("api");
    shell.editor().tags().add("api:2");
    assertThat(shell.editor().dirtyProperty().get()).isTrue();
    shell.buildSelected();
    assertThat(store.load("api").tags()).containsExactly("api:latest", "api:2");
    assertThat(shell.editor().dirtyProperty().get()).isFalse();
    assertThat(builder.requests.get(0).tags()).containsExactly("api:latest", "api:2");
  }

  @Test
  void theBuilderToggleChangesTheProfileAndSaysWhatAutoResolvesTo() {
    shell.profiles().select("api");
    shell.chooseBuilder(BuilderChoice.CLASSIC);
    assertThat(shell.editor().builderProperty().get()).isEqualTo(BuilderChoice.CLASSIC);
    assertThat(shell.editor().draftProperty().get().builder()).isEqualTo(BuilderChoice.CLASSIC);
    assertThat(shell.builderNoteProperty().get()).isEmpty();
    assertThat(
            ShellViewModel.builderNote(
                BuilderChoice.AUTO, MainViewModelTest.INFO, Map.of("DOCKER_BUILDKIT", "0")))
        .isEqualTo("Auto → classic (DOCKER_BUILDKIT=0)");
    EngineInfo windows =
        new EngineInfo(
            "npipe:////./pipe/docker_engine",
            "24.0",
            "1.43",
            "1.43",
            Optional.empty(),
            Optional.empty(),
            false,
            "windows");
    assertThat(ShellViewModel.builderNote(BuilderChoice.BUILDKIT, windows, Map.of()))
        .contains("Choose the classic builder");
  }

  @Test
  void leavingAChangedProfileSavesItWhenValid() {
    shell.profiles().select("api");
    shell.editor().platformProperty().set("linux/arm64");
    shell.newProfile();
    assertThat(store.load("api").platform()).contains("linux/arm64");
    assertThat(shell.editor().nameProperty().get()).isEqualTo("new-profile");
  }

  @Test
  void aNewProfilesRowFollowsTheNameAsTypedAndTheEditorKeepsItsText() {
    shell.newProfile();
    shell.editor().nameProperty().set("hello");
    assertThat(shell.profiles().selectedProperty().get().name()).isEqualTo("hello");
    assertThat(shell.profiles().items()).extracting(ProfileItem::name).contains("hello");
    assertThat(shell.editor().nameProperty().get()).isEqualTo("hello");
    assertThat(shell.editor().dirtyProperty().get()).isTrue();
    shell.editor().contextLocationProperty().set(api.toString());
    shell.save();
    assertThat(store.find("hello")).isPresent();
    assertThat(shell.profiles().items())
        .extracting(ProfileItem::name)
        .doesNotContain("new-profile");
  }

  @Test
  void aProfileOnAnotherEngineSaysSoAndIsRefusedWhenThatEngineCannotBeReached() {
    shell.profiles().select("api");
    shell.editor().engineProperty().set("tcp://build-box:2376");
    assertThat(shell.headerDetailProperty().get()).endsWith(" · on tcp://build-box:2376");
    shell.buildSelected();
    assertThat(builder.requests).isEmpty();
    assertThat(build.errorMessageProperty().get()).contains("tcp://build-box:2376");
  }

  @Test
  void leavingAValidNewProfileSavesItAndTheSelectionStaysWhereTheUserWent() {
    shell.newProfile();
    shell.editor().nameProperty().set("fresh");
    shell.editor().contextLocationProperty().set(api.toString());
    shell.profiles().select("api");
    assertThat(store.find("fresh")).isPresent();
    assertThat(shell.profiles().selectedProperty().get().name()).isEqualTo("api");
    assertThat(shell.editor().nameProperty().get()).isEqualTo("api");
    assertThat(shell.profiles().items())
        .extracting(ProfileItem::name, ProfileItem::saved)
        .contains(org.assertj.core.groups.Tuple.tuple("fresh", true));
  }

  @Test
  void anInvalidNewProfileKeepsItsEditsInItsRow() {
    shell.newProfile();
    shell.editor().nameProperty().set("draft");
    shell.profiles().select("api");
    shell.profiles().select("draft");
    assertThat(shell.editor().nameProperty().get()).isEqualTo("draft");
    assertThat(shell.editor().dirtyProperty().get()).isTrue();
  }

  @Test
  void anObserverSeesEveryEventOfAProfileBuildAndCannotBreakIt() {
    java.util.List<Object> seen = new java.util.ArrayList<>();
    String[] who = {null};
    build.setBuildObserver(
        p -> {
          who[0] = p.name();
          return e -> {
            seen.add(e);
            throw new IllegalStateException("observer bug");
          };
        });
    shell.profiles().select("api");
    shell.buildSelected();
    builder.emit(
        new BuildFinished(
            Instant.now(),
            BuildStatus.SUCCEEDED,
            Duration.ofSeconds(1),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
    assertThat(who[0]).isEqualTo("api");
    assertThat(seen).hasSize(1);
    assertThat(build.buildStateProperty().get()).isEqualTo(BuildState.SUCCEEDED);
  }

  @Test
  void theProfileSelectedAtCloseIsSelectedNextTime() {
    shell.profiles().select("api");
    shell.closing();
    assertThat(shell.settingsProperty().get().lastProfile()).isEqualTo("api");
    shell.start(
        Settings.DEFAULT.withLastProfile("api"), () -> new AllCredentials(List.of(), List.of()));
    assertThat(shell.editor().nameProperty().get()).isEqualTo("api");
  }

  @Test
  void closingTheWindowSavesAChangedValidProfile() {
    shell.profiles().select("api");
    shell.editor().networkProperty().set("host");
    shell.closing();
    assertThat(store.load("api").network()).contains("host");
  }

  @Test
  void aDroppedFolderBecomesASavedProfileAndBuildsAtOnce() throws Exception {
    Path web = Files.createDirectories(tmp.resolve("src/Web Site"));
    Files.writeString(web.resolve("Dockerfile"), "FROM scratch\n");

    shell.dragEntered(List.of(web), "");
    assertThat(shell.dropHintProperty().get().kind()).isEqualTo(DropHint.Kind.ACCEPT);
    assertThat(shell.dropHintProperty().get().message())
        .startsWith("Drop to create a profile from");
    shell.drop(List.of(web), "");

    assertThat(shell.dropHintProperty().get()).isEqualTo(DropHint.NONE);
    assertThat(store.load("Web Site").tags()).containsExactly("web-site:latest");
    assertThat(shell.profiles().selectedProperty().get().name()).isEqualTo("Web Site");
    assertThat(builder.requests).hasSize(1);
    assertThat(builder.requests.get(0).source()).isEqualTo(new ContextSource.LocalFolder(web));
    assertThat(build.buildStateProperty().get()).isEqualTo(BuildState.RUNNING);

    // It finishes: the row shows how.
    builder.emit(
        new BuildFinished(
            Instant.now(),
            BuildStatus.SUCCEEDED,
            Duration.ofSeconds(3),
            Optional.of("sha256:ab"),
            Optional.empty(),
            Optional.empty()));
    ProfileItem row =
        shell.profiles().items().stream()
            .filter(i -> i.name().equals("Web Site"))
            .findFirst()
            .orElseThrow();
    assertThat(row.last().map(ProfileItem.Outcome::text)).contains("✓ 3.0s");
  }

  @Test
  void droppingAFolderAProfileBuildsSaysSoAndReusesIt() {
    shell.profiles().reload();
    shell.dragEntered(List.of(api), "");
    assertThat(shell.dropHintProperty().get()).isEqualTo(DropHint.accept("Drop to build api"));
    shell.drop(List.of(api), "");
    assertThat(store.list().profiles()).hasSize(1);
    assertThat(builder.requests).hasSize(1);
  }

  @Test
  void severalDockerfilesAskTheUserFirst() throws Exception {
    Path two = Files.createDirectories(tmp.resolve("src/two"));
    Files.writeString(two.resolve("Dockerfile"), "FROM scratch\n");
    Files.writeString(two.resolve("Dockerfile.dev"), "FROM scratch\n");
    shell.dragEntered(List.of(two), "");
    shell.drop(List.of(two), "");

    assertThat(shell.pendingChoiceProperty().get().dockerfiles())
        .containsExactly("Dockerfile", "Dockerfile.dev");
    assertThat(builder.requests).isEmpty();
    shell.chooseDockerfile("Dockerfile.dev");
    assertThat(shell.pendingChoiceProperty().get()).isNull();
    assertThat(builder.requests).hasSize(1);
    assertThat(builder.requests.get(0).dockerfile()).isEqualTo("Dockerfile.dev");
  }

  @Test
  void aRefusedDropShowsTheReasonAndNothingIsSaved() throws Exception {
    Path notes = Files.writeString(tmp.resolve("notes.txt"), "x");
    shell.dragEntered(List.of(notes), "");
    assertThat(shell.dropHintProperty().get().kind()).isEqualTo(DropHint.Kind.REJECT);
    shell.dragExited();
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    shell.drop(List.of(empty), "");
    assertThat(build.errorMessageProperty().get()).startsWith("There is no Dockerfile in empty.");
    assertThat(store.list().profiles()).hasSize(1);
  }

  @Test
  void aGitContextBuildsThroughTheProfilesRequest() {
    shell.profiles().select("api");
    shell.editor().contextKindProperty().set(io.slipway.app.profiles.ContextKind.GIT);
    shell.editor().contextLocationProperty().set("https://github.com/org/repo.git#main:docker");
    shell.buildSelected();
    assertThat(builder.requests).hasSize(1);
    assertThat(builder.requests.get(0).source())
        .isEqualTo(
            ContextSource.GitRepository.parse("https://github.com/org/repo.git#main:docker"));
  }

  @Test
  void anOutputReachesTheRequestAndARefusalReadsAsASentence() {
    shell.profiles().select("api");
    shell.editor().outputProperty().set("type=local,dest=/tmp/out");
    shell.buildSelected();
    assertThat(builder.requests.get(0).output().map(o -> o.toFlag()))
        .contains("type=local,dest=/tmp/out");

    builder.emit(
        new BuildFinished(
            Instant.now(),
            BuildStatus.SUCCEEDED,
            Duration.ofSeconds(1),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
    builder.refuseWith = "An output needs the BuildKit builder. Choose Auto or BuildKit.";
    shell.buildSelected();
    assertThat(build.errorMessageProperty().get())
        .isEqualTo("An output needs the BuildKit builder. Choose Auto or BuildKit.");
    assertThat(build.buildStateProperty().get()).isEqualTo(BuildState.IDLE);
  }

  @Test
  void anArgumentOnTheCommandLineBecomesAProfileWithoutBuilding() throws Exception {
    Path svc = Files.createDirectories(tmp.resolve("src/svc"));
    Path df = Files.writeString(svc.resolve("Dockerfile.ci"), "FROM scratch\n");
    shell.open(df);
    assertThat(store.find("svc")).isPresent();
    assertThat(shell.editor().dockerfilePathProperty().get()).isEqualTo("Dockerfile.ci");
    assertThat(builder.requests).isEmpty();
  }

  @Test
  void settingsAreSavedAndAnEngineChangeReconnects() {
    int[] connects = {0};
    build
        .engineStateProperty()
        .addListener(
            (o, was, now) -> {
              if (now == EngineState.CONNECTING) {
                connects[0]++;
              }
            });
    shell.applySettings(Settings.DEFAULT.withTheme(Settings.ThemeChoice.DARK));
    assertThat(connects[0]).isZero();
    assertThat(new SettingsStore(tmp.resolve("config/settings.json")).load().theme())
        .isEqualTo(Settings.ThemeChoice.DARK);
    shell.applySettings(shell.settingsProperty().get().withEngine("tcp://box:2376", ""));
    assertThat(connects[0]).isEqualTo(1);
    assertThat(shell.engineEnvironment()).containsEntry("DOCKER_HOST", "tcp://box:2376");
  }
}
