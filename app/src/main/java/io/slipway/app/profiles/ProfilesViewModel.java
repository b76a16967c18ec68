package io.slipway.app.profiles;

import io.slipway.app.main.MainViewModel.FinishedBuild;
import io.slipway.core.SlipwayException;
import io.slipway.core.profile.BuildProfile;
import io.slipway.core.profile.ProfileJson;
import io.slipway.core.profile.ProfileNames;
import io.slipway.core.profile.ProfileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The profiles sidebar: the saved profiles (and new ones not saved yet), a filter, the selection,
 * and new / duplicate / delete (with undo) / import / export / save. Every call is on the UI
 * thread; the store's disk work runs on {@code background} and comes back through {@code ui}.
 */
public final class ProfilesViewModel {
  private static final Logger LOG = LoggerFactory.getLogger(ProfilesViewModel.class);

  private final ProfileStore store;
  private final Executor background;
  private final Executor ui;

  private final ObservableList<ProfileItem> items = FXCollections.observableArrayList();
  private final ObservableList<ProfileItem> itemsView =
      FXCollections.unmodifiableObservableList(items);
  private final FilteredList<ProfileItem> shown = new FilteredList<>(items, i -> true);
  private final StringProperty filter = new SimpleStringProperty(this, "filter", "");
  private final ObjectProperty<ProfileItem> selected = new SimpleObjectProperty<>(this, "selected");
  private final ReadOnlyObjectWrapper<Notice> notice = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper();
  private final Map<String, ProfileItem.Outcome> outcomes = new HashMap<>();
  private Function<String, Optional<ProfileItem.Outcome>> lastOutcomes = name -> Optional.empty();

  public ProfilesViewModel(ProfileStore store, Executor background, Executor ui) {
    this.store = Objects.requireNonNull(store);
    this.background = Objects.requireNonNull(background);
    this.ui = Objects.requireNonNull(ui);
    filter.addListener((o, was, now) -> applyFilter());
  }

  // ---- properties

  /** The rows the filter lets through, sorted by name. */
  public ObservableList<ProfileItem> shownItems() {
    return shown;
  }

  /** Every row. */
  public ObservableList<ProfileItem> items() {
    return itemsView;
  }

  public StringProperty filterProperty() {
    return filter;
  }

  public ObjectProperty<ProfileItem> selectedProperty() {
    return selected;
  }

  /** The notification bar's sentence (with Undo when it can be undone); null for none. */
  public ReadOnlyObjectProperty<Notice> noticeProperty() {
    return notice.getReadOnlyProperty();
  }

  /** Whether the first listing came back. */
  public ReadOnlyBooleanProperty loadedProperty() {
    return loaded.getReadOnlyProperty();
  }

  public void dismissNotice() {
    notice.set(null);
  }

  public void showNotice(Notice n) {
    notice.set(n);
  }

  public ProfileStore store() {
    return store;
  }

  // ---- commands

  /** Reads the store again; keeps the selection (by name), or selects {@code select}. */
  public void reload() {
    reload(null);
  }

  /** Reads the store again and selects {@code name} (when there is such a profile). */
  public void reloadAndSelect(String name) {
    reload(name);
  }

  /**
   * Where the last build of a profile is looked up when this window has not built it yet (the build
   * history); called on the worker thread.
   */
  public void setLastOutcomes(Function<String, Optional<ProfileItem.Outcome>> lookup) {
    this.lastOutcomes = Objects.requireNonNull(lookup);
  }

  private void reload(String select) {
    String keep = select != null ? select : selectedName().orElse(null);
    java.util.Set<String> known = java.util.Set.copyOf(outcomes.keySet());
    Function<String, Optional<ProfileItem.Outcome>> lookup = lastOutcomes;
    background.execute(
        () -> {
          ProfileStore.Listing listing;
          Map<String, ProfileItem.Outcome> found = new HashMap<>();
          try {
            listing = store.list();
            for (BuildProfile p : listing.profiles()) {
              String key = ProfileNames.key(p.name());
              if (!known.contains(key)) {
                try {
                  lookup.apply(p.name()).ifPresent(o -> found.put(key, o));
                } catch (RuntimeException e) {
                  LOG.debug("No last build for {}", p.name(), e);
                }
              }
            }
          } catch (SlipwayException e) {
            ui.execute(() -> notice.set(Notice.of(e.getMessage())));
            return;
          }
          ui.execute(
              () -> {
                found.forEach(outcomes::putIfAbsent);
                listed(listing, keep);
              });
        });
  }

  private void listed(ProfileStore.Listing listing, String keep) {
    List<ProfileItem> unsaved = items.stream().filter(i -> !i.saved()).toList();
    List<ProfileItem> rows = new ArrayList<>();
    for (BuildProfile p : listing.profiles()) {
      rows.add(
          new ProfileItem(p, true, Optional.ofNullable(outcomes.get(ProfileNames.key(p.name())))));
    }
    for (ProfileItem u : unsaved) {
      if (rows.stream().noneMatch(r -> ProfileNames.same(r.name(), u.name()))) {
        rows.add(u);
      }
    }
    rows.sort(java.util.Comparator.comparing(r -> ProfileNames.key(r.name())));
    items.setAll(rows);
    loaded.set(true);
    if (!listing.problems().isEmpty()) {
      notice.set(
          Notice.of(
              listing.problems().size() == 1
                  ? "A profile file could not be loaded: " + listing.problems().get(0)
                  : listing.problems().size()
                      + " profile files could not be loaded; the first: "
                      + listing.problems().get(0)));
    }
    select(keep);
  }

  /** Selects the row with this name (ignoring case), if there is one. */
  public void select(String name) {
    if (name == null) {
      return;
    }
    items.stream()
        .filter(i -> ProfileNames.same(i.name(), name))
        .findFirst()
        .ifPresent(
            i -> {
              if (!shown.contains(i)) {
                filter.set("");
              }
              selected.set(i);
            });
  }

  /** A new, empty profile (not saved until it is valid and the user saves it), selected. */
  public BuildProfile createNew() {
    BuildProfile p = BuildProfile.builder(uniqueName("new-profile")).build();
    addUnsaved(p);
    return p;
  }

  private void addUnsaved(BuildProfile p) {
    ProfileItem item = new ProfileItem(p, false, Optional.empty());
    items.add(item);
    items.sort(java.util.Comparator.comparing(r -> ProfileNames.key(r.name())));
    filter.set("");
    selected.set(item);
  }

  /**
   * Saves a profile (atomically, via the store), renaming the saved one it was loaded as when its
   * name changed. {@code done} gets null on success, else the sentence to show. The selected row is
   * the one saved, and stays selected.
   */
  public void save(BuildProfile profile, String loadedAs, Consumer<String> done) {
    save(profile, loadedAs, selected.get(), true, done);
  }

  /**
   * Saves {@code profile}, the edited state of {@code row} (which was loaded as {@code loadedAs});
   * {@code select}: select it afterwards, else leave the selection where it is.
   */
  public void save(
      BuildProfile profile,
      String loadedAs,
      ProfileItem row,
      boolean select,
      Consumer<String> done) {
    boolean wasSaved =
        loadedAs != null
            && items.stream().anyMatch(i -> i.saved() && ProfileNames.same(i.name(), loadedAs));
    background.execute(
        () -> {
          String problem = null;
          try {
            if (wasSaved && !loadedAs.equals(profile.name())) {
              store.rename(loadedAs, profile.name());
            } else if (!wasSaved && store.find(profile.name()).isPresent()) {
              throw new SlipwayException(
                  "A profile named \""
                      + profile.name()
                      + "\" exists already. Choose another name.");
            }
            store.save(profile);
          } catch (SlipwayException e) {
            problem = e.getMessage();
          } catch (RuntimeException e) {
            LOG.error("Saving profile {} failed", profile.name(), e);
            problem = "Saving the profile failed. The details are in the log.";
          }
          String p = problem;
          ui.execute(
              () -> {
                // The editor learns first that its draft is saved: the list's changes below
                // must not look like unsaved edits being left behind.
                done.accept(p);
                if (p == null) {
                  int at = row == null ? -1 : items.indexOf(row);
                  if (at >= 0 && !row.saved()) {
                    ProfileItem saved = new ProfileItem(profile, true, row.last());
                    boolean wasSelected = selected.get() == row;
                    items.set(at, saved);
                    if (wasSelected) {
                      selected.set(saved);
                    }
                  }
                  reload(select ? profile.name() : null);
                }
              });
        });
  }

  /**
   * The selected row, when not saved yet, follows the editor's draft (its name, as typed). Returns
   * whether the row changed.
   */
  public boolean followDraft(BuildProfile draft) {
    ProfileItem item = selected.get();
    if (item == null || item.saved() || draft == null || item.profile().equals(draft)) {
      return false;
    }
    int at = items.indexOf(item);
    if (at < 0) {
      return false;
    }
    ProfileItem updated = item.withProfile(draft, false);
    selected.set(updated);
    items.set(at, updated);
    return true;
  }

  /** Copies the selected profile under a free name ("api copy"), selected. */
  public void duplicateSelected() {
    ProfileItem item = selected.get();
    if (item == null) {
      return;
    }
    String name = uniqueName(item.name() + " copy");
    if (!item.saved()) {
      addUnsaved(item.profile().withName(name));
      return;
    }
    run(
        () -> store.duplicate(item.name(), name),
        name,
        "Duplicated " + item.name() + " as " + name + ".");
  }

  /** Deletes the selected profile; the notification offers Undo, which saves it back. */
  public void deleteSelected() {
    ProfileItem item = selected.get();
    if (item == null) {
      return;
    }
    int index = items.indexOf(item);
    Runnable undo =
        () -> {
          notice.set(null);
          if (item.saved()) {
            run(() -> store.save(item.profile()), item.name(), "Restored " + item.name() + ".");
          } else {
            addUnsaved(item.profile());
          }
        };
    items.remove(item);
    if (!items.isEmpty()) {
      selected.set(items.get(Math.min(Math.max(0, index), items.size() - 1)));
    } else {
      selected.set(null);
    }
    if (!item.saved()) {
      notice.set(Notice.undoable("Removed " + item.name() + ".", undo));
      return;
    }
    background.execute(
        () -> {
          String problem = null;
          try {
            store.delete(item.name());
          } catch (SlipwayException e) {
            problem = e.getMessage();
          }
          String p = problem;
          ui.execute(
              () -> {
                if (p != null) {
                  notice.set(Notice.of(p));
                  reload(item.name());
                } else {
                  notice.set(Notice.undoable("Deleted " + item.name() + ".", undo));
                }
              });
        });
  }

  /** Imports a profile file; under a free name when its own is taken. Selects it. */
  public void importFile(Path file) {
    background.execute(
        () -> {
          String message;
          String name = null;
          try {
            BuildProfile read = ProfileJson.fromBytes(Files.readAllBytes(file));
            Optional<String> as =
                store.find(read.name()).isPresent()
                    ? Optional.of(freeName(read.name() + " imported"))
                    : Optional.empty();
            name = store.importFile(file, as).name();
            message = "Imported " + name + " from " + file.getFileName() + ".";
          } catch (SlipwayException e) {
            message = e.getMessage();
          } catch (java.io.IOException e) {
            message = "Cannot read " + file + " (" + e.getMessage() + "). Choose another file.";
          }
          String m = message;
          String n = name;
          ui.execute(
              () -> {
                notice.set(Notice.of(m));
                if (n != null) {
                  reload(n);
                }
              });
        });
  }

  /** Exports the selected (saved) profile to {@code file}. */
  public void exportSelected(Path file) {
    ProfileItem item = selected.get();
    if (item == null) {
      return;
    }
    if (!item.saved()) {
      notice.set(Notice.of("Save " + item.name() + " before exporting it."));
      return;
    }
    background.execute(
        () -> {
          String message;
          try {
            Path written = store.export(item.name(), file);
            message = "Exported " + item.name() + " to " + written + ".";
          } catch (SlipwayException e) {
            message = e.getMessage();
          }
          String m = message;
          ui.execute(() -> notice.set(Notice.of(m)));
        });
  }

  /**
   * Saves a profile made from a drop (or reuses the saved profile that already builds that
   * context), selects it and hands it to {@code then} on the UI thread.
   */
  public void adopt(BuildProfile made, Consumer<BuildProfile> then) {
    background.execute(
        () -> {
          BuildProfile result;
          try {
            Optional<BuildProfile> same =
                store.list().profiles().stream()
                    .filter(
                        p ->
                            p.context().equals(made.context())
                                && p.dockerfile().equals(made.dockerfile()))
                    .findFirst();
            if (same.isPresent()) {
              result = same.get();
            } else {
              result = made.withName(freeName(made.name()));
              store.save(result);
            }
          } catch (SlipwayException e) {
            String m = e.getMessage();
            ui.execute(() -> notice.set(Notice.of(m)));
            return;
          }
          BuildProfile r = result;
          ui.execute(
              () -> {
                reload(r.name());
                then.accept(r);
              });
        });
  }

  /** Records how a profile's build ended, for its row. */
  public void recordOutcome(FinishedBuild finished) {
    if (finished.profileName().isEmpty()) {
      return;
    }
    ProfileItem.Outcome outcome = new ProfileItem.Outcome(finished.state(), finished.duration());
    outcomes.put(ProfileNames.key(finished.profileName()), outcome);
    for (int i = 0; i < items.size(); i++) {
      ProfileItem item = items.get(i);
      if (ProfileNames.same(item.name(), finished.profileName())) {
        ProfileItem updated = item.withOutcome(outcome);
        boolean wasSelected = selected.get() == item;
        items.set(i, updated);
        if (wasSelected) {
          selected.set(updated);
        }
      }
    }
  }

  // ---- helpers

  private Optional<String> selectedName() {
    return Optional.ofNullable(selected.get()).map(ProfileItem::name);
  }

  private void run(Supplier<?> work, String select, String done) {
    background.execute(
        () -> {
          String message = done;
          try {
            work.get();
          } catch (SlipwayException e) {
            message = e.getMessage();
          }
          String m = message;
          ui.execute(
              () -> {
                notice.set(Notice.of(m));
                reload(select);
              });
        });
  }

  private void run(Runnable work, String select, String done) {
    run(
        () -> {
          work.run();
          return null;
        },
        select,
        done);
  }

  /** A name no row has: {@code base}, else {@code base-2}, {@code base-3}… (UI thread). */
  String uniqueName(String base) {
    String name = base;
    for (int i = 2; taken(name); i++) {
      name = base + "-" + i;
    }
    return name;
  }

  private boolean taken(String name) {
    return items.stream().anyMatch(i -> ProfileNames.same(i.name(), name));
  }

  /** A name no saved profile has (reads the store: worker thread). */
  private String freeName(String base) {
    String name = base;
    for (int i = 2; store.find(name).isPresent(); i++) {
      name = base + "-" + i;
    }
    return name;
  }

  private void applyFilter() {
    String f = filter.get() == null ? "" : filter.get().strip().toLowerCase(Locale.ROOT);
    ProfileItem keep = selected.get();
    shown.setPredicate(
        f.isEmpty()
            ? i -> true
            : i ->
                i.name().toLowerCase(Locale.ROOT).contains(f)
                    || i.subtitle().toLowerCase(Locale.ROOT).contains(f)
                    || i.profile().tags().stream()
                        .anyMatch(t -> t.toLowerCase(Locale.ROOT).contains(f)));
    if (keep != null && !shown.contains(keep)) {
      // the selection stays (the editor keeps the profile); the list just does not show it
      selected.set(keep);
    }
  }
}
