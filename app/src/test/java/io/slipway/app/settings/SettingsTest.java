package io.slipway.app.settings;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings file, the Settings dialog's logic and the data folder, without the toolkit. */
class SettingsTest {
  @TempDir Path tmp;

  @Test
  void settingsSurviveARoundTripAndABrokenFileGivesTheDefaults() throws Exception {
    SettingsStore store = new SettingsStore(tmp.resolve("slipway/settings.json"));
    assertThat(store.load()).isEqualTo(Settings.DEFAULT);
    Settings s =
        Settings.DEFAULT
            .withEngine("tcp://box:2376", "/certs")
            .withTheme(Settings.ThemeChoice.DARK)
            .withLayout(new Settings.WindowBounds(10, 20, 1200, 800, false), 0.3, 0.6)
            .withLastProfile("api");
    store.save(s);
    assertThat(store.load()).isEqualTo(s);
    // No temporary file is left beside it.
    try (var files = Files.list(tmp.resolve("slipway"))) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("settings.json");
    }
    Files.writeString(store.file(), "{not json");
    assertThat(store.load()).isEqualTo(Settings.DEFAULT);
  }

  @Test
  void theHistorysRetentionIsKeptDefaultsTo50AndIsChosenInTheDialog() throws Exception {
    assertThat(Settings.DEFAULT.historyRetention()).isEqualTo(50);
    SettingsStore store = new SettingsStore(tmp.resolve("slipway/settings.json"));
    store.save(Settings.DEFAULT.withHistoryRetention(7));
    assertThat(store.load().historyRetention()).isEqualTo(7);
    assertThat(Settings.DEFAULT.withHistoryRetention(0).historyRetention()).isEqualTo(50);
    assertThat(Settings.DEFAULT.withHistoryRetention(1_000_000).historyRetention())
        .isEqualTo(Settings.MAX_HISTORY_RETENTION);

    SettingsViewModel vm = new SettingsViewModel();
    vm.load(Settings.DEFAULT.withHistoryRetention(12));
    assertThat(vm.historyRetentionProperty().get()).isEqualTo(12);
    vm.historyRetentionProperty().set(3);
    assertThat(vm.result().historyRetention()).isEqualTo(3);
  }

  @Test
  void dividersOutOfRangeFallBack() {
    Settings s =
        new Settings("default", "", Settings.ThemeChoice.LIGHT, Optional.empty(), 2, -1, null);
    assertThat(s.sidebarDivider()).isEqualTo(Settings.DEFAULT.sidebarDivider());
    assertThat(s.buildDivider()).isEqualTo(Settings.DEFAULT.buildDivider());
  }

  @Test
  void theEngineChoiceBecomesTheLocatorsEnvironment() {
    Map<String, String> env = Map.of("DOCKER_HOST", "unix:///x.sock", "PATH", "/bin");
    assertThat(Settings.DEFAULT.engineEnvironment(env)).isEqualTo(env);
    assertThat(Settings.DEFAULT.withEngine("remote", "").engineEnvironment(env))
        .containsEntry("DOCKER_CONTEXT", "remote")
        .doesNotContainKey("DOCKER_HOST");
    assertThat(Settings.DEFAULT.withEngine("tcp://box:2376", "/certs").engineEnvironment(env))
        .containsEntry("DOCKER_HOST", "tcp://box:2376")
        .containsEntry("DOCKER_CERT_PATH", "/certs")
        .containsEntry("DOCKER_TLS_VERIFY", "1");
  }

  @Test
  void theDialogWarnsAboutPlainTcpToAnotherMachine() {
    SettingsViewModel vm = new SettingsViewModel();
    vm.load(Settings.DEFAULT);
    assertThat(vm.problemProperty().get()).isEmpty();

    vm.modeProperty().set(SettingsViewModel.EngineMode.HOST);
    assertThat(vm.problemProperty().get()).startsWith("Write the engine's address");
    vm.hostProperty().set("tcp://10.0.0.7:2375");
    assertThat(vm.problemProperty().get()).isEmpty();
    assertThat(vm.warningProperty().get()).isEqualTo(SettingsViewModel.PLAIN_TCP_WARNING);
    vm.tlsCertDirProperty().set("/home/me/certs");
    assertThat(vm.warningProperty().get()).isEmpty();
    vm.tlsCertDirProperty().set("");
    vm.hostProperty().set("tcp://localhost:2375");
    assertThat(vm.warningProperty().get()).as("this machine").isEmpty();
    vm.hostProperty().set("ssh://me@box");
    assertThat(vm.warningProperty().get()).isEmpty();
    assertThat(vm.result().engine()).isEqualTo("ssh://me@box");

    vm.modeProperty().set(SettingsViewModel.EngineMode.CONTEXT);
    assertThat(vm.problemProperty().get()).startsWith("Pick a docker context");
    vm.contextNameProperty().set("colima");
    assertThat(vm.result().engine()).isEqualTo("colima");
  }

  @Test
  void dockerContextsAreListedFromTheConfigFolderOffTheUiThread() throws Exception {
    Path meta = Files.createDirectories(tmp.resolve(".docker/contexts/meta/abc"));
    Files.writeString(meta.resolve("meta.json"), "{\"Name\":\"remote\",\"Endpoints\":{}}");
    Path broken = Files.createDirectories(tmp.resolve(".docker/contexts/meta/def"));
    Files.writeString(broken.resolve("meta.json"), "{");
    SettingsViewModel vm = new SettingsViewModel();
    java.util.List<Runnable> held = new java.util.ArrayList<>();
    vm.loadContexts(tmp.resolve(".docker"), held::add, Runnable::run);
    assertThat(vm.contexts()).isEmpty();
    held.forEach(Runnable::run);
    assertThat(vm.contexts()).containsExactly("default", "remote");
  }

  @Test
  void theDataFolderFollowsEachOs() {
    Path home = Path.of("/home/me");
    assertThat(AppDirs.errorLog(Map.of(), home, "Linux"))
        .isEqualTo(Path.of("/home/me/.local/share/slipway/logs/slipway-errors.log"));
    assertThat(AppDirs.dataDir(Map.of("XDG_DATA_HOME", "/data"), home, "Linux"))
        .isEqualTo(Path.of("/data/slipway"));
    assertThat(AppDirs.dataDir(Map.of("XDG_DATA_HOME", "rel"), home, "Linux"))
        .isEqualTo(Path.of("/home/me/.local/share/slipway"));
    assertThat(AppDirs.dataDir(Map.of(), home, "Mac OS X"))
        .isEqualTo(Path.of("/home/me/Library/Application Support/Slipway"));
  }
}
