package io.slipway.app;

import atlantafx.base.theme.PrimerDark;
import atlantafx.base.theme.PrimerLight;
import io.slipway.app.settings.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;

/**
 * The one place that picks and sets the AtlantaFX theme: the user's choice in Settings, or the
 * system's preference where Slipway can tell (GNOME's color-scheme or GTK theme, macOS's
 * AppleInterfaceStyle, Windows' AppsUseLightTheme).
 */
public final class Theme {
  private Theme() {}

  /** Sets the user-agent stylesheet; call on the FX thread. */
  public static void apply(boolean dark) {
    Application.setUserAgentStylesheet(
        dark
            ? new PrimerDark().getUserAgentStylesheet()
            : new PrimerLight().getUserAgentStylesheet());
  }

  /**
   * Whether to be dark for a choice: light and dark as chosen; "system" asks the desktop. Blocking
   * (it may run a command): call off the FX thread.
   */
  public static boolean dark(Settings.ThemeChoice choice, Map<String, String> env) {
    return switch (choice) {
      case DARK -> true;
      case LIGHT -> false;
      case SYSTEM -> systemPrefersDark(env);
    };
  }

  /**
   * The system's preference: {@code -Dslipway.theme} / {@code SLIPWAY_THEME} first, then {@code
   * GTK_THEME}, then the desktop (a command, blocking). Light when nothing says dark.
   */
  static boolean systemPrefersDark(Map<String, String> env) {
    String property = System.getProperty("slipway.theme");
    String explicit = property != null ? property : env.get("SLIPWAY_THEME");
    if ((explicit != null && !explicit.isBlank()) || !env.getOrDefault("GTK_THEME", "").isBlank()) {
      return prefersDark(property, env);
    }
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (os.contains("mac")) {
      return run(List.of("defaults", "read", "-g", "AppleInterfaceStyle"))
          .map(Theme::macIsDark)
          .orElse(false);
    }
    if (os.contains("win")) {
      return run(List.of(
              "reg",
              "query",
              "HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Themes\\Personalize",
              "/v",
              "AppsUseLightTheme"))
          .map(Theme::windowsIsDark)
          .orElse(false);
    }
    Optional<String> scheme =
        run(List.of("gsettings", "get", "org.gnome.desktop.interface", "color-scheme"));
    if (scheme.isPresent() && scheme.get().contains("dark")) {
      return true;
    }
    return run(List.of("gsettings", "get", "org.gnome.desktop.interface", "gtk-theme"))
        .map(Theme::gtkThemeIsDark)
        .orElse(false);
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
    return gtkThemeIsDark(env.getOrDefault("GTK_THEME", ""));
  }

  /** "'Adwaita-dark'", "Adwaita:dark", "Yaru-dark" are dark. */
  static boolean gtkThemeIsDark(String theme) {
    String t = theme.strip().replace("'", "").toLowerCase(Locale.ROOT);
    return t.endsWith(":dark") || t.endsWith("-dark") || t.contains("dark");
  }

  /** {@code defaults read -g AppleInterfaceStyle} prints "Dark" in dark mode (else fails). */
  static boolean macIsDark(String output) {
    return output.strip().equalsIgnoreCase("dark");
  }

  /** {@code reg query …AppsUseLightTheme}: "REG_DWORD 0x0" is dark. */
  static boolean windowsIsDark(String output) {
    return output.contains("AppsUseLightTheme") && output.strip().endsWith("0x0");
  }

  /** A command's standard output when it exits 0 within two seconds. */
  private static Optional<String> run(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(false).start();
      p.getOutputStream().close();
      if (!p.waitFor(2, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return Optional.empty();
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.exitValue() == 0 ? Optional.of(out) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
