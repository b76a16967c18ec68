package io.slipway.app.settings;

import io.slipway.core.history.HistoryStore;
import java.nio.file.Path;
import java.util.Map;

/** Where the window keeps its files in Slipway's data folder (the history's, by OS convention). */
public final class AppDirs {
  private AppDirs() {}

  /**
   * {@code %LOCALAPPDATA%\Slipway} on Windows, {@code ~/Library/Application Support/Slipway} on
   * macOS, else {@code $XDG_DATA_HOME/slipway} (absolute only) or {@code ~/.local/share/slipway}.
   */
  public static Path dataDir(Map<String, String> env, Path home, String osName) {
    return HistoryStore.dataDirectory(env, home, osName);
  }

  /** The file the window's error details go to. */
  public static Path errorLog(Map<String, String> env, Path home, String osName) {
    return dataDir(env, home, osName).resolve("logs").resolve("slipway-errors.log");
  }
}
