package io.slipway.app.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.core.SlipwayException;
import io.slipway.core.profile.ProfileStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code settings.json} in Slipway's config folder (beside {@code profiles/}). Reads forgive: a
 * missing or broken file gives the defaults. Writes are atomic (a temporary file forced to disk,
 * then renamed over the old one). Blocking: call off the FX thread.
 */
public final class SettingsStore {
  private static final Logger LOG = LoggerFactory.getLogger(SettingsStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  static final int SCHEMA = 1;

  private final Path file;

  public SettingsStore(Path file) {
    this.file = file.toAbsolutePath().normalize();
  }

  /** The store in the user's config folder for this OS (the folder that holds profiles/). */
  public static SettingsStore forUser(Map<String, String> env, Path home) {
    Path profiles = ProfileStore.defaultDirectory(env, home, System.getProperty("os.name", ""));
    return new SettingsStore(profiles.getParent().resolve("settings.json"));
  }

  public Path file() {
    return file;
  }

  /** The saved settings, or the defaults when there are none (or they cannot be read). */
  public Settings load() {
    if (!Files.isRegularFile(file)) {
      return Settings.DEFAULT;
    }
    try {
      JsonNode root = JSON.readTree(Files.readAllBytes(file));
      Settings d = Settings.DEFAULT;
      Settings.ThemeChoice theme = d.theme();
      try {
        theme =
            Settings.ThemeChoice.valueOf(
                root.path("theme").asText(d.theme().name()).toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        // an unknown theme: the default
      }
      Optional<Settings.WindowBounds> window = Optional.empty();
      JsonNode w = root.path("window");
      if (w.isObject() && w.path("width").asDouble(0) > 100 && w.path("height").asDouble(0) > 100) {
        window =
            Optional.of(
                new Settings.WindowBounds(
                    w.path("x").asDouble(),
                    w.path("y").asDouble(),
                    w.path("width").asDouble(),
                    w.path("height").asDouble(),
                    w.path("maximized").asBoolean(false)));
      }
      return new Settings(
          root.path("engine").asText(d.engine()),
          root.path("tlsCertDir").asText(""),
          theme,
          window,
          root.path("sidebarDivider").asDouble(d.sidebarDivider()),
          root.path("buildDivider").asDouble(d.buildDivider()),
          root.path("lastProfile").asText(""),
          root.path("historyRetention").asInt(d.historyRetention()));
    } catch (IOException | RuntimeException e) {
      LOG.warn("Ignoring {}: {}", file, e.toString());
      return Settings.DEFAULT;
    }
  }

  /** Writes the settings atomically. */
  public void save(Settings settings) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("engine", settings.engine());
    root.put("tlsCertDir", settings.tlsCertDir());
    root.put("theme", settings.theme().name().toLowerCase(Locale.ROOT));
    settings
        .window()
        .ifPresent(
            w -> {
              ObjectNode n = root.putObject("window");
              n.put("x", w.x());
              n.put("y", w.y());
              n.put("width", w.width());
              n.put("height", w.height());
              n.put("maximized", w.maximized());
            });
    root.put("sidebarDivider", settings.sidebarDivider());
    root.put("buildDivider", settings.buildDivider());
    root.put("lastProfile", settings.lastProfile());
    root.put("historyRetention", settings.historyRetention());
    try {
      Files.createDirectories(file.getParent());
      Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
      try {
        Files.write(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
          ch.force(true);
        }
        try {
          Files.move(
              temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new SlipwayException(
          "Cannot save the settings to " + file + " (" + e.getMessage() + "). Check the folder.",
          e);
    }
  }
}
