package io.slipway.app.settings;

import io.slipway.core.history.HistoryStore;
import io.slipway.core.profile.EngineChoice;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the window remembers between runs: the engine to use, the theme, how many builds the history
 * keeps, and where the window and its dividers were. Immutable; {@link SettingsStore} reads and
 * writes it.
 *
 * @param engine the engine: {@code default}, a docker context's name, or an address ({@link
 *     EngineChoice#parse})
 * @param tlsCertDir a folder with {@code ca.pem}, {@code cert.pem}, {@code key.pem} for a {@code
 *     tcp://} host; empty for none
 * @param theme system, light or dark
 * @param window where the window was; empty the first time
 * @param sidebarDivider the profiles sidebar's divider position (0..1)
 * @param buildDivider the build view's divider (steps above the log)
 * @param lastProfile the profile selected when the window closed; empty for none
 * @param historyRetention how many builds the history keeps per profile (at least 1)
 */
public record Settings(
    String engine,
    String tlsCertDir,
    ThemeChoice theme,
    Optional<WindowBounds> window,
    double sidebarDivider,
    double buildDivider,
    String lastProfile,
    int historyRetention) {

  /** The theme the user asked for. */
  public enum ThemeChoice {
    SYSTEM("Follow the system"),
    LIGHT("Light"),
    DARK("Dark");

    private final String label;

    ThemeChoice(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** A window's place and size; {@code maximized} wins over the rest when set. */
  public record WindowBounds(double x, double y, double width, double height, boolean maximized) {}

  public static final Settings DEFAULT =
      new Settings(
          "default",
          "",
          ThemeChoice.SYSTEM,
          Optional.empty(),
          0.22,
          0.45,
          "",
          HistoryStore.DEFAULT_RETENTION);

  /** The most builds per profile the history can be told to keep. */
  public static final int MAX_HISTORY_RETENTION = 10_000;

  /** The earlier form, before the history's retention: the default retention. */
  public Settings(
      String engine,
      String tlsCertDir,
      ThemeChoice theme,
      Optional<WindowBounds> window,
      double sidebarDivider,
      double buildDivider,
      String lastProfile) {
    this(
        engine,
        tlsCertDir,
        theme,
        window,
        sidebarDivider,
        buildDivider,
        lastProfile,
        HistoryStore.DEFAULT_RETENTION);
  }

  public Settings {
    engine = engine == null || engine.isBlank() ? "default" : engine.strip();
    tlsCertDir = tlsCertDir == null ? "" : tlsCertDir.strip();
    Objects.requireNonNull(theme, "theme");
    Objects.requireNonNull(window, "window");
    sidebarDivider = clamp(sidebarDivider, DEFAULT_SIDEBAR);
    buildDivider = clamp(buildDivider, DEFAULT_BUILD);
    lastProfile = lastProfile == null ? "" : lastProfile;
    historyRetention =
        historyRetention < 1
            ? HistoryStore.DEFAULT_RETENTION
            : Math.min(historyRetention, MAX_HISTORY_RETENTION);
  }

  private static final double DEFAULT_SIDEBAR = 0.22;
  private static final double DEFAULT_BUILD = 0.45;

  private static double clamp(double value, double fallback) {
    return Double.isFinite(value) && value > 0.05 && value < 0.95 ? value : fallback;
  }

  public EngineChoice engineChoice() {
    return EngineChoice.parse(engine);
  }

  /**
   * The environment the engine locator reads for these settings: the engine choice as {@code docker
   * --context}/{@code -H} would apply it, and the TLS folder as {@code DOCKER_CERT_PATH} with
   * verification.
   */
  public Map<String, String> engineEnvironment(Map<String, String> environment) {
    Map<String, String> env = new HashMap<>(engineChoice().applyTo(environment));
    if (!tlsCertDir.isEmpty()) {
      env.put("DOCKER_CERT_PATH", tlsCertDir);
      env.put("DOCKER_TLS_VERIFY", "1");
    }
    return Map.copyOf(env);
  }

  public Settings withEngine(String newEngine, String newTlsCertDir) {
    return new Settings(
        newEngine,
        newTlsCertDir,
        theme,
        window,
        sidebarDivider,
        buildDivider,
        lastProfile,
        historyRetention);
  }

  public Settings withTheme(ThemeChoice newTheme) {
    return new Settings(
        engine,
        tlsCertDir,
        newTheme,
        window,
        sidebarDivider,
        buildDivider,
        lastProfile,
        historyRetention);
  }

  public Settings withLayout(WindowBounds bounds, double sidebar, double build) {
    return new Settings(
        engine,
        tlsCertDir,
        theme,
        Optional.ofNullable(bounds),
        sidebar,
        build,
        lastProfile,
        historyRetention);
  }

  public Settings withLastProfile(String name) {
    return new Settings(
        engine,
        tlsCertDir,
        theme,
        window,
        sidebarDivider,
        buildDivider,
        name == null ? "" : name,
        historyRetention);
  }

  /** Keeps the last {@code builds} builds per profile in the history. */
  public Settings withHistoryRetention(int builds) {
    return new Settings(
        engine, tlsCertDir, theme, window, sidebarDivider, buildDivider, lastProfile, builds);
  }
}
