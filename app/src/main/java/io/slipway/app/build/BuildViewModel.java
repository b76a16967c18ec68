package io.slipway.app.build;

import io.slipway.app.fx.FxEventBatcher;
import io.slipway.app.main.DurationFormat;
import io.slipway.core.SlipwayException;
import io.slipway.core.build.BuildEvent;
import io.slipway.core.build.BuildEvent.BuildFinished;
import io.slipway.core.build.BuildListener;
import io.slipway.core.build.BuildStatus;
import io.slipway.core.history.HistoryEntry;
import io.slipway.core.history.HistoryStore;
import io.slipway.core.timeline.RowState;
import io.slipway.core.timeline.TimelineLog;
import io.slipway.core.timeline.TimelineRow;
import io.slipway.core.timeline.TimelineSnapshot;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The build view's state: one build's timeline (live or reopened from the history), the log of the
 * selected row, the summary, the failure and the log search.
 *
 * <p>Plain JavaFX properties, no controls and no toolkit: every public method is called on the UI
 * thread. A live build's events arrive on the builder's thread ({@link #attach}), are folded there
 * into a {@link io.slipway.core.timeline.BuildTimeline}, and reach the UI thread as one snapshot
 * per pulse. Whatever blocks (history files, the log file, the engine) runs on {@code background}
 * and comes back through {@code ui}.
 */
public final class BuildViewModel {

  private static final Logger LOG = LoggerFactory.getLogger(BuildViewModel.class);

  /** Where the view stands. */
  public enum Phase {
    /** Nothing shown yet. */
    EMPTY,
    /** A live build runs. */
    RUNNING,
    /** A finished build: just now, or reopened from the history. */
    FINISHED
  }

  // ---- collaborators
  private final Executor background;
  private final Executor ui;
  private final FxEventBatcher.Scheduler scheduler;
  private final Clock clock;
  private final LongSupplier nanoClock;
  private ImageInspector inspector = ImageInspector.NONE;
  private volatile HistoryStore history;
  private volatile Consumer<HistoryEntry> onSaved = e -> {};

  // ---- the build
  private final ReadOnlyObjectWrapper<TimelineSnapshot> snapshot = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(Phase.EMPTY);
  private final ReadOnlyStringWrapper headline = new ReadOnlyStringWrapper("No build yet");
  private final ReadOnlyStringWrapper clockText = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper("");
  private final ObjectProperty<String> selectedRowId = new SimpleObjectProperty<>(this, "row");

  // ---- the log
  private final ReadOnlyObjectWrapper<LogLines> shownLines =
      new ReadOnlyObjectWrapper<>(new LogLines(TimelineSnapshotHolder.EMPTY_LOG));
  private final ReadOnlyStringWrapper logTitle = new ReadOnlyStringWrapper("Build log");
  private final StringProperty searchQuery = new SimpleStringProperty(this, "search", "");
  private final ReadOnlyStringWrapper searchStatus = new ReadOnlyStringWrapper("");
  private final ReadOnlyIntegerWrapper currentMatch = new ReadOnlyIntegerWrapper(-1);
  private final ReadOnlyIntegerWrapper searchGeneration = new ReadOnlyIntegerWrapper();
  private int[] matches = new int[0];
  private int matchPosition = -1;
  private int searchedSize;

  // ---- summary and failure
  private final ReadOnlyObjectWrapper<BuildStatus> outcome = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyStringWrapper summaryTitle = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper totalTime = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper stepsText = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper cacheText = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper imageId = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper imageIdShort = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper imageSize = new ReadOnlyStringWrapper("");
  private final ObservableList<String> tags = FXCollections.observableArrayList();
  private final ObservableList<String> tagsView = FXCollections.unmodifiableObservableList(tags);
  private final ReadOnlyStringWrapper dockerRunCommand = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<Path> contextDir = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyStringWrapper failureText = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper dockerfileLine = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();

  // ---- UI-thread-only state
  private int generation;
  private Live live;
  private Live lastLive;
  private Path dockerfile;
  private String buildName;
  private String shownRow;
  private int shownGeneration = -1;

  /** Holds the empty log the view starts with. */
  private static final class TimelineSnapshotHolder {
    static final TimelineLog EMPTY_LOG =
        new io.slipway.core.timeline.BuildTimeline().snapshot().log();
  }

  /**
   * @param background runs blocking work (disk, engine)
   * @param ui runs a task on the UI thread, later
   * @param scheduler schedules the per-pulse snapshot on the UI thread
   * @param clock ticks the running clock
   */
  public BuildViewModel(
      Executor background, Executor ui, FxEventBatcher.Scheduler scheduler, Clock clock) {
    this(background, ui, scheduler, clock, System::nanoTime);
  }

  BuildViewModel(
      Executor background,
      Executor ui,
      FxEventBatcher.Scheduler scheduler,
      Clock clock,
      LongSupplier nanoClock) {
    this.background = Objects.requireNonNull(background);
    this.ui = Objects.requireNonNull(ui);
    this.scheduler = Objects.requireNonNull(scheduler);
    this.clock = Objects.requireNonNull(clock);
    this.nanoClock = Objects.requireNonNull(nanoClock);
    selectedRowId.addListener((o, was, now) -> refreshLog());
    searchQuery.addListener((o, was, now) -> search());
  }

  // =================================================================================== wiring

  /** Asks the engine for the built image's size (off the UI thread). */
  public void setImageInspector(ImageInspector inspector) {
    this.inspector = Objects.requireNonNull(inspector);
  }

  /**
   * Saves every live build that finishes into {@code store} (off the UI thread); {@code onSaved}
   * then runs on the UI thread with the new entry. Null stops saving.
   */
  public void setHistory(HistoryStore store, Consumer<HistoryEntry> onSaved) {
    this.history = store;
    this.onSaved = onSaved == null ? e -> {} : onSaved;
  }

  // =================================================================================== commands

  /**
   * Shows a new live build and returns the listener to give the builder ({@code
   * BuilderService.start(request, listener)}). Events may then arrive on any one thread at a time.
   *
   * @param profile the profile's name, under which the finished build is saved to the history
   * @param contextDir the context folder (for "open the folder"), or null
   * @param dockerfile the Dockerfile (to show a failing step's line), or null
   * @param builder which builder runs it, for the history; or null
   */
  public BuildListener attach(String profile, Path contextDir, Path dockerfile, String builder) {
    reset(contextDir, dockerfile);
    buildName = profile;
    live = new Live(generation, profile, builder, contextDir, dockerfile);
    lastLive = live;
    phase.set(Phase.RUNNING);
    headline.set(
        (profile == null || profile.isBlank() ? "" : profile + " · ") + "Starting the build…");
    return live;
  }

  /**
   * Shows the last attached live build again (after another build was shown meanwhile), if it is
   * {@code profile}'s; its events kept being folded (and it is saved when it ends) either way.
   *
   * @return whether it is shown
   */
  public boolean showLive(String profile) {
    Live l = lastLive;
    if (l == null || profile == null || !profile.equals(l.profile)) {
      return false;
    }
    if (live == l && l.liveGeneration == generation) {
      return true;
    }
    reset(l.contextDir, l.dockerfile);
    buildName = profile;
    l.liveGeneration = generation;
    l.delivered = null;
    live = l;
    phase.set(Phase.RUNNING);
    headline.set(profile + " · Building…");
    l.signal.request();
    return true;
  }

  /** Shows a finished build, e.g. one reopened from the history. */
  public void showTimeline(TimelineSnapshot build, Path contextDir, Path dockerfile) {
    showTimeline(build, contextDir, dockerfile, null);
  }

  /**
   * Shows a finished build under {@code name} (a profile's, say); null names it by its first tag.
   */
  public void showTimeline(TimelineSnapshot build, Path contextDir, Path dockerfile, String name) {
    reset(contextDir, dockerfile);
    buildName = name != null ? name : build.tags().isEmpty() ? null : build.tags().get(0);
    show(build);
  }

  /** Shows a finished build without its source folder. */
  public void showTimeline(TimelineSnapshot build) {
    showTimeline(build, null, null);
  }

  /** Shows nothing. */
  public void clear() {
    reset(null, null);
    phase.set(Phase.EMPTY);
    headline.set("No build yet");
  }

  /** Shows the whole build's log rather than a row's. */
  public void showWholeLog() {
    selectedRowId.set(null);
  }

  private void reset(Path context, Path dockerfile) {
    generation++;
    buildName = null;
    live = null;
    this.dockerfile = dockerfile;
    contextDir.set(context);
    snapshot.set(null);
    selectedRowId.set(null);
    shownRow = null;
    shownGeneration = -1;
    shownLines.set(new LogLines(TimelineSnapshotHolder.EMPTY_LOG));
    logTitle.set("Build log");
    outcome.set(null);
    summaryTitle.set("");
    totalTime.set("");
    stepsText.set("");
    cacheText.set("");
    imageId.set("");
    imageIdShort.set("");
    imageSize.set("");
    tags.clear();
    dockerRunCommand.set("");
    failureText.set("");
    dockerfileLine.set("");
    message.set("");
    clockText.set("");
    progressText.set("");
    clearSearchResults();
  }

  /** Moves the running clock; the view calls it a few times a second. */
  public void tick() {
    TimelineSnapshot s = snapshot.get();
    if (s == null || s.start().isEmpty()) {
      return;
    }
    Duration d = s.finished() ? s.wallTime() : Duration.between(s.start().get(), clock.instant());
    clockText.set(DurationFormat.format(d.isNegative() ? Duration.ZERO : d));
  }

  // =================================================================================== live build

  /**
   * Folds one build's events on the builder's thread and hands snapshots to the UI once a pulse.
   *
   * <p>The timeline is written under a lock by the builder's thread. While events stream, that
   * thread also takes a snapshot itself once a pulse (cheap: no copy of the log) and publishes it;
   * the UI thread only picks up the latest one, so a builder printing flat out never makes the UI
   * thread wait. When the stream pauses, the UI thread takes the last snapshot itself, with {@code
   * tryLock} only: it never blocks on the builder.
   */
  private final class Live implements BuildListener {
    private int liveGeneration; // UI thread
    private final String profile;
    private final String builder;
    private final Path contextDir;
    private final Path dockerfile;
    private final io.slipway.core.timeline.BuildTimeline timeline =
        new io.slipway.core.timeline.BuildTimeline();
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicReference<TimelineSnapshot> published = new AtomicReference<>();
    private final PulseSignal signal;
    private volatile boolean dirty;
    private long lastPublishNanos; // under the lock
    private TimelineSnapshot delivered; // UI thread

    Live(int liveGeneration, String profile, String builder, Path contextDir, Path dockerfile) {
      this.liveGeneration = liveGeneration;
      this.profile = profile;
      this.builder = builder;
      this.contextDir = contextDir;
      this.dockerfile = dockerfile;
      this.signal =
          new PulseSignal(scheduler, nanoClock, FxEventBatcher.PULSE_NANOS, this::deliver);
    }

    /** On the builder's thread. */
    @Override
    public void onEvent(BuildEvent event) {
      TimelineSnapshot last = null;
      lock.lock();
      try {
        timeline.accept(event);
        long now = nanoClock.getAsLong();
        if (event instanceof BuildFinished) {
          last = timeline.snapshot();
          publish(last, now);
        } else if (now - lastPublishNanos >= FxEventBatcher.PULSE_NANOS) {
          publish(timeline.snapshot(), now);
        } else {
          dirty = true;
        }
      } finally {
        lock.unlock();
      }
      if (last != null && history != null && profile != null) {
        save(history, last);
      }
      signal.request();
    }

    /** Under the lock. */
    private void publish(TimelineSnapshot s, long now) {
      published.set(s);
      lastPublishNanos = now;
      dirty = false;
    }

    private void save(HistoryStore store, TimelineSnapshot finished) {
      Consumer<HistoryEntry> saved = onSaved;
      background.execute(
          () -> {
            try {
              HistoryEntry entry = store.save(profile, finished, builder);
              ui.execute(() -> saved.accept(entry));
            } catch (SlipwayException e) {
              LOG.warn("The build was not saved to the history: {}", e.getMessage());
              ui.execute(() -> message.set(e.getMessage()));
            } catch (RuntimeException e) {
              LOG.error("Saving the build to the history failed", e);
            }
          });
    }

    /** On the UI thread, once a pulse at most. */
    private void deliver() {
      if (live != this || liveGeneration != generation) {
        return;
      }
      if (dirty && lock.tryLock()) {
        try {
          publish(timeline.snapshot(), nanoClock.getAsLong());
        } finally {
          lock.unlock();
        }
      }
      TimelineSnapshot s = published.get();
      if (s != null && s != delivered) {
        delivered = s;
        show(s);
      }
      if (dirty) {
        signal.request(); // the builder holds the lock: look again next pulse
      }
    }
  }

  // =================================================================================== showing

  private void show(TimelineSnapshot s) {
    TimelineSnapshot was = snapshot.get();
    snapshot.set(s);
    boolean justFinished = s.finished() && (was == null || !was.finished());
    phase.set(s.finished() ? Phase.FINISHED : Phase.RUNNING);
    if (!s.finished()) {
      String doing = s.rows().isEmpty() ? "Starting the build…" : "Building…";
      headline.set(buildName == null || buildName.isBlank() ? doing : buildName + " · " + doing);
      long running = s.rows().stream().filter(r -> r.state() == RowState.RUNNING).count();
      long ended = s.rows().stream().filter(r -> r.countsAsStep() && r.end().isPresent()).count();
      progressText.set(
          ended
              + " of "
              + s.steps()
              + " steps done"
              + (running > 0 ? " · " + running + " running" : ""));
    }
    refreshLog();
    if (justFinished) {
      onFinished(s);
    }
    tick();
    if (!searchQuery.get().isEmpty() && s.finished() && justFinished) {
      search();
    }
  }

  private void onFinished(TimelineSnapshot s) {
    BuildStatus status = s.status().orElseThrow();
    outcome.set(status);
    String title =
        switch (status) {
          case SUCCEEDED -> "Build succeeded";
          case FAILED -> "Build failed";
          case CANCELLED -> "Build cancelled";
        };
    summaryTitle.set(title);
    headline.set(buildName == null || buildName.isBlank() ? title : buildName + " · " + title);
    progressText.set("");
    totalTime.set(DurationFormat.format(s.wallTime()));
    stepsText.set(Integer.toString(s.steps()));
    cacheText.set(
        s.steps() == 0
            ? "no steps"
            : s.cachedSteps()
                + " of "
                + s.steps()
                + " ("
                + Math.round(s.cacheHitRatio() * 100)
                + "%)");
    tags.setAll(s.tags());
    s.imageId()
        .ifPresent(
            id -> {
              imageId.set(id);
              imageIdShort.set(shortId(id));
              String ref = s.tags().isEmpty() ? shortId(id) : s.tags().get(0);
              dockerRunCommand.set("docker run --rm -it " + ref);
              askSize(id);
            });
    if (status == BuildStatus.FAILED) {
      Optional<TimelineRow> failed = s.firstFailure();
      if (failed.isPresent()) {
        TimelineRow row = failed.get();
        String number = row.index() >= 0 ? "#" + row.index() + " " : "";
        failureText.set(
            "Step "
                + number
                + "failed"
                + row.exitCode().map(c -> " with exit code " + c).orElse("")
                + row.error().map(e -> ": " + e).orElse("."));
        selectedRowId.set(row.id());
        row.dockerfileLine().ifPresent(this::showDockerfileLine);
      } else {
        failureText.set(s.error().orElse("The build failed."));
      }
    }
  }

  private void askSize(String id) {
    int gen = generation;
    ImageInspector asked = inspector;
    background.execute(
        () -> {
          OptionalLong size;
          try {
            size = asked.size(id);
          } catch (Exception e) {
            LOG.debug("Could not ask the engine for the size of {}", id, e);
            size = OptionalLong.empty();
          }
          OptionalLong answer = size;
          ui.execute(
              () -> {
                if (gen == generation && answer.isPresent()) {
                  imageSize.set(humanBytes(answer.getAsLong()));
                }
              });
        });
  }

  private void showDockerfileLine(int line) {
    Path file = dockerfile;
    dockerfileLine.set("Dockerfile line " + line);
    if (file == null) {
      return;
    }
    int gen = generation;
    background.execute(
        () -> {
          String text = readLine(file, line);
          if (text != null) {
            ui.execute(
                () -> {
                  if (gen == generation) {
                    dockerfileLine.set(file.getFileName() + ":" + line + "  " + text.strip());
                  }
                });
          }
        });
  }

  /** A Dockerfile's line (from 1); null when it cannot be read. Touches the disk. */
  static String readLine(Path file, int line) {
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.skip(line - 1L).findFirst().orElse(null);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private void refreshLog() {
    TimelineSnapshot s = snapshot.get();
    String row = selectedRowId.get();
    if (s == null) {
      return;
    }
    TimelineLog log = row == null ? s.log() : s.log(row);
    if (Objects.equals(row, shownRow) && shownGeneration == generation) {
      shownLines.get().update(log);
    } else {
      shownRow = row;
      shownGeneration = generation;
      shownLines.set(new LogLines(log));
      clearSearchResults();
      if (!searchQuery.get().isEmpty()) {
        search();
      }
    }
    String count =
        String.format(Locale.ROOT, "%,d", log.size()) + (log.size() == 1 ? " line" : " lines");
    if (row == null) {
      logTitle.set("Whole build · " + count);
    } else {
      TimelineRow r = s.row(row).orElse(null);
      String name = r == null ? row : (r.index() >= 0 ? "#" + r.index() + " " : "") + r.name();
      logTitle.set(name + " · " + count);
    }
  }

  // =================================================================================== search

  private void clearSearchResults() {
    matches = new int[0];
    matchPosition = -1;
    searchedSize = 0;
    currentMatch.set(-1);
    searchStatus.set("");
    searchGeneration.set(searchGeneration.get() + 1);
  }

  /** Searches the shown log for the query, off the UI thread. */
  private void search() {
    String query = searchQuery.get();
    if (query == null || query.isEmpty()) {
      clearSearchResults();
      return;
    }
    TimelineLog log = shownLines.get().log();
    int gen = searchGeneration.get() + 1;
    searchGeneration.set(gen);
    searchStatus.set("Searching…");
    background.execute(
        () -> {
          int[] found = log.search(query, false);
          ui.execute(
              () -> {
                if (gen != searchGeneration.get()) {
                  return;
                }
                matches = found;
                searchedSize = log.size();
                matchPosition = found.length == 0 ? -1 : 0;
                publishMatch();
                searchGeneration.set(gen + 1); // cells repaint their highlight
              });
        });
  }

  private void publishMatch() {
    currentMatch.set(matchPosition < 0 ? -1 : matches[matchPosition]);
    searchStatus.set(
        matches.length == 0
            ? "No match"
            : (matchPosition + 1) + " of " + String.format(Locale.ROOT, "%,d", matches.length));
  }

  /** Moves to the next match (wrapping); searches again first if the log grew. */
  public void searchNext() {
    step(+1);
  }

  public void searchPrevious() {
    step(-1);
  }

  private void step(int direction) {
    if (searchQuery.get().isEmpty()) {
      return;
    }
    if (shownLines.get().size() != searchedSize) {
      search();
      return;
    }
    if (matches.length == 0) {
      return;
    }
    matchPosition = Math.floorMod(matchPosition + direction, matches.length);
    publishMatch();
  }

  /** Whether line {@code index} of the shown log matches the search. */
  public boolean isMatch(int index) {
    return matches.length > 0 && Arrays.binarySearch(matches, index) >= 0;
  }

  // =================================================================================== copy, save

  /** Up to this many lines are copied on the UI thread; more are read off it. */
  static final int COPY_ON_UI_THREAD = 2_000;

  /**
   * Hands the text of lines {@code first..last} (inclusive) of the shown log, escape codes removed,
   * to {@code sink} on the UI thread: at once for a few lines, else read off the UI thread.
   */
  public void text(int first, int last, Consumer<String> sink) {
    TimelineLog log = shownLines.get().log();
    int from = Math.max(0, first);
    int to = Math.min(log.size() - 1, last);
    if (to - from < COPY_ON_UI_THREAD) {
      sink.accept(read(log, from, to));
      return;
    }
    busy.set(true);
    background.execute(
        () -> {
          String text = read(log, from, to);
          ui.execute(
              () -> {
                busy.set(false);
                sink.accept(text);
              });
        });
  }

  private static String read(TimelineLog log, int from, int to) {
    StringBuilder b = new StringBuilder();
    for (int i = from; i <= to; i++) {
      b.append(AnsiText.strip(log.text(i))).append('\n');
    }
    return b.toString();
  }

  /** Hands the whole shown log's text to {@code sink} on the UI thread; built off it. */
  public void wholeLogText(Consumer<String> sink) {
    TimelineLog log = shownLines.get().log();
    busy.set(true);
    background.execute(
        () -> {
          String text = read(log, 0, log.size() - 1);
          ui.execute(
              () -> {
                busy.set(false);
                sink.accept(text);
              });
        });
  }

  /** Writes the shown log to {@code file} (plain text, escape codes removed), off the UI thread. */
  public void saveLog(Path file) {
    TimelineLog log = shownLines.get().log();
    busy.set(true);
    message.set("Saving the log…");
    background.execute(
        () -> {
          String result;
          try {
            Path temp =
                Files.createTempFile(file.toAbsolutePath().getParent(), ".slipway-log", ".tmp");
            try (BufferedWriter w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
              for (int i = 0; i < log.size(); i++) {
                w.write(AnsiText.strip(log.text(i)));
                w.write('\n');
              }
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            result =
                "Saved "
                    + String.format(Locale.ROOT, "%,d", log.size())
                    + (log.size() == 1 ? " line" : " lines")
                    + " to "
                    + file
                    + ".";
          } catch (IOException e) {
            result =
                "Cannot save the log to " + file + ": " + e.getMessage() + ". Pick another place.";
          }
          String done = result;
          ui.execute(
              () -> {
                busy.set(false);
                message.set(done);
              });
        });
  }

  /** A suggested file name for saving the shown log. */
  public String suggestedLogFileName() {
    String row = selectedRowId.get();
    return row == null ? "build.log" : "step-" + row.replaceAll("[^A-Za-z0-9]+", "-") + ".log";
  }

  // =================================================================================== helpers

  static String shortId(String id) {
    String hex = id.startsWith("sha256:") ? id.substring(7) : id;
    return hex.length() > 12 ? hex.substring(0, 12) : hex;
  }

  static String humanBytes(long bytes) {
    if (bytes < 1000) {
      return bytes + " B";
    }
    String[] units = {"kB", "MB", "GB", "TB"};
    double v = bytes;
    int u = -1;
    while (v >= 1000 && u < units.length - 1) {
      v /= 1000;
      u++;
    }
    return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
  }

  // =================================================================================== properties

  public ReadOnlyObjectProperty<TimelineSnapshot> snapshotProperty() {
    return snapshot.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<Phase> phaseProperty() {
    return phase.getReadOnlyProperty();
  }

  /** "Building…", "Build succeeded", "No build yet". */
  public ReadOnlyStringProperty headlineProperty() {
    return headline.getReadOnlyProperty();
  }

  /** The running clock, then the wall time: "12.4s". */
  public ReadOnlyStringProperty clockTextProperty() {
    return clockText.getReadOnlyProperty();
  }

  /** "3 of 7 steps done · 2 running" while a build runs. */
  public ReadOnlyStringProperty progressTextProperty() {
    return progressText.getReadOnlyProperty();
  }

  /** The row whose log is shown; null for the whole build. */
  public ObjectProperty<String> selectedRowIdProperty() {
    return selectedRowId;
  }

  /** The shown log, as a list a virtualised view reads. */
  public ReadOnlyObjectProperty<LogLines> shownLinesProperty() {
    return shownLines.getReadOnlyProperty();
  }

  /** "#4 [2/3] RUN make · 1,234 lines". */
  public ReadOnlyStringProperty logTitleProperty() {
    return logTitle.getReadOnlyProperty();
  }

  public StringProperty searchQueryProperty() {
    return searchQuery;
  }

  /** "3 of 12", "No match", or empty. */
  public ReadOnlyStringProperty searchStatusProperty() {
    return searchStatus.getReadOnlyProperty();
  }

  /** The shown log's line index of the current match; -1 for none. */
  public ReadOnlyIntegerProperty currentMatchProperty() {
    return currentMatch.getReadOnlyProperty();
  }

  /** Changes whenever the set of matches changes (cells repaint their highlight). */
  public ReadOnlyIntegerProperty searchGenerationProperty() {
    return searchGeneration.getReadOnlyProperty();
  }

  /** How the shown build ended; null while it runs or when none. */
  public ReadOnlyObjectProperty<BuildStatus> outcomeProperty() {
    return outcome.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty summaryTitleProperty() {
    return summaryTitle.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty totalTimeProperty() {
    return totalTime.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty stepsTextProperty() {
    return stepsText.getReadOnlyProperty();
  }

  /** "3 of 7 cached (43%)". */
  public ReadOnlyStringProperty cacheTextProperty() {
    return cacheText.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty imageIdProperty() {
    return imageId.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty imageIdShortProperty() {
    return imageIdShort.getReadOnlyProperty();
  }

  /** "12 MB", once the engine answered. */
  public ReadOnlyStringProperty imageSizeProperty() {
    return imageSize.getReadOnlyProperty();
  }

  public ObservableList<String> tags() {
    return tagsView;
  }

  public ReadOnlyStringProperty dockerRunCommandProperty() {
    return dockerRunCommand.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<Path> contextDirProperty() {
    return contextDir.getReadOnlyProperty();
  }

  /** "Step #4 [2/3] RUN make failed: … (exit code 2)". */
  public ReadOnlyStringProperty failureTextProperty() {
    return failureText.getReadOnlyProperty();
  }

  /** "Dockerfile:12 RUN make", or "Dockerfile line 12" when the file cannot be read. */
  public ReadOnlyStringProperty dockerfileLineProperty() {
    return dockerfileLine.getReadOnlyProperty();
  }

  /** A sentence about the last action (saved, could not save); empty for none. */
  public ReadOnlyStringProperty messageProperty() {
    return message.getReadOnlyProperty();
  }

  /** Whether a copy or save is under way. */
  public ReadOnlyBooleanProperty busyProperty() {
    return busy.getReadOnlyProperty();
  }
}
