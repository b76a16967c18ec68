package io.slipway.app;

import static org.assertj.core.api.Assertions.assertThat;

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
}
