package io.slipway.app.main;

import io.slipway.app.engine.EngineConnector;
import io.slipway.app.engine.EngineSession;
import io.slipway.app.engine.EngineText;
import io.slipway.app.fx.FxEventBatcher;
import io.slipway.core.SlipwayException;
import io.slipway.core.build.BuildEvent.BuildFinished;
import io.slipway.core.build.BuildEvent.LogLine;
import io.slipway.core.build.BuildEvent.StepProgress;
import io.slipway.core.build.BuildHandle;
import io.slipway.core.build.BuildListener;
import io.slipway.core.build.BuildRequest;
import io.slipway.core.build.BuildResult;
import io.slipway.core.build.BuildStatus;
import io.slipway.core.build.BuilderService;
import io.slipway.core.build.ImageReference;
import io.slipway.core.engine.EngineInfo;
import io.slipway.core.profile.BuildProfile;
import io.slipway.core.profile.EngineChoice;
import io.slipway.core.profile.OutputSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of the main window and what it can do: the engine, and running a build (start, cancel,
 * how it ended). What a build shows (its timeline, log and summary) is the build view's: each
 * profile build's events go to the {@link BuildObserver} as they come.
 *
 * <p>Plain JavaFX properties, no controls and no toolkit: every method is called on the UI thread,
 * and whatever blocks (the engine, the disk, the builder) runs on the injected {@code background}
 * executor and comes back through the injected {@code ui} executor. The few build events this model
 * needs (not the log) arrive on the builder's thread and come back batched through an {@link
 * FxEventBatcher}.
 */
public final class MainViewModel implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MainViewModel.class);

  public static final String CONNECTING_TEXT = "Connecting to the Docker engine…";
  static final String INTERNAL_ERROR =
      "Slipway hit an internal error and stopped the build. The details are in the log.";
  static final String ENGINE_NEEDED =
      "The Docker engine is not reachable, so Slipway cannot build yet. See the status bar for"
          + " the fix, then press Retry.";

  // ---- collaborators
  private final EngineConnector connector;
  private final Executor background;
  private final Executor ui;
  private final FxEventBatcher.Scheduler batchScheduler;
  private final FxEventBatcher.Scheduler engineTimer;
  private final Clock clock;
  private final String home = System.getProperty("user.home", "");

  // ---- inputs
  private final StringProperty dockerfile =
      new SimpleStringProperty(this, "dockerfile", BuildRequest.DEFAULT_DOCKERFILE);
  private final StringProperty tag = new SimpleStringProperty(this, "tag", "");
  private final StringProperty output = new SimpleStringProperty(this, "output", "");
  private final ObjectProperty<BuildProfile> profile = new SimpleObjectProperty<>(this, "profile");
  private final StringProperty buildBlocker = new SimpleStringProperty(this, "buildBlocker", "");

  // ---- the folder
  private final ReadOnlyObjectWrapper<Path> contextDir = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyStringWrapper folderName = new ReadOnlyStringWrapper("No folder chosen");
  private final ReadOnlyStringWrapper folderPath = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper tagProblem = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper dockerfileProblem = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper windowTitle = new ReadOnlyStringWrapper("Slipway");

  // ---- the engine
  private final ReadOnlyObjectWrapper<EngineState> engineState =
      new ReadOnlyObjectWrapper<>(EngineState.CONNECTING);
  private final ReadOnlyStringWrapper engineText = new ReadOnlyStringWrapper(CONNECTING_TEXT);
  private final ReadOnlyStringWrapper engineDetail = new ReadOnlyStringWrapper("");
  private final ReadOnlyStringWrapper builderText = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<EngineInfo> engineInfo = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyStringWrapper engineWarning = new ReadOnlyStringWrapper("");
  private final ReadOnlyObjectWrapper<FinishedBuild> lastFinished = new ReadOnlyObjectWrapper<>();
  private final ReadOnlyStringWrapper builtProfile = new ReadOnlyStringWrapper("");

  // ---- the build
  private final ReadOnlyObjectWrapper<BuildState> buildState =
      new ReadOnlyObjectWrapper<>(BuildState.IDLE);
  // ---- feedback
  private final ReadOnlyStringWrapper errorMessage = new ReadOnlyStringWrapper("");

  // ---- commands
  private final ReadOnlyBooleanWrapper canBuild = new ReadOnlyBooleanWrapper();
  private final ReadOnlyBooleanWrapper canCancel = new ReadOnlyBooleanWrapper();

  // ---- UI-thread-only state
  private volatile EngineSession session;
  private int engineGeneration;
  private int reconnectAttempts;
  private String buildingProfile;
  private int buildGeneration;
  private int dockerfileCheckGeneration;
  private BuildHandle handle;
  private boolean cancelRequested;
  private boolean finishSeen;
  private Instant buildStartedAt;
  // The listener the build observer gave for the running build (told of a result without an end).
  private BuildListener watcher;

  /**
   * @param connector connects to the engine (called on {@code background})
   * @param background runs blocking work: engine, disk, starting builds
   * @param ui runs a task on the UI thread (later)
   * @param batchScheduler schedules batched event drains on the UI thread
   * @param clock ticks running durations
   */
  public MainViewModel(
      EngineConnector connector,
      Executor background,
      Executor ui,
      FxEventBatcher.Scheduler batchScheduler,
      Clock clock) {
    this(connector, background, ui, batchScheduler, null, clock);
  }

  /**
   * @param engineTimer runs a task on the UI thread after a delay: the engine is pinged every few
   *     seconds while connected, and reconnected with backoff while it is not; null for neither
   */
  public MainViewModel(
      EngineConnector connector,
      Executor background,
      Executor ui,
      FxEventBatcher.Scheduler batchScheduler,
      FxEventBatcher.Scheduler engineTimer,
      Clock clock) {
    this.connector = Objects.requireNonNull(connector);
    this.background = Objects.requireNonNull(background);
    this.ui = Objects.requireNonNull(ui);
    this.batchScheduler = Objects.requireNonNull(batchScheduler);
    this.engineTimer = engineTimer;
    this.clock = Objects.requireNonNull(clock);

    tag.addListener(
        (o, was, now) ->
            tagProblem.set(
                now == null || now.isBlank()
                    ? ""
                    : Objects.requireNonNullElse(ImageReference.problem(now.strip()), "")));
    dockerfile.addListener((o, was, now) -> checkDockerfile());
    canBuild.bind(
        Bindings.createBooleanBinding(
            () ->
                (contextDir.get() != null || profile.get() != null)
                    && engineState.get() == EngineState.READY
                    && !buildState.get().active()
                    && tagProblem.get().isEmpty()
                    && (profile.get() == null || buildBlocker.get().isEmpty()),
            contextDir,
            profile,
            buildBlocker,
            engineState,
            buildState,
            tagProblem));
    canCancel.bind(
        Bindings.createBooleanBinding(
            () -> buildState.get() == BuildState.STARTING || buildState.get() == BuildState.RUNNING,
            buildState));
  }

  /**
   * A built image's size from the connected engine; empty while none is connected. Blocks: call it
   * off the UI thread.
   */
  public java.util.OptionalLong imageSize(String imageId) {
    EngineSession s = session;
    return s == null ? java.util.OptionalLong.empty() : s.link().imageSize(imageId);
  }

  /** What schedules the UI thread's per-pulse work (for views that batch events as this does). */
  public FxEventBatcher.Scheduler pulseScheduler() {
    return batchScheduler;
  }

  // =====================================================================================
  // Properties

  /**
   * The profile Build builds; when set it wins over the chosen folder. Set by the window from the
   * profile editor's draft.
   */
  public ObjectProperty<BuildProfile> profileProperty() {
    return profile;
  }

  /** Why the profile cannot be built as it stands (its first problem); empty when it can. */
  public StringProperty buildBlockerProperty() {
    return buildBlocker;
  }

  /** What the engine said when it was reached; null while it is not. */
  public ReadOnlyObjectProperty<EngineInfo> engineInfoProperty() {
    return engineInfo.getReadOnlyProperty();
  }

  /** A warning about the connection (plain TCP to another machine); empty when there is none. */
  public ReadOnlyStringProperty engineWarningProperty() {
    return engineWarning.getReadOnlyProperty();
  }

  /** The last build that finished, for the sidebar and the background notification. */
  public ReadOnlyObjectProperty<FinishedBuild> lastFinishedProperty() {
    return lastFinished.getReadOnlyProperty();
  }

  /** The profile whose build the steps and log show; empty for a folder or none. */
  public ReadOnlyStringProperty builtProfileProperty() {
    return builtProfile.getReadOnlyProperty();
  }

  /** A finished build: the profile it built (empty for a folder), how it ended, how long it ran. */
  public record FinishedBuild(String profileName, BuildState state, Duration duration) {}

  /** The Dockerfile, relative to the folder (or absolute). */
  public StringProperty dockerfileProperty() {
    return dockerfile;
  }

  /** The tag to give the image; blank for none. */
  public StringProperty tagProperty() {
    return tag;
  }

  /**
   * Where the result goes, in {@code --output}'s syntax ({@code type=local,dest=out}, {@code
   * type=tar,dest=out.tar}, {@code type=cacheonly}); blank for the image. A relative destination is
   * relative to the context folder. Needs the BuildKit builder.
   */
  public StringProperty outputProperty() {
    return output;
  }

  public ReadOnlyObjectProperty<Path> contextDirProperty() {
    return contextDir.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty folderNameProperty() {
    return folderName.getReadOnlyProperty();
  }

  /** The folder's path for display, the home folder written "~". */
  public ReadOnlyStringProperty folderPathProperty() {
    return folderPath.getReadOnlyProperty();
  }

  /** Why the tag is invalid, as a sentence; empty when it is fine. */
  public ReadOnlyStringProperty tagProblemProperty() {
    return tagProblem.getReadOnlyProperty();
  }

  /** Why the Dockerfile cannot be used (checked off the UI thread); empty when it is fine. */
  public ReadOnlyStringProperty dockerfileProblemProperty() {
    return dockerfileProblem.getReadOnlyProperty();
  }

  public ReadOnlyStringProperty windowTitleProperty() {
    return windowTitle.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<EngineState> engineStateProperty() {
    return engineState.getReadOnlyProperty();
  }

  /** One line: the engine's versions and address, "Connecting…", or what is wrong. */
  public ReadOnlyStringProperty engineTextProperty() {
    return engineText.getReadOnlyProperty();
  }

  /** The whole message when the engine is unavailable (what was tried, how to fix it). */
  public ReadOnlyStringProperty engineDetailProperty() {
    return engineDetail.getReadOnlyProperty();
  }

  /** Which builder runs the builds ("Builder: classic"); empty until the engine answered. */
  public ReadOnlyStringProperty builderTextProperty() {
    return builderText.getReadOnlyProperty();
  }

  public ReadOnlyObjectProperty<BuildState> buildStateProperty() {
    return buildState.getReadOnlyProperty();
  }

  /** A sentence to show in the error banner; empty when there is none. */
  public ReadOnlyStringProperty errorMessageProperty() {
    return errorMessage.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty canBuildProperty() {
    return canBuild.getReadOnlyProperty();
  }

  public ReadOnlyBooleanProperty canCancelProperty() {
    return canCancel.getReadOnlyProperty();
  }

  // =====================================================================================
  // Engine

  /** Connects (again) to the engine, off the UI thread. Ignored while a build runs. */
  public void connectEngine() {
    if (buildState.get().active()) {
      return;
    }
    int generation = ++engineGeneration;
    EngineSession old = session;
    session = null;
    engineState.set(EngineState.CONNECTING);
    engineText.set(CONNECTING_TEXT);
    engineDetail.set("");
    builderText.set("");
    engineInfo.set(null);
    engineWarning.set("");
    background.execute(
        () -> {
          if (old != null) {
            old.close();
          }
          EngineSession connected;
          try {
            connected = connector.connect();
          } catch (SlipwayException e) {
            LOG.info("No engine: {}", e.getMessage());
            ui.execute(() -> engineFailed(generation, e.getMessage()));
            return;
          } catch (RuntimeException e) {
            LOG.error("Connecting to the engine failed", e);
            ui.execute(
                () ->
                    engineFailed(
                        generation,
                        "Slipway could not talk to the Docker engine. The details are in the"
                            + " log."));
            return;
          }
          boolean plainTcp = connected.link().plainRemoteTcp();
          ui.execute(() -> engineConnected(generation, connected, plainTcp));
        });
  }

  private void engineConnected(int generation, EngineSession connected, boolean plainTcp) {
    if (generation != engineGeneration) {
      background.execute(connected::close);
      return;
    }
    session = connected;
    reconnectAttempts = 0;
    engineInfo.set(connected.info());
    engineWarning.set(
        plainTcp
            ? "This engine is reached over unencrypted TCP: anyone on the network can read the"
                + " traffic and control the engine. Use TLS (a certificate folder in Settings) or"
                + " ssh://."
            : "");
    engineText.set(EngineText.describe(connected.info()));
    engineDetail.set("");
    builderText.set("Builder: " + connected.builderLabel());
    engineState.set(EngineState.READY);
    if (errorMessage.get().equals(ENGINE_NEEDED)) {
      errorMessage.set("");
    }
    schedulePing(generation);
  }

  /** Seconds between pings of a connected engine. */
  static final long PING_SECONDS = 5;

  /** The longest wait between reconnect attempts. */
  static final long MAX_BACKOFF_SECONDS = 30;

  /** 1, 2, 4, 8, 16, 30, 30… seconds. */
  static long backoffSeconds(int attempt) {
    return Math.min(MAX_BACKOFF_SECONDS, 1L << Math.min(attempt, 5));
  }

  private void schedulePing(int generation) {
    if (engineTimer == null) {
      return;
    }
    engineTimer.schedule(() -> ping(generation), PING_SECONDS * 1_000_000_000L);
  }

  private void ping(int generation) {
    EngineSession s = session;
    if (generation != engineGeneration || s == null) {
      return;
    }
    if (buildState.get().active()) {
      schedulePing(generation); // the build reports a lost engine itself
      return;
    }
    background.execute(
        () -> {
          try {
            s.link().ping();
            ui.execute(() -> schedulePing(generation));
          } catch (RuntimeException e) {
            LOG.info("The engine stopped answering: {}", e.getMessage());
            String message =
                e instanceof SlipwayException && e.getMessage() != null
                    ? e.getMessage()
                    : "The Docker engine stopped answering.";
            ui.execute(
                () -> {
                  if (generation == engineGeneration && session == s) {
                    session = null;
                    background.execute(s::close);
                    engineFailed(generation, message);
                  }
                });
          }
        });
  }

  private void scheduleReconnect(int generation) {
    if (engineTimer == null) {
      return;
    }
    long delay = backoffSeconds(reconnectAttempts++);
    engineTimer.schedule(
        () -> {
          if (generation == engineGeneration
              && engineState.get() == EngineState.UNAVAILABLE
              && !buildState.get().active()) {
            int attempts = reconnectAttempts;
            connectEngine();
            reconnectAttempts = attempts;
          }
        },
        delay * 1_000_000_000L);
  }

  private void engineFailed(int generation, String message) {
    if (generation != engineGeneration) {
      return;
    }
    engineText.set(EngineText.firstLine(message));
    engineDetail.set(message == null ? "" : message.strip());
    engineInfo.set(null);
    engineWarning.set("");
    engineState.set(EngineState.UNAVAILABLE);
    scheduleReconnect(generation);
  }

  /**
   * Prunes the engine's build cache off the UI thread; {@code done} gets a sentence (what was
   * reclaimed, or what went wrong) on the UI thread.
   */
  public void pruneBuildCache(boolean all, java.util.function.Consumer<String> done) {
    EngineSession s = session;
    if (s == null || engineState.get() != EngineState.READY) {
      done.accept("The Docker engine is not reachable, so there is no cache to prune now.");
      return;
    }
    background.execute(
        () -> {
          String sentence;
          try {
            var result = s.link().pruneBuildCache(all);
            int n = result.cachesDeleted().size();
            sentence =
                n == 0 && result.spaceReclaimed() == 0
                    ? "The build cache had nothing to prune."
                    : "Pruned "
                        + n
                        + (n == 1 ? " cache entry" : " cache entries")
                        + " and reclaimed "
                        + io.slipway.core.HumanUnits.bytes(result.spaceReclaimed())
                        + ".";
          } catch (SlipwayException e) {
            sentence = e.getMessage();
          } catch (RuntimeException e) {
            LOG.error("Pruning the build cache failed", e);
            sentence = "Pruning the build cache failed. The details are in the log.";
          }
          String s2 = sentence;
          ui.execute(() -> done.accept(s2));
        });
  }

  // =====================================================================================
  // Folder

  /** Sets the folder to build; the tag becomes its default, the Dockerfile "Dockerfile". */
  public void chooseFolder(Path dir) {
    if (buildState.get().active()) {
      errorMessage.set("A build is running. Cancel it before choosing another folder.");
      return;
    }
    Path abs = dir.toAbsolutePath().normalize();
    resetBuild();
    errorMessage.set("");
    contextDir.set(abs);
    folderName.set(nameOf(abs));
    folderPath.set(displayPath(abs));
    windowTitle.set("Slipway — " + nameOf(abs));
    tag.set(ImageReference.defaultTag(nameOf(abs)));
    if (BuildRequest.DEFAULT_DOCKERFILE.equals(dockerfile.get())) {
      checkDockerfile();
    } else {
      dockerfile.set(BuildRequest.DEFAULT_DOCKERFILE); // checks through the listener
    }
  }

  private void checkDockerfile() {
    Path dir = contextDir.get();
    int generation = ++dockerfileCheckGeneration;
    if (dir == null) {
      dockerfileProblem.set("");
      return;
    }
    String name = dockerfileName();
    background.execute(
        () -> {
          String problem = dockerfileProblem(dir, name);
          ui.execute(
              () -> {
                if (generation == dockerfileCheckGeneration) {
                  dockerfileProblem.set(problem);
                }
              });
        });
  }

  /** Touches the disk: call off the UI thread. */
  static String dockerfileProblem(Path dir, String name) {
    if (!Files.isDirectory(dir)) {
      return "This folder is gone. Choose it again, or another one.";
    }
    Path file = dir.resolve(name);
    if (Files.isRegularFile(file)) {
      return "";
    }
    if (Files.isDirectory(file)) {
      return "\"" + name + "\" is a folder. Name the Dockerfile to use.";
    }
    return "There is no " + name + " in this folder. Add one, or name the Dockerfile to use.";
  }

  private String dockerfileName() {
    String name = dockerfile.get() == null ? "" : dockerfile.get().strip();
    return name.isEmpty() ? BuildRequest.DEFAULT_DOCKERFILE : name;
  }

  // =====================================================================================
  // Build

  /** Starts a build of the profile (or else the folder), if one can start now. */
  public void build() {
    if (!canBuild.get()) {
      if ((contextDir.get() != null || profile.get() != null)
          && engineState.get() != EngineState.READY
          && !buildState.get().active()) {
        errorMessage.set(ENGINE_NEEDED);
      } else if (profile.get() != null
          && !buildBlocker.get().isEmpty()
          && !buildState.get().active()) {
        errorMessage.set(buildBlocker.get());
      }
      return;
    }
    if (profile.get() != null) {
      buildProfile(profile.get());
      return;
    }
    buildingProfile = null;
    builtProfile.set("");
    BuildRequest request;
    try {
      BuildRequest.Builder b = BuildRequest.builder(contextDir.get()).dockerfile(dockerfileName());
      String t = tag.get() == null ? "" : tag.get().strip();
      if (!t.isEmpty()) {
        b.tag(t);
      }
      outputSpec().ifPresent(b::output);
      request = b.build();
    } catch (SlipwayException e) {
      errorMessage.set(e.getMessage());
      return;
    }
    resetBuild();
    errorMessage.set("");
    int generation = ++buildGeneration;
    buildStartedAt = clock.instant();
    buildState.set(BuildState.STARTING);
    BuilderService builder = session.builder();
    // Carries the builder's events and, last, the result future's outcome.
    FxEventBatcher<Object> batcher =
        new FxEventBatcher<>(
            batchScheduler,
            batch -> {
              if (generation == buildGeneration) {
                apply(batch);
              }
            });
    background.execute(
        () -> {
          BuildHandle started;
          try {
            started = builder.start(request, forModel(batcher));
          } catch (SlipwayException e) {
            LOG.info("The build did not start: {}", e.getMessage());
            ui.execute(() -> startFailed(generation, e.getMessage()));
            return;
          } catch (RuntimeException e) {
            LOG.error("The builder failed to start the build", e);
            ui.execute(() -> startFailed(generation, INTERNAL_ERROR));
            return;
          }
          ui.execute(() -> buildStarted(generation, started));
          started.result().whenComplete((r, ex) -> batcher.offer(new ResultArrived(r, ex)));
        });
  }

  /**
   * Builds a profile: its request and builder are made off the UI thread (the request's checks read
   * the disk); a profile the builders cannot run yet is refused with the reason as a sentence.
   */
  private void buildProfile(BuildProfile p) {
    resetBuild();
    errorMessage.set("");
    int generation = ++buildGeneration;
    buildingProfile = p.name();
    builtProfile.set(p.name());
    buildStartedAt = clock.instant();
    buildState.set(BuildState.STARTING);
    EngineSession s = session;
    FxEventBatcher<Object> batcher =
        new FxEventBatcher<>(
            batchScheduler,
            batch -> {
              if (generation == buildGeneration) {
                apply(batch);
              }
            });
    BuildListener watcher = buildObserver == null ? null : buildObserver.started(p);
    this.watcher = watcher;
    // A profile that names its own engine builds there, on a connection of its own.
    boolean ownEngine = !(p.engine() instanceof EngineChoice.Default);
    background.execute(
        () -> {
          BuildHandle started;
          EngineSession use = s;
          try {
            BuildRequest request = p.toRequestBuilder().build();
            if (ownEngine) {
              use = connector.connect(p.engine());
            }
            BuilderService builder = use.link().builderFor(p.builder()).service();
            started = builder.start(request, both(forModel(batcher), watcher));
          } catch (SlipwayException e) {
            LOG.info("The build did not start: {}", e.getMessage());
            closeOwn(ownEngine, use);
            ui.execute(() -> startFailed(generation, e.getMessage()));
            return;
          } catch (RuntimeException e) {
            LOG.error("The builder failed to start the build", e);
            closeOwn(ownEngine, use);
            ui.execute(() -> startFailed(generation, INTERNAL_ERROR));
            return;
          }
          ui.execute(() -> buildStarted(generation, started));
          EngineSession used = use;
          started
              .result()
              .whenComplete(
                  (r, ex) -> {
                    batcher.offer(new ResultArrived(r, ex));
                    closeOwn(ownEngine, used);
                  });
        });
  }

  /**
   * Something else that watches each profile's build (the build view, the history): told on the UI
   * thread when a build starts; its listener then gets every event, on the builder's thread.
   */
  @FunctionalInterface
  public interface BuildObserver {
    /** A listener for the build of {@code profile} that starts now; null to skip it. */
    BuildListener started(BuildProfile profile);
  }

  private BuildObserver buildObserver;

  public void setBuildObserver(BuildObserver observer) {
    this.buildObserver = observer;
  }

  /**
   * What this model needs of a build's events: that it runs, and how it ends. Log lines (the bulk)
   * stay with the observer.
   */
  private static BuildListener forModel(FxEventBatcher<Object> batcher) {
    return event -> {
      if (!(event instanceof LogLine) && !(event instanceof StepProgress)) {
        batcher.offer(event);
      }
    };
  }

  /** Events to the window first; a failing observer never breaks the build. */
  private static BuildListener both(BuildListener window, BuildListener other) {
    if (other == null) {
      return window;
    }
    return event -> {
      window.onEvent(event);
      try {
        other.onEvent(event);
      } catch (RuntimeException e) {
        LOG.error("A build observer failed on {}", event.getClass().getSimpleName(), e);
      }
    };
  }

  private static void closeOwn(boolean own, EngineSession session) {
    if (own && session != null) {
      session.close();
    }
  }

  /** The output field as a spec, its destination made absolute against the context folder. */
  private java.util.Optional<OutputSpec> outputSpec() {
    String text = output.get() == null ? "" : output.get().strip();
    if (text.isEmpty()) {
      return java.util.Optional.empty();
    }
    OutputSpec spec = OutputSpec.parse(text);
    spec.problem()
        .ifPresent(
            p -> {
              throw new SlipwayException("Output: " + p);
            });
    if (spec.dest().filter("-"::equals).isPresent()) {
      throw new SlipwayException(
          "Output: the window has no standard output to write a tar to. Give dest=FILE.");
    }
    return java.util.Optional.of(
        spec.dest().isEmpty()
            ? spec
            : new OutputSpec(
                spec.type(),
                java.util.Optional.of(
                    contextDir.get().resolve(spec.dest().get()).normalize().toString())));
  }

  /** Asks the running build to stop; the builder confirms with a final event. */
  public void cancel() {
    if (!canCancel.get()) {
      return;
    }
    cancelRequested = true;
    buildState.set(BuildState.CANCELLING);
    BuildHandle h = handle;
    if (h != null) {
      background.execute(h::cancel);
    }
  }

  private void startFailed(int generation, String message) {
    if (generation != buildGeneration) {
      return;
    }
    watcher = null;
    buildState.set(BuildState.IDLE);
    errorMessage.set(message);
  }

  private void buildStarted(int generation, BuildHandle started) {
    if (generation != buildGeneration || finishSeen) {
      return;
    }
    handle = started;
    if (cancelRequested) {
      background.execute(started::cancel);
    } else if (buildState.get() == BuildState.STARTING) {
      buildState.set(BuildState.RUNNING);
    }
  }

  private void resetBuild() {
    handle = null;
    cancelRequested = false;
    finishSeen = false;
    watcher = null;
    buildStartedAt = null;
    if (buildState.get().finished()) {
      buildState.set(BuildState.IDLE);
    }
  }

  /**
   * Not a builder event: the result future completed. It ends the build only if the builder's own
   * {@link BuildFinished} never came (the contract says it always does).
   */
  private record ResultArrived(BuildResult result, Throwable failure) {}

  // package-private for tests: apply one batch of events on the UI thread
  void apply(List<?> batch) {
    for (Object item : batch) {
      if (buildState.get() == BuildState.STARTING) {
        buildState.set(BuildState.RUNNING);
      }
      if (item instanceof BuildFinished e) {
        finishSeen = true;
        onBuildFinished(e);
      } else if (item instanceof ResultArrived r && !finishSeen) {
        finishSeen = true;
        BuildFinished end = finishedFrom(r);
        BuildListener w = watcher;
        onBuildFinished(end);
        if (w != null) {
          // The builder is done with its listener: the observer gets the end it never sent.
          try {
            w.onEvent(end);
          } catch (RuntimeException ex) {
            LOG.error("A build observer failed on the end of the build", ex);
          }
        }
      }
    }
  }

  private void onBuildFinished(BuildFinished e) {
    buildState.set(
        switch (e.status()) {
          case SUCCEEDED -> BuildState.SUCCEEDED;
          case FAILED -> BuildState.FAILED;
          case CANCELLED -> BuildState.CANCELLED;
        });
    handle = null;
    cancelRequested = false;
    watcher = null;
    Duration total = e.duration();
    if (total == null || (total.isZero() && buildStartedAt != null)) {
      total = Duration.between(buildStartedAt, clock.instant());
    }
    lastFinished.set(
        new FinishedBuild(buildingProfile == null ? "" : buildingProfile, buildState.get(), total));
  }

  private BuildFinished finishedFrom(ResultArrived r) {
    Instant now = clock.instant();
    Duration elapsed =
        buildStartedAt == null ? Duration.ZERO : Duration.between(buildStartedAt, now);
    if (r.failure() != null) {
      Throwable cause =
          r.failure() instanceof CompletionException && r.failure().getCause() != null
              ? r.failure().getCause()
              : r.failure();
      String message;
      if (cause instanceof SlipwayException se) {
        message = se.getMessage();
      } else {
        LOG.error("The build failed unexpectedly", cause);
        message = INTERNAL_ERROR;
      }
      return new BuildFinished(
          now,
          BuildStatus.FAILED,
          elapsed,
          Optional.empty(),
          Optional.of(message),
          Optional.empty());
    }
    BuildResult res = r.result();
    return new BuildFinished(
        now, res.status(), res.duration(), res.imageId(), res.error(), res.exitCode());
  }

  // =====================================================================================
  // Feedback and lifetime

  /** Shows a sentence in the error banner. */
  public void showError(String sentence) {
    errorMessage.set(sentence == null ? "" : sentence);
  }

  public void dismissError() {
    errorMessage.set("");
  }

  /** Cancels a running build and closes the engine connection (off the UI thread). */
  @Override
  public void close() {
    engineGeneration++;
    buildGeneration++;
    BuildHandle h = handle;
    EngineSession s = session;
    handle = null;
    session = null;
    if (h != null || s != null) {
      background.execute(
          () -> {
            if (h != null) {
              h.cancel();
            }
            if (s != null) {
              s.close();
            }
          });
    }
  }

  private static String nameOf(Path path) {
    Path name = path.getFileName();
    return name == null ? path.toString() : name.toString();
  }

  private String displayPath(Path path) {
    String p = path.toString();
    if (!home.isEmpty() && (p.equals(home) || p.startsWith(home + java.io.File.separator))) {
      return "~" + p.substring(home.length());
    }
    return p;
  }
}
