package io.slipway.app.main;

import io.slipway.app.profiles.Notice;
import io.slipway.app.profiles.ProfileEditorViewModel;
import io.slipway.app.profiles.ProfileItem;
import io.slipway.app.profiles.ProfilesViewModel;
import io.slipway.app.settings.Settings;
import io.slipway.app.settings.SettingsStore;
import io.slipway.core.SlipwayException;
import io.slipway.core.auth.AllCredentials;
import io.slipway.core.build.selection.BuilderChoice;
import io.slipway.core.build.selection.BuilderSelection;
import io.slipway.core.engine.EngineInfo;
import io.slipway.core.profile.BuildProfile;
import io.slipway.core.profile.DockerfileSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;

/**
 * The whole window's state: the sidebar ({@link ProfilesViewModel}), the profile editor ({@link
 * ProfileEditorViewModel}), the build ({@link MainViewModel}) and the settings, and what ties them
 * together: the selected profile is what the editor shows and Build builds; a drop becomes a saved
 * profile that builds at once; a finished build marks its row. No toolkit; UI thread only.
 */
public final class ShellViewModel implements AutoCloseable {

  private final MainViewModel build;
  private final ProfilesViewModel profiles;
  private final ProfileEditorViewModel editor;
  private final SettingsStore settingsStore;
  private final Executor background;
  private final Executor ui;
  private final Map<String, String> environment;
  private final String home;

  private final ObjectProperty<Settings> settings = new SimpleObjectProperty<>(Settings.DEFAULT);
  private final ReadOnlyObjectWrapper<DropHint> dropHint =
      new ReadOnlyObjectWrapper<>(DropHint.NONE);
  private final ReadOnlyObjectWrapper<Drops.Choose> pendingChoice = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyStringWrapper headerTitle = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper headerDetail = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper builderNote = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper windowTitle = new ReadOnlyStringWrapper("Slipway");

  private int dragGeneration;
  // The settings as the connector reads them, on a worker thread.
  private volatile Settings current = Settings.DEFAULT;
  private boolean followingDraft;

  public ShellViewModel(
      MainViewModel build,
      ProfilesViewModel profiles,
      ProfileEditorViewModel editor,
      SettingsStore settingsStore,
      Executor background,
      Executor ui,
      Map<String, String> environment) {
    this.build = Objects.requireNonNull(build);
    this.profiles = Objects.requireNonNull(profiles);
    this.editor = Objects.requireNonNull(editor);
    this.settingsStore = Objects.requireNonNull(settingsStore);
    this.background = Objects.requireNonNull(background);
    this.ui = Objects.requireNonNull(ui);
    this.environment = Map.copyOf(environment);
    this.home = System.getProperty("user.home", "");
    settings.addListener(
        (o, was, now) -> {
          current = now;
          if (history != null) {
            history.setRetention(now.historyRetention());
          }
        });

    profiles
        .selectedProperty()
        .addListener(
            (o, was, now) -> {
              if (followingDraft) {
                return; // the unsaved row took the draft's name: nothing to load
              }
              if (was != null && now != null && ProfileNamesSame.same(was, now)) {
                // the same profile, reloaded (saved, renamed spelling, an outcome): keep the edits
                if (!editor.dirtyProperty().get()) {
                  editor.load(now.profile(), now.saved());
                }
                return;
              }
              keepEdits(was);
              editor.load(now == null ? null : now.profile(), now != null && now.saved());
            });
    build.profileProperty().bind(editor.draftProperty());
    build.buildBlockerProperty().bind(editor.firstProblemProperty());
    build
        .lastFinishedProperty()
        .addListener(
            (o, was, now) -> {
              if (now != null) {
                profiles.recordOutcome(now);
              }
            });
    editor
        .draftProperty()
        .addListener(
            (o, was, now) -> {
              updateHeader();
              followingDraft = true;
              try {
                profiles.followDraft(now);
              } finally {
                followingDraft = false;
              }
            });
    build.engineInfoProperty().addListener((o, was, now) -> updateHeader());
    profiles.items().addListener((javafx.beans.InvalidationListener) o -> updateHeader());
    updateHeader();
    windowTitle.bind(
        Bindings.createStringBinding(
            () ->
                editor.draftProperty().get() == null
                    ? "Slipway"
                    : "Slipway — " + editor.draftProperty().get().name(),
            editor.draftProperty()));
  }

  /** Two rows that stand for the same profile (one reloaded, renamed in spelling, or saved). */
  private static final class ProfileNamesSame {
    static boolean same(ProfileItem a, ProfileItem b) {
      return io.slipway.core.profile.ProfileNames.same(a.name(), b.name());
    }
  }

  // ---- the history

  private io.slipway.core.history.HistoryStore history;

  /**
   * The one history store of the window: the sidebar's last outcomes, the Build tab and the History
   * tab all read it. Set once, before the window is installed.
   */
  public void useHistory(io.slipway.core.history.HistoryStore store) {
    this.history = Objects.requireNonNull(store);
    store.setRetention(settings.get().historyRetention());
    profiles.setLastOutcomes(
        name ->
            store.list(name).stream()
                .findFirst()
                .map(e -> new ProfileItem.Outcome(BuildState.of(e.status()), e.wallTime())));
  }

  /** The history store set by {@link #useHistory}; null before. */
  public io.slipway.core.history.HistoryStore history() {
    return history;
  }

  /** Runs the window's blocking work (disk, engine). */
  public Executor background() {
    return background;
  }

  /** Runs a task on the UI thread, later. */
  public Executor ui() {
    return ui;
  }

  // ---- parts

  public MainViewModel build() {
    return build;
  }

  public ProfilesViewModel profiles() {
    return profiles;
  }

  public ProfileEditorViewModel editor() {
    return editor;
  }

  public ObjectProperty<Settings> settingsProperty() {
    return settings;
  }

  public ReadOnlyObjectProperty<DropHint> dropHintProperty() {
    return dropHint.getReadOnlyProperty();
  }

  /** A folder with several Dockerfiles was dropped: the window asks which one. */
  public ReadOnlyObjectProperty<Drops.Choose> pendingChoiceProperty() {
    return pendingChoice.getReadOnlyProperty();
  }

  /** The selected profile's name, or what to do when there is none. */
  public ReadOnlyStringProperty headerTitleProperty() {
    return headerTitle.getReadOnlyProperty();
  }

  /** "context ~/src/api · Dockerfile · api:latest +2". */
  public ReadOnlyStringProperty headerDetailProperty() {
    return headerDetail.getReadOnlyProperty();
  }

  /** What the builder toggle resolves to: "Auto → BuildKit (daemon default)". */
  public ReadOnlyStringProperty builderNoteProperty() {
    return builderNote.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty windowTitleProperty() {
    return windowTitle.getReadOnlyProperty();
  }

  // ---- start and stop

  /**
   * Starts with the settings (loaded off the UI thread by the caller): connects the engine, lists
   * the profiles and the registries (all off the UI thread).
   */
  public void start(Settings loaded, Supplier<AllCredentials> credentials) {
    settings.set(loaded);
    build.connectEngine();
    if (loaded.lastProfile().isEmpty()) {
      profiles.reload();
    } else {
      profiles.reloadAndSelect(loaded.lastProfile());
    }
    editor.loadRegistries(credentials);
    Path dockerConfig =
        io.slipway.core.auth.DockerConfig.configDir(
            environment, Path.of(home.isEmpty() ? "." : home));
    editor.loadEngines(() -> io.slipway.app.settings.SettingsViewModel.listContexts(dockerConfig));
  }

  /**
   * Opens a folder or a Dockerfile given on the command line: it becomes a profile (or selects the
   * one that builds it), without building.
   */
  public void open(Path path) {
    Path h = Path.of(home.isEmpty() ? "." : home);
    background.execute(
        () -> {
          Drops.Outcome outcome = Drops.resolve(List.of(path), "", h);
          ui.execute(
              () -> {
                if (outcome instanceof Drops.Refused r) {
                  build.showError(r.reason());
                } else if (outcome instanceof Drops.Choose c) {
                  adopt(Drops.fromFolder(c.folder(), c.dockerfiles().get(0)), false);
                } else if (outcome instanceof Drops.Made m) {
                  adopt(m.profile(), false);
                }
              });
        });
  }

  /** Saves the settings (atomically, off the UI thread); reconnects when the engine changed. */
  public void applySettings(Settings next) {
    Settings before = settings.get();
    settings.set(next);
    background.execute(
        () -> {
          try {
            settingsStore.save(next);
          } catch (SlipwayException e) {
            String m = e.getMessage();
            ui.execute(() -> build.showError(m));
          }
        });
    if (!before.engine().equals(next.engine()) || !before.tlsCertDir().equals(next.tlsCertDir())) {
      build.connectEngine();
    }
  }

  /** The environment the engine is found in, with the settings' choice applied (any thread). */
  public Map<String, String> engineEnvironment() {
    return current.engineEnvironment(environment);
  }

  /** The window is closing: a changed, valid profile is saved (off the UI thread). */
  public void closing() {
    ProfileItem selected = profiles.selectedProperty().get();
    settings.set(
        settings
            .get()
            .withLastProfile(selected != null && selected.saved() ? selected.name() : ""));
    if (editor.dirtyProperty().get()
        && editor.firstProblemProperty().get().isEmpty()
        && editor.draftProperty().get() != null) {
      save();
    }
  }

  @Override
  public void close() {
    build.close();
  }

  // ---- commands

  /** Builds the selected profile; saves it first when it changed and is valid. */
  public void buildSelected() {
    if (editor.dirtyProperty().get()
        && editor.firstProblemProperty().get().isEmpty()
        && editor.draftProperty().get() != null
        && !build.buildStateProperty().get().active()) {
      save();
    }
    build.build();
  }

  /** Saves the editor's profile; problems stay beside their fields, others go to the bar. */
  public void save() {
    BuildProfile draft = editor.draftProperty().get();
    if (draft == null) {
      return;
    }
    if (!editor.firstProblemProperty().get().isEmpty()) {
      profiles.showNotice(Notice.of("Not saved: " + editor.firstProblemProperty().get()));
      return;
    }
    profiles.save(
        draft,
        editor.loadedName(),
        problem -> {
          if (problem == null) {
            editor.markSaved();
          } else {
            profiles.showNotice(Notice.of(problem));
          }
        });
  }

  /** A new profile in the editor. */
  public void newProfile() {
    profiles.createNew();
  }

  /** Sets the selected profile's builder (the header's toggle). */
  public void chooseBuilder(BuilderChoice choice) {
    if (editor.draftProperty().get() != null) {
      editor.builderProperty().set(choice);
    }
  }

  /** Leaving a profile with changes: they are saved when valid, else the bar says so. */
  private void keepEdits(ProfileItem was) {
    if (was == null || !editor.dirtyProperty().get() || editor.draftProperty().get() == null) {
      return;
    }
    if (editor.firstProblemProperty().get().isEmpty()) {
      BuildProfile draft = editor.draftProperty().get();
      profiles.save(
          draft,
          editor.loadedName(),
          was,
          false,
          problem -> {
            if (problem != null) {
              profiles.showNotice(Notice.of(problem));
            }
          });
    } else if (was.saved()) {
      profiles.showNotice(
          Notice.of(
              "Changes to "
                  + was.name()
                  + " were not saved: "
                  + editor.firstProblemProperty().get()));
    }
  }

  // ---- drag and drop

  /** Something is dragged over the window: files, or text (a URL). */
  public void dragEntered(List<Path> files, String text) {
    int generation = ++dragGeneration;
    if (build.buildStateProperty().get().active()) {
      dropHint.set(
          DropHint.reject("A build is running. Cancel it before dropping something else."));
      return;
    }
    DropHint quick = Drops.quickHint(files, text, home);
    dropHint.set(existingHint(files, quick));
    if (quick.kind() == DropHint.Kind.ACCEPT && files != null && files.size() == 1) {
      Path p = files.get(0);
      background.execute(
          () -> {
            Optional<String> refused = Drops.refusal(p);
            ui.execute(
                () -> {
                  if (generation == dragGeneration && refused.isPresent()) {
                    dropHint.set(DropHint.reject(refused.get()));
                  }
                });
          });
    }
  }

  /** "Drop to build api-server" when a saved profile already builds that folder. */
  private DropHint existingHint(List<Path> files, DropHint quick) {
    if (quick.kind() != DropHint.Kind.ACCEPT || files == null || files.size() != 1) {
      return quick;
    }
    Path p = files.get(0).toAbsolutePath().normalize();
    for (ProfileItem item : profiles.items()) {
      BuildProfile prof = item.profile();
      boolean sameFolder =
          prof.context()
              .filter(
                  c ->
                      c instanceof io.slipway.core.context.ContextSource.LocalFolder f
                          && f.path().equals(p))
              .isPresent();
      boolean defaultDockerfile =
          prof.dockerfile().isEmpty()
              || prof.dockerfile().get() instanceof DockerfileSource.InContext;
      if (item.saved() && sameFolder && defaultDockerfile) {
        return DropHint.accept("Drop to build " + prof.name());
      }
    }
    return quick;
  }

  public void dragExited() {
    dragGeneration++;
    dropHint.set(DropHint.NONE);
  }

  public boolean acceptsDrop() {
    return dropHint.get().kind() == DropHint.Kind.ACCEPT;
  }

  /** Dropped: becomes a profile (after a pick when there are several Dockerfiles) and builds. */
  public void drop(List<Path> files, String text) {
    boolean accepted = acceptsDrop() || dropHint.get().kind() == DropHint.Kind.NONE;
    dragExited();
    if (!accepted || build.buildStateProperty().get().active()) {
      return;
    }
    Path h = Path.of(home.isEmpty() ? "." : home);
    background.execute(
        () -> {
          Drops.Outcome outcome = Drops.resolve(files, text, h);
          ui.execute(() -> dropped(outcome));
        });
  }

  private void dropped(Drops.Outcome outcome) {
    if (outcome instanceof Drops.Refused r) {
      build.showError(r.reason());
    } else if (outcome instanceof Drops.Choose c) {
      pendingChoice.set(c);
    } else if (outcome instanceof Drops.Made m) {
      adoptAndBuild(m.profile());
    }
  }

  /** The user picked a Dockerfile (or null: cancelled) for the folder in {@link #pendingChoice}. */
  public void chooseDockerfile(String dockerfile) {
    Drops.Choose c = pendingChoice.get();
    pendingChoice.set(null);
    if (c != null && dockerfile != null) {
      adoptAndBuild(Drops.fromFolder(c.folder(), dockerfile));
    }
  }

  private void adoptAndBuild(BuildProfile made) {
    adopt(made, true);
  }

  private void adopt(BuildProfile made, boolean andBuild) {
    profiles.adopt(
        made,
        saved -> {
          if (editor.dirtyProperty().get()) {
            keepEdits(profiles.selectedProperty().get());
          }
          editor.load(saved, true);
          if (andBuild) {
            build.build();
          }
        });
  }

  // ---- the header

  private void updateHeader() {
    BuildProfile p = editor.draftProperty().get();
    if (p == null) {
      headerTitle.set(profiles.items().isEmpty() ? "No profiles yet" : "No profile selected");
      headerDetail.set("Drop a folder with a Dockerfile on the window, or create a profile.");
    } else {
      headerTitle.set(p.name().isBlank() ? "Unnamed profile" : p.name());
      headerDetail.set(essentials(p, home));
    }
    builderNote.set(
        builderNote(
            p == null ? BuilderChoice.AUTO : p.builder(),
            build.engineInfoProperty().get(),
            environment));
  }

  /** "~/src/api · Dockerfile · api:latest +2 · target prod". */
  static String essentials(BuildProfile p, String home) {
    StringBuilder b = new StringBuilder();
    b.append(
        p.context()
            .map(
                c ->
                    c instanceof io.slipway.core.context.ContextSource.LocalFolder f
                        ? Drops.display(f.path(), home)
                        : c.describe())
            .orElse("no context"));
    b.append(" · ")
        .append(
            p.dockerfile()
                .map(
                    d -> d instanceof DockerfileSource.InContext c ? c.path() : "inline Dockerfile")
                .orElse("Dockerfile"));
    if (p.tags().isEmpty()) {
      b.append(" · untagged");
    } else {
      b.append(" · ").append(p.tags().get(0));
      if (p.tags().size() > 1) {
        b.append(" +").append(p.tags().size() - 1);
      }
    }
    p.target().ifPresent(t -> b.append(" · target ").append(t));
    p.platform().ifPresent(t -> b.append(" · ").append(t));
    if (!(p.engine() instanceof io.slipway.core.profile.EngineChoice.Default)) {
      b.append(" · on ").append(p.engine().describe());
    }
    return b.toString();
  }

  /** "Auto → BuildKit (daemon default)", "Classic", or why BuildKit cannot run here. */
  static String builderNote(BuilderChoice choice, EngineInfo info, Map<String, String> env) {
    if (info == null) {
      return choice == BuilderChoice.AUTO ? "Auto → decided when the engine answers" : "";
    }
    try {
      BuilderSelection s = BuilderSelection.select(choice, env, info);
      return choice == BuilderChoice.AUTO
          ? "Auto → " + io.slipway.app.engine.EngineSession.label(s)
          : "";
    } catch (SlipwayException e) {
      return e.getMessage();
    }
  }
}
