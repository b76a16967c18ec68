package io.slipway.app.history;

import io.slipway.core.SlipwayException;
import io.slipway.core.history.BuildComparison;
import io.slipway.core.history.HistoryEntry;
import io.slipway.core.history.HistoryStore;
import io.slipway.core.timeline.TimelineSnapshot;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The history of one profile: its past builds (when, outcome, duration, cached share), newest
 * first; one opened to see its timeline and log; two compared step by step.
 *
 * <p>Plain properties, no toolkit; every public method on the UI thread. The store is read on
 * {@code background} and the results come back through {@code ui}.
 */
public final class HistoryViewModel {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryViewModel.class);

  /** What the detail side shows. */
  public enum Detail {
    NONE,
    BUILD,
    COMPARISON
  }

  private final HistoryStore store;
  private final Executor background;
  private final Executor ui;
  private final Clock clock;
  private final CompareViewModel compare = new CompareViewModel();
  private BiConsumer<HistoryEntry, TimelineSnapshot> onOpen = (e, s) -> {};

  private final StringProperty profile = new SimpleStringProperty(this, "profile", "");
  private final ObservableList<HistoryItem> items = FXCollections.observableArrayList();
  private final ObservableList<HistoryItem> selection = FXCollections.observableArrayList();
  private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("History");
  private final ReadOnlyObjectWrapper<Detail> detail = new ReadOnlyObjectWrapper<>(Detail.NONE);
  private final ReadOnlyObjectWrapper<HistoryItem> opened = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<TimelineSnapshot> openedBuild = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyBooleanWrapper canOpen = new ReadOnlyBooleanWrapper();
  private final ReadOnlyBooleanWrapper canCompare = new ReadOnlyBooleanWrapper();
  private final ReadOnlyBooleanWrapper canDelete = new ReadOnlyBooleanWrapper();
  private int generation;

  public HistoryViewModel(HistoryStore store, Executor background, Executor ui, Clock clock) {
    this.store = Objects.requireNonNull(store);
    this.background = Objects.requireNonNull(background);
    this.ui = Objects.requireNonNull(ui);
    this.clock = Objects.requireNonNull(clock);
    profile.addListener((o, was, now) -> refresh());
    canOpen.bind(Bindings.size(selection).isEqualTo(1));
    canCompare.bind(Bindings.size(selection).isEqualTo(2));
    canDelete.bind(Bindings.isNotEmpty(selection));
  }

  /** Called on the UI thread with each build the user opens (e.g. to show it in the Build tab). */
  public void setOnOpen(BiConsumer<HistoryEntry, TimelineSnapshot> onOpen) {
    this.onOpen = onOpen == null ? (e, s) -> {} : onOpen;
  }

  /** The profile whose builds are listed; setting it lists them. */
  public StringProperty profileProperty() {
    return profile;
  }

  /** Lists the profile's builds again (after a build was saved, say). */
  public void refresh() {
    String name = profile.get();
    int gen = ++generation;
    title.set(name == null || name.isBlank() ? "History" : "History of " + name);
    if (name == null || name.isBlank()) {
      items.clear();
      return;
    }
    loading.set(true);
    background.execute(
        () -> {
          List<HistoryItem> listed;
          String problem = "";
          try {
            listed = store.list(name).stream().map(e -> HistoryItem.of(e, clock)).toList();
          } catch (SlipwayException e) {
            listed = List.of();
            problem = e.getMessage();
          }
          List<HistoryItem> result = listed;
          String error = problem;
          ui.execute(
              () -> {
                if (gen != generation) {
                  return;
                }
                loading.set(false);
                message.set(error);
                items.setAll(result);
                selection.retainAll(result);
              });
        });
  }

  /** The list's selection, set by the view. */
  public void select(List<HistoryItem> selected) {
    selection.setAll(selected);
  }

  /** Opens the one selected build. */
  public void openSelected() {
    if (selection.size() == 1) {
      open(selection.get(0));
    }
  }

  /** Reads a build (off the UI thread) and shows it. */
  public void open(HistoryItem item) {
    loading.set(true);
    int gen = ++generation;
    background.execute(
        () -> {
          TimelineSnapshot build;
          try {
            build = store.open(item.entry());
          } catch (SlipwayException e) {
            ui.execute(() -> failed(gen, e.getMessage()));
            return;
          } catch (RuntimeException e) {
            LOG.error("Opening a build from the history failed", e);
            ui.execute(
                () ->
                    failed(gen, "Slipway could not read that build. The details are in the log."));
            return;
          }
          ui.execute(
              () -> {
                if (gen != generation) {
                  return;
                }
                loading.set(false);
                message.set("");
                opened.set(item);
                openedBuild.set(build);
                detail.set(Detail.BUILD);
                onOpen.accept(item.entry(), build);
              });
        });
  }

  /** Compares the two selected builds, the older one first. */
  public void compareSelected() {
    if (selection.size() != 2) {
      return;
    }
    List<HistoryItem> two =
        selection.stream().sorted(Comparator.comparing(i -> i.entry().start())).toList();
    compare(two.get(0), two.get(1));
  }

  /** Reads both builds (off the UI thread) and compares them. */
  public void compare(HistoryItem before, HistoryItem after) {
    loading.set(true);
    int gen = ++generation;
    background.execute(
        () -> {
          BuildComparison c;
          try {
            c = BuildComparison.of(store.open(before.entry()), store.open(after.entry()));
          } catch (SlipwayException e) {
            ui.execute(() -> failed(gen, e.getMessage()));
            return;
          }
          ui.execute(
              () -> {
                if (gen != generation) {
                  return;
                }
                loading.set(false);
                message.set("");
                compare.show(c, before.label(), after.label());
                detail.set(Detail.COMPARISON);
              });
        });
  }

  /** Removes the selected builds from the history (off the UI thread), then lists again. */
  public void deleteSelected() {
    List<HistoryItem> gone = List.copyOf(selection);
    if (gone.isEmpty()) {
      return;
    }
    background.execute(
        () -> {
          String problem = "";
          for (HistoryItem item : gone) {
            try {
              store.delete(item.entry());
            } catch (SlipwayException e) {
              problem = e.getMessage();
            }
          }
          String error = problem;
          ui.execute(
              () -> {
                if (opened.get() != null && gone.contains(opened.get())) {
                  opened.set(null);
                  openedBuild.set(null);
                  detail.set(Detail.NONE);
                }
                selection.clear();
                refresh();
                message.set(error);
              });
        });
  }

  private void failed(int gen, String why) {
    if (gen != generation) {
      return;
    }
    loading.set(false);
    message.set(why);
  }

  public ObservableList<HistoryItem> items() {
    return FXCollections.unmodifiableObservableList(items);
  }

  public CompareViewModel compare() {
    return compare;
  }

  public ReadOnlyBooleanProperty loadingProperty() {
    return loading.getReadOnlyProperty();
  }

  /** A sentence when something could not be read or removed; empty otherwise. */
  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  /** "History of api-server". */
  public ReadOnlyStringProperty titleProperty() {
    return title.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<Detail> detailProperty() {
    return detail.getReadOnlyProperty();
  }

  /** The build last opened. */
  public ReadOnlyObjectProperty<HistoryItem> openedProperty() {
    return opened.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<TimelineSnapshot> openedBuildProperty() {
    return openedBuild.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty canOpenProperty() {
    return canOpen.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty canCompareProperty() {
    return canCompare.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty canDeleteProperty() {
    return canDelete.getReadOnlyProperty();
  }
}
