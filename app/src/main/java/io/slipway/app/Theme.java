package io.slipway.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import java.util.Locale;
import java.util.Map;
import javafx.application.Application;

/** The one place that picks and sets the AtlantaFX theme. */
final class Theme {
  private Theme() {}

  /** Sets the user-agent stylesheet; call on the FX thread before the first scene shows. */
  static void apply(boolean dark) {
    Application.setUserAgentStylesheet(
        dark
            ? new PrimerDark().getUserAgentStylesheet()
            : new PrimerLight().getUserAgentStylesheet());
  }

  /**
   * Whether the user wants a dark window, from what is cheap to know without asking the desktop:
   * {@code -Dslipway.theme=dark|light} or {@code SLIPWAY_THEME}, then GTK's {@code GTK_THEME}
   * ("Adwaita:dark"). Light otherwise.
   */
  static boolean prefersDark(String property, Map<String, String> env) {
    String explicit = property != null ? property : env.get("SLIPWAY_THEME");
    if (explicit != null && !explicit.isBlank()) {
      return explicit.strip().toLowerCase(Locale.ROOT).equals("dark");
    }
    String gtk = env.getOrDefault("GTK_THEME", "").toLowerCase(Locale.ROOT);
    return gtk.endsWith(":dark") || gtk.endsWith("-dark");
  }
}
