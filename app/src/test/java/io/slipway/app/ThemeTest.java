package io.slipway.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.app.settings.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThemeTest {
  @Test
  void lightUnlessAskedOrGtkIsDark() {
    assertThat(Theme.prefersDark(null, Map.of())).isFalse();
    assertThat(Theme.prefersDark(null, Map.of("GTK_THEME", "Adwaita:dark"))).isTrue();
    assertThat(Theme.prefersDark(null, Map.of("GTK_THEME", "Adwaita"))).isFalse();
    assertThat(Theme.prefersDark("dark", Map.of())).isTrue();
    assertThat(Theme.prefersDark("light", Map.of("GTK_THEME", "Adwaita:dark"))).isFalse();
    assertThat(Theme.prefersDark(null, Map.of("SLIPWAY_THEME", "Dark"))).isTrue();
  }

  @Test
  void aChoiceInSettingsWinsOverTheSystem() {
    assertThat(Theme.dark(Settings.ThemeChoice.DARK, Map.of())).isTrue();
    assertThat(Theme.dark(Settings.ThemeChoice.LIGHT, Map.of("GTK_THEME", "Adwaita:dark")))
        .isFalse();
    assertThat(Theme.dark(Settings.ThemeChoice.SYSTEM, Map.of("SLIPWAY_THEME", "dark"))).isTrue();
  }

  @Test
  void whatEachDesktopSays() {
    assertThat(Theme.gtkThemeIsDark("'Yaru-dark'\n")).isTrue();
    assertThat(Theme.gtkThemeIsDark("'Adwaita'")).isFalse();
    assertThat(Theme.macIsDark("Dark\n")).isTrue();
    assertThat(
            Theme.windowsIsDark(
                "HKEY_CURRENT_USER\\...\\Personalize\n    AppsUseLightTheme    REG_DWORD    0x0\n"))
        .isTrue();
    assertThat(Theme.windowsIsDark("    AppsUseLightTheme    REG_DWORD    0x1")).isFalse();
  }
}
