package io.slipway.app.settings;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.core.engine.EngineEndpoint;
import io.slipway.core.engine.TlsMaterial;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import javafx.beans.InvalidationListener;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The Settings dialog's state: which engine (the default, a docker context, or a host with an
 * optional TLS folder) and the theme; a warning for plain TCP to another machine and a problem for
 * an address that is not one. No toolkit; the docker contexts are listed off the UI thread.
 */
public final class SettingsViewModel {

  /** How the engine is chosen. */
  public enum EngineMode {
    DEFAULT("As the docker CLI finds it (DOCKER_HOST, the current context, the socket)"),
    CONTEXT("A docker context"),
    HOST("A host address");

    private final String label;

    EngineMode(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  static final String PLAIN_TCP_WARNING =
      "This engine would be reached over unencrypted TCP: anyone on the network can read the"
          + " traffic and take over the engine (and its machine). Give a TLS certificate folder,"
          + " or use ssh://USER@HOST.";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ObjectProperty<EngineMode> mode = new SimpleObjectProperty<>(EngineMode.DEFAULT);
  private final StringProperty contextName = new SimpleStringProperty("");
  private final StringProperty host = new SimpleStringProperty("");
  private final StringProperty tlsCertDir = new SimpleStringProperty("");
  private final ObjectProperty<Integer> historyRetention =
      new SimpleObjectProperty<>(io.slipway.core.history.HistoryStore.DEFAULT_RETENTION);
  private final ObjectProperty<Settings.ThemeChoice> theme =
      new SimpleObjectProperty<>(Settings.ThemeChoice.SYSTEM);
  private final ObservableList<String> contexts = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper warning = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper("");
  private Settings base = Settings.DEFAULT;

  public SettingsViewModel() {
    InvalidationListener check = o -> check();
    mode.addListener(check);
    contextName.addListener(check);
    host.addListener(check);
    tlsCertDir.addListener(check);
  }

  public ObjectProperty<EngineMode> modeProperty() {
    return mode;
  }

  public StringProperty contextNameProperty() {
    return contextName;
  }

  public StringProperty hostProperty() {
    return host;
  }

  public StringProperty tlsCertDirProperty() {
    return tlsCertDir;
  }

  /** "Keep the last N builds per profile". */
  public ObjectProperty<Integer> historyRetentionProperty() {
    return historyRetention;
  }

  public ObjectProperty<Settings.ThemeChoice> themeProperty() {
    return theme;
  }

  /** The docker contexts in the config folder ({@code docker context ls}). */
  public ObservableList<String> contexts() {
    return contexts;
  }

  /** The plain-TCP warning, or empty. */
  public ReadOnlyStringProperty warningProperty() {
    return warning.getReadOnlyProperty();
  }

  /** Why the choice cannot be used, or empty (then OK may be pressed). */
  public ReadOnlyStringProperty problemProperty() {
    return problem.getReadOnlyProperty();
  }

  public void load(Settings settings) {
    base = Objects.requireNonNull(settings);
    String engine = settings.engine();
    if (engine.equals("default")) {
      mode.set(EngineMode.DEFAULT);
    } else if (engine.contains("://")) {
      mode.set(EngineMode.HOST);
      host.set(engine);
    } else {
      mode.set(EngineMode.CONTEXT);
      contextName.set(engine);
    }
    tlsCertDir.set(settings.tlsCertDir());
    theme.set(settings.theme());
    historyRetention.set(settings.historyRetention());
    check();
  }

  /** The settings as chosen (the window's layout kept as it was). */
  public Settings result() {
    String engine =
        switch (mode.get()) {
          case DEFAULT -> "default";
          case CONTEXT -> contextName.get().strip();
          case HOST -> host.get().strip();
        };
    String tls = mode.get() == EngineMode.HOST ? tlsCertDir.get() : "";
    Integer keep = historyRetention.get();
    return base.withEngine(engine, tls)
        .withTheme(theme.get())
        .withHistoryRetention(keep == null ? base.historyRetention() : keep);
  }

  /** Lists the docker contexts off the UI thread. */
  public void loadContexts(Path dockerConfigDir, Executor background, Executor ui) {
    background.execute(
        () -> {
          List<String> names = listContexts(dockerConfigDir);
          ui.execute(() -> contexts.setAll(names));
        });
  }

  /** The names in {@code <config>/contexts/meta/*}/meta.json, and "default"; reads the disk. */
  public static List<String> listContexts(Path dockerConfigDir) {
    List<String> names = new ArrayList<>();
    names.add("default");
    Path meta = dockerConfigDir.resolve("contexts").resolve("meta");
    if (Files.isDirectory(meta)) {
      try (DirectoryStream<Path> dirs = Files.newDirectoryStream(meta)) {
        for (Path dir : dirs) {
          Path file = dir.resolve("meta.json");
          if (Files.isRegularFile(file)) {
            try {
              String name = JSON.readTree(file.toFile()).path("Name").asText("");
              if (!name.isEmpty() && !names.contains(name)) {
                names.add(name);
              }
            } catch (IOException e) {
              // a broken context is not offered
            }
          }
        }
      } catch (IOException e) {
        // no contexts to offer
      }
    }
    names.subList(1, names.size()).sort(String::compareTo);
    return names;
  }

  private void check() {
    String p = "";
    String w = "";
    if (mode.get() == EngineMode.CONTEXT) {
      String c = contextName.get().strip();
      if (c.isEmpty() || c.chars().anyMatch(Character::isWhitespace)) {
        p = "Pick a docker context (docker context ls lists them).";
      }
    } else if (mode.get() == EngineMode.HOST) {
      String h = host.get().strip();
      if (!h.matches("(unix|tcp|ssh|npipe)://\\S+")) {
        p =
            "Write the engine's address: unix:///path/to/docker.sock, tcp://HOST:PORT,"
                + " ssh://USER@HOST or npipe:////./pipe/NAME.";
      } else {
        Optional<TlsMaterial> tls =
            tlsCertDir.get().isBlank()
                ? Optional.empty()
                : Optional.of(new TlsMaterial(Path.of(tlsCertDir.get().strip()), true));
        if (new EngineEndpoint(h, "settings", tls).isPlainRemoteTcp()) {
          w = PLAIN_TCP_WARNING;
        }
      }
    }
    problem.set(p);
    warning.set(w);
  }
}
