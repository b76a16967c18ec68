package io.slipway.app.main;

import io.slipway.app.build.BuildViewModel;
import io.slipway.app.profiles.ProfileItem;
import io.slipway.app.profiles.ProfilesViewModel;
import io.slipway.core.SlipwayException;
import io.slipway.core.build.BuildListener;
import io.slipway.core.build.selection.BuilderChoice;
import io.slipway.core.context.ContextSource;
import io.slipway.core.history.HistoryEntry;
import io.slipway.core.history.HistoryStore;
import io.slipway.core.profile.BuildProfile;
import io.slipway.core.profile.DockerfileSource;
import io.slipway.core.timeline.TimelineSnapshot;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the Build tab shows: the {@link BuildViewModel} fed with the selected profile's builds. A
 * profile build that starts is attached to it (through {@link MainViewModel#setBuildObserver});
 * when it ends it is saved to the {@link HistoryStore}. Selecting a profile shows its running
 * build, else its last build from the history (read off the UI thread), else nothing. No toolkit;
 * UI thread only.
 */
public final class BuildTabViewModel {
  private static final Logger LOG = LoggerFactory.getLogger(BuildTabViewModel.class);

  private final MainViewModel main;
  private final ProfilesViewModel profiles;
  private final BuildViewModel build;
  private final HistoryStore history;
  private final Executor background;
  private final Executor ui;
  private final List<Consumer<HistoryEntry>> savedListeners = new CopyOnWriteArrayList<>();

  private final ReadOnlyStringWrapper shownProfile = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
  private int generation;

  public BuildTabViewModel(
      MainViewModel main,
      ProfilesViewModel profiles,
      BuildViewModel build,
      HistoryStore history,
      Executor background,
      Executor ui) {
    this.main = Objects.requireNonNull(main);
    this.profiles = Objects.requireNonNull(profiles);
    this.build = Objects.requireNonNull(build);
    this.history = Objects.requireNonNull(history);
    this.background = Objects.requireNonNull(background);
    this.ui = Objects.requireNonNull(ui);
    main.setBuildObserver(this::started);
    build.setHistory(history, this::saved);
    profiles
        .selectedProperty()
        .addListener(
            (o, was, now) -> {
              String name = now == null ? "" : now.name();
              // The same profile reloaded (saved, its outcome recorded): what is shown stays.
              if (!name.equals(shownProfile.get())) {
                show(now);
              }
            });
    main.buildStateProperty()
        .addListener(
            (o, was, now) -> {
              // A build that never started (refused before the builder ran): show the last one.
              if (was.active() && now == BuildState.IDLE) {
                show(profiles.selectedProperty().get());
              }
            });
  }

  public BuildViewModel build() {
    return build;
  }

  public HistoryStore history() {
    return history;
  }

  /** The profile whose build is shown; empty for none. */
  public ReadOnlyStringProperty shownProfileProperty() {
    return shownProfile.getReadOnlyProperty();
  }

  /** Whether the last build is being read from the history. */
  public ReadOnlyBooleanProperty loadingProperty() {
    return loading.getReadOnlyProperty();
  }

  /** Also told (on the UI thread) of every build saved to the history. */
  public void addOnSaved(Consumer<HistoryEntry> listener) {
    savedListeners.add(Objects.requireNonNull(listener));
  }

  /** Shows a build reopened from the history (of the profile shown, or another one). */
  public void showFromHistory(HistoryEntry entry, TimelineSnapshot snapshot) {
    generation++;
    loading.set(false);
    ProfileItem selected = profiles.selectedProperty().get();
    BuildProfile p =
        selected != null && selected.name().equals(entry.profile()) ? selected.profile() : null;
    build.showTimeline(snapshot, contextDir(p), dockerfile(p), entry.profile());
    shownProfile.set(entry.profile());
  }

  /** Shows {@code item}'s running build, else its last one from the history, else nothing. */
  public void show(ProfileItem item) {
    int gen = ++generation;
    loading.set(false);
    if (item == null) {
      shownProfile.set("");
      build.clear();
      return;
    }
    String name = item.name();
    shownProfile.set(name);
    if (main.buildStateProperty().get().active()
        && name.equals(main.builtProfileProperty().get())
        && build.showLive(name)) {
      return;
    }
    build.clear();
    loading.set(true);
    BuildProfile p = item.profile();
    background.execute(
        () -> {
          TimelineSnapshot last = null;
          try {
            HistoryEntry entry = history.list(name).stream().findFirst().orElse(null);
            last = entry == null ? null : history.open(entry);
          } catch (SlipwayException e) {
            LOG.info("The last build of {} could not be read: {}", name, e.getMessage());
          } catch (RuntimeException e) {
            LOG.error("Reading the last build of {} failed", name, e);
          }
          TimelineSnapshot found = last;
          ui.execute(
              () -> {
                if (gen != generation) {
                  return;
                }
                loading.set(false);
                if (found != null) {
                  build.showTimeline(found, contextDir(p), dockerfile(p), name);
                }
              });
        });
  }

  private BuildListener started(BuildProfile p) {
    generation++;
    loading.set(false);
    shownProfile.set(p.name());
    return build.attach(p.name(), contextDir(p), dockerfile(p), builderName(p.builder()));
  }

  private void saved(HistoryEntry entry) {
    for (Consumer<HistoryEntry> l : savedListeners) {
      l.accept(entry);
    }
  }

  private String builderName(BuilderChoice choice) {
    if (choice != null && choice != BuilderChoice.AUTO) {
      return choice.name().toLowerCase(Locale.ROOT);
    }
    // "Builder: buildkit" once the engine answered: what Auto resolves to by default.
    String text = main.builderTextProperty().get();
    return text.startsWith("Builder: ") ? text.substring("Builder: ".length()) : null;
  }

  /** The profile's context folder; null for git, URL and archive contexts (nothing to open). */
  static Path contextDir(BuildProfile p) {
    if (p != null && p.context().orElse(null) instanceof ContextSource.LocalFolder f) {
      return f.path();
    }
    return null;
  }

  /** The profile's Dockerfile on disk, for a failing step's line; null when it has none there. */
  static Path dockerfile(BuildProfile p) {
    Path dir = contextDir(p);
    if (dir == null) {
      return null;
    }
    DockerfileSource d = p.dockerfile().orElse(null);
    if (d == null) {
      return dir.resolve("Dockerfile");
    }
    return d instanceof DockerfileSource.InContext in ? dir.resolve(in.path()) : null;
  }
}
