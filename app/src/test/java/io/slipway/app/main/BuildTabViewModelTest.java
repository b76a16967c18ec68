package io.slipway.app.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.app.build.BuildViewModel;
import io.slipway.app.engine.EngineSession;
import io.slipway.app.profiles.ProfileEditorViewModel;
import io.slipway.app.profiles.ProfilesViewModel;
import io.slipway.app.settings.Settings;
import io.slipway.app.settings.SettingsStore;
import io.slipway.core.auth.AllCredentials;
import io.slipway.core.build.BuildEvent.BuildFinished;
import io.slipway.core.build.BuildEvent.LogLine;
import io.slipway.core.build.BuildEvent.StepFinished;
import io.slipway.core.build.BuildEvent.StepStarted;
import io.slipway.core.build.BuildStatus;
import io.slipway.core.context.ContextSource;
import io.slipway.core.history.HistoryEntry;
import io.slipway.core.history.HistoryStore;
import io.slipway.core.profile.BuildProfile;
import io.slipway.core.profile.DockerfileSource;
import io.slipway.core.profile.ProfileStore;
import io.slipway.core.timeline.RowState;
import io.slipway.core.timeline.TimelineRow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Build tab's logic without the toolkit: live builds, the history, the selected profile. */
class BuildTabViewModelTest {
  @TempDir Path tmp;

  FakeBuilder builder = new FakeBuilder();
  ShellViewModel shell;
  MainViewModel main;
  HistoryStore history;
  BuildViewModel view;
  BuildTabViewModel tab;
  Path api;
  Instant t0 = Instant.parse("2025-01-01T10:00:00Z");

  /** The tab's own disk work waits here, so a test sees that it is off the UI thread. */
  Deque<Runnable> tabDisk = new ArrayDeque<>();

  Executor tabBackground = tabDisk::add;

  @BeforeEach
  void setUp() throws Exception {
    ProfileStore store = new ProfileStore(tmp.resolve("config/profiles"));
    api = Files.createDirectories(tmp.resolve("src/api"));
    Files.writeString(api.resolve("Dockerfile"), "FROM scratch\n");
    store.save(
        BuildProfile.builder("api")
            .context(new ContextSource.LocalFolder(api))
            .tag("api:latest")
            .build());
    store.save(
        BuildProfile.builder("web")
            .context(ContextSource.GitRepository.parse("https://example.com/web.git#main"))
            .build());
    main =
        new MainViewModel(
            () -> new EngineSession(MainViewModelTest.INFO, builder, () -> {}),
            Runnable::run,
            Runnable::run,
            (task, delay) -> task.run(),
            Clock.systemUTC());
    shell =
        new ShellViewModel(
            main,
            new ProfilesViewModel(store, Runnable::run, Runnable::run),
            new ProfileEditorViewModel(Runnable::run, Runnable::run, tmp),
            new SettingsStore(tmp.resolve("config/settings.json")),
            Runnable::run,
            Runnable::run,
            Map.of());
    history = new HistoryStore(tmp.resolve("history"));
    shell.useHistory(history);
    // The build view saves on its own background: at once here.
    view = new BuildViewModel(Runnable::run, Runnable::run, (task, delay) -> task.run(), clock());
    tab =
        new BuildTabViewModel(main, shell.profiles(), view, history, tabBackground, Runnable::run);
    shell.start(Settings.DEFAULT, () -> new AllCredentials(List.of(), List.of()));
  }

  static Clock clock() {
    return Clock.fixed(Instant.parse("2025-01-01T10:00:05Z"), java.time.ZoneOffset.UTC);
  }

  void runDiskWork() {
    while (!tabDisk.isEmpty()) {
      tabDisk.poll().run();
    }
  }

  void buildApi(boolean finish) {
    shell.profiles().select("api");
    runDiskWork();
    shell.buildSelected();
    builder.emit(
        new StepStarted(t0, "1", 1, 1, "RUN echo hello", List.of(), Optional.of(2)),
        new LogLine(t0, Optional.of("1"), LogLine.Stream.STDOUT, "hello\n"));
    if (finish) {
      finish();
    }
  }

  void finish() {
    builder.emit(
        new StepFinished(
            t0.plusSeconds(1),
            "1",
            false,
            Optional.empty(),
            Optional.empty(),
            Duration.ofSeconds(1)),
        new BuildFinished(
            t0.plusSeconds(1),
            BuildStatus.SUCCEEDED,
            Duration.ofSeconds(1),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
  }

  @Test
  void aProfileNeverBuiltShowsNothingAndItsHistoryIsReadOffTheUiThread() {
    shell.profiles().select("api");
    assertThat(tab.shownProfileProperty().get()).isEqualTo("api");
    assertThat(tab.loadingProperty().get()).as("the history is read off the UI thread").isTrue();
    assertThat(tabDisk).hasSize(1);
    runDiskWork();
    assertThat(tab.loadingProperty().get()).isFalse();
    assertThat(view.phaseProperty().get()).isEqualTo(BuildViewModel.Phase.EMPTY);
  }

  @Test
  void aBuildShowsLiveIsSavedAndIsWhatItsProfileShowsNextTime() {
    List<HistoryEntry> saved = new ArrayList<>();
    tab.addOnSaved(saved::add);
    buildApi(false);
    assertThat(view.phaseProperty().get()).isEqualTo(BuildViewModel.Phase.RUNNING);
    assertThat(view.snapshotProperty().get().rows())
        .extracting(TimelineRow::name)
        .containsExactly("RUN echo hello");
    assertThat(view.contextDirProperty().get()).isEqualTo(api);

    finish();
    assertThat(view.phaseProperty().get()).isEqualTo(BuildViewModel.Phase.FINISHED);
    assertThat(view.outcomeProperty().get()).isEqualTo(BuildStatus.SUCCEEDED);
    assertThat(saved).extracting(HistoryEntry::profile).containsExactly("api");
    assertThat(history.list("api")).hasSize(1);
    // The sidebar's row shows the outcome.
    assertThat(shell.profiles().selectedProperty().get().last()).isPresent();

    // Another profile, never built: nothing. Back: the last build, from the history.
    shell.profiles().select("web");
    runDiskWork();
    assertThat(view.phaseProperty().get()).isEqualTo(BuildViewModel.Phase.EMPTY);
    shell.profiles().select("api");
    assertThat(view.phaseProperty().get()).isEqualTo(BuildViewModel.Phase.EMPTY);
    runDiskWork();
    assertThat(view.phaseProperty().get()).isEqualTo(BuildViewModel.Phase.FINISHED);
    assertThat(view.snapshotProperty().get().rows())
        .extracting(TimelineRow::state)
        .containsExactly(RowState.DONE);
    assertThat(view.contextDirProperty().get()).isEqualTo(api);
    assertThat(view.headlineProperty().get()).isEqualTo("api · Build succeeded");
  }

  @Test
  void aRunningBuildIsShownAgainWhenItsProfileIsSelectedAgain() {
    buildApi(false);
    shell.profiles().select("web");
    runDiskWork();
    assertThat(view.phaseProperty().get()).isEqualTo(BuildViewModel.Phase.EMPTY);

    // Still building while another profile was shown: its events kept being folded.
    builder.emit(new LogLine(t0, Optional.of("1"), LogLine.Stream.STDOUT, "more\n"));
    shell.profiles().select("api");
    assertThat(tabDisk).as("nothing to read: it runs").isEmpty();
    assertThat(view.phaseProperty().get()).isEqualTo(BuildViewModel.Phase.RUNNING);
    assertThat(view.snapshotProperty().get().log().size()).isEqualTo(2);

    finish();
    assertThat(view.phaseProperty().get()).isEqualTo(BuildViewModel.Phase.FINISHED);
    assertThat(history.list("api")).hasSize(1);
  }

  @Test
  void aBuildThatEndsWhileAnotherProfileIsShownIsSavedAllTheSame() {
    buildApi(false);
    shell.profiles().select("web");
    runDiskWork();
    finish();
    assertThat(view.phaseProperty().get()).isEqualTo(BuildViewModel.Phase.EMPTY);
    assertThat(history.list("api")).hasSize(1);
  }

  @Test
  void theSettingsRetentionIsTheHistorys() {
    assertThat(history.retention()).isEqualTo(50);
    shell.applySettings(shell.settingsProperty().get().withHistoryRetention(2));
    assertThat(history.retention()).isEqualTo(2);
    for (int i = 0; i < 3; i++) {
      buildApi(true);
    }
    assertThat(history.list("api")).hasSize(2);
  }

  @Test
  void onlyALocalFolderHasAFolderToOpenAndADockerfileToRead() {
    BuildProfile local =
        BuildProfile.builder("a")
            .context(new ContextSource.LocalFolder(api))
            .dockerfile(new DockerfileSource.InContext("docker/Dockerfile.prod"))
            .build();
    assertThat(BuildTabViewModel.contextDir(local)).isEqualTo(api);
    assertThat(BuildTabViewModel.dockerfile(local))
        .isEqualTo(api.resolve("docker/Dockerfile.prod"));
    BuildProfile inline =
        local.toBuilder().dockerfile(new DockerfileSource.Inline("FROM scratch\n")).build();
    assertThat(BuildTabViewModel.dockerfile(inline)).isNull();
    BuildProfile git =
        local.withContext(ContextSource.GitRepository.parse("https://example.com/r.git"));
    assertThat(BuildTabViewModel.contextDir(git)).isNull();
    assertThat(BuildTabViewModel.dockerfile(git)).isNull();
  }
}
