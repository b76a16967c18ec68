package io.slipway.app.settings;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** Slipway's data folder (logs, and later history), by each OS's convention. */
public final class AppDirs {
  private AppDirs() {}

  /**
   * {@code %LOCALAPPDATA%\Slipway} on Windows, {@code ~/Library/Application Support/Slipway} on
   * macOS, else {@code $XDG_DATA_HOME/slipway} (absolute only) or {@code ~/.local/share/slipway}.
   */
  public static Path dataDir(Map<String, String> env, Path home, String osName) {
    String os = osName.toLowerCase(Locale.ROOT);
    if (os.startsWith("windows")) {
      String local = env.getOrDefault("LOCALAPPDATA", "");
      return (local.isBlank() ? home.resolve("AppData").resolve("Local") : Path.of(local))
          .resolve("Slipway");
    }
    if (os.startsWith("mac") || os.startsWith("darwin")) {
      return home.resolve("Library").resolve("Application Support").resolve("Slipway");
    }
    String xdg = env.getOrDefault("XDG_DATA_HOME", "");
    Path base =
        !xdg.isBlank() && Path.of(xdg).isAbsolute()
            ? Path.of(xdg)
            : home.resolve(".local").resolve("share");
    return base.resolve("slipway");
  }

  /** The file the window's error details go to. */
  public static Path errorLog(Map<String, String> env, Path home, String osName) {
    return dataDir(env, home, osName).resolve("logs").resolve("slipway-errors.log");
  }
}
