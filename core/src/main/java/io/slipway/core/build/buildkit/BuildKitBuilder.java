package io.slipway.core.build.buildkit;

import com.github.dockerjava.transport.DockerHttpClient;
import io.slipway.core.SlipwayException;
import io.slipway.core.build.BaseImages;
import io.slipway.core.build.BuildContext;
import io.slipway.core.build.BuildEvent;
import io.slipway.core.build.BuildEvent.BuildFinished;
import io.slipway.core.build.BuildExchange;
import io.slipway.core.build.BuildHandle;
import io.slipway.core.build.BuildListener;
import io.slipway.core.build.BuildQuery;
import io.slipway.core.build.BuildRequest;
import io.slipway.core.build.BuildRequestChecks;
import io.slipway.core.build.BuildResult;
import io.slipway.core.build.BuildStatus;
import io.slipway.core.build.BuilderService;
import io.slipway.core.build.BuilderThreads;
import io.slipway.core.build.ContextBody;
import io.slipway.core.build.DockerfileLines;
import io.slipway.core.build.ImageIdFile;
import io.slipway.core.build.RegistryAccess;
import io.slipway.core.build.SerialListener;
import io.slipway.core.build.buildkit.session.SessionBuild;
import io.slipway.core.build.buildkit.session.SessionKeys;
import io.slipway.core.context.ContextException;
import io.slipway.core.engine.Engine;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The BuildKit (v2) builder. Where the engine offers sessions (API 1.39+), a build goes through
 * {@link SessionBuild}: {@code POST /build?version=2&remote=client-session} with the context, the
 * Dockerfile, registry credentials, secrets, ssh agents and outputs served to BuildKit over the
 * session (a tar archive context is uploaded alongside). Otherwise the context is streamed as a tar
 * body (the engine serves it to BuildKit as "load remote build context"), private base images are
 * pulled first, and a warning says so. Either way the progress is decoded by {@link
 * BuildKitTraceDecoder} into the same {@link BuildEvent}s as the classic builder's.
 *
 * <p>Every build is sent with a {@code buildid}; cancel asks the engine to stop that build ({@code
 * POST /build/cancel}), which ends the stream within moments with each running step marked
 * cancelled, and closes the connection if the stream has not ended by then. The session ends with
 * the build. BuildKit runs its steps in its own containers, which it removes itself: nothing is
 * left to clean up.
 */
public final class BuildKitBuilder implements BuilderService {

  /** After asking the engine to cancel, how long the stream may take to end by itself. */
  static final Duration CANCEL_GRACE = Duration.ofMillis(1200);

  /** The network modes BuildKit accepts ("" is the default). */
  private static final Set<String> NETWORK_MODES = Set.of("default", "host", "none");

  private static final Logger log = LoggerFactory.getLogger(BuildKitBuilder.class);

  private final Engine engine;
  private final RegistryAccess registries;
  private final Map<String, String> environment;
  private final Clock clock;
  private final ExecutorService executor;
  private final SessionKeys sessionKeys;

  /**
   * Set to 0 to send the context as a tar instead of through a session (for comparisons; builds
   * with secrets, ssh or a local/tar output then fail).
   */
  public static final String SESSION_VARIABLE = "SLIPWAY_BUILDKIT_SESSION";

  public BuildKitBuilder(Engine engine) {
    this(engine, System.getenv(), Clock.systemUTC());
  }

  /**
   * @param environment where {@code --build-arg NAME} without a value takes its value from
   */
  public BuildKitBuilder(Engine engine, Map<String, String> environment, Clock clock) {
    this(engine, environment, clock, RegistryAccess.fromEnvironment(environment));
  }

  /**
   * @param registries the credentials builds may use for private base images
   */
  public BuildKitBuilder(
      Engine engine, Map<String, String> environment, Clock clock, RegistryAccess registries) {
    this(
        engine,
        environment,
        clock,
        registries,
        SessionKeys.forUser(environment, Path.of(System.getProperty("user.home"))));
  }

  /**
   * @param sessionKeys where the session's shared key comes from (kept per context folder)
   */
  public BuildKitBuilder(
      Engine engine,
      Map<String, String> environment,
      Clock clock,
      RegistryAccess registries,
      SessionKeys sessionKeys) {
    this.sessionKeys = sessionKeys;
    this.registries = registries;
    this.engine = engine;
    this.environment = Map.copyOf(environment);
    this.clock = clock;
    this.executor = BuilderThreads.pool("buildkit");
  }

  @Override
  public String name() {
    return "BuildKit";
  }

  @Override
  public BuildHandle start(BuildRequest request, BuildListener listener) {
    checkNetwork(request);
    BuildContext context = BuildRequestChecks.check(request, environment);
    ImageIdFile.removeStale(request);
    Run run = new Run(request, context, new SerialListener(listener));
    executor.execute(run::execute);
    return run;
  }

  /** Refuses, before anything is sent, a network mode the engine would refuse for BuildKit. */
  static void checkNetwork(BuildRequest request) {
    request
        .network()
        .filter(n -> !NETWORK_MODES.contains(n))
        .ifPresent(
            n -> {
              throw new SlipwayException(
                  "BuildKit cannot build with --network "
                      + n
                      + ": it runs steps only in the default network, the host's (--network"
                      + " host) or none (--network none). Pick one of those, or build with the"
                      + " classic builder.");
            });
  }

  /** Query parameters of {@code POST /build}: the docker CLI's, then BuildKit's own. */
  static BuildQuery buildQuery(
      BuildRequest request, String dockerfile, Map<String, String> environment, String buildId) {
    return BuildQuery.of(request, dockerfile, environment)
        .add("version", "2")
        .add("buildid", buildId);
  }

  /** One build: the handle given to the caller and the work done on the executor. */
  private final class Run implements BuildHandle {
    private final String id = UUID.randomUUID().toString();
    private final BuildRequest request;
    private final BuildContext context;
    private final SerialListener listener;
    private final CompletableFuture<BuildResult> result = new CompletableFuture<>();
    private volatile BuildExchange exchange;
    private volatile boolean cancelRequested;
    private volatile SessionBuild session;

    Run(BuildRequest request, BuildContext context, SerialListener listener) {
      this.request = request;
      this.context = context;
      this.listener = listener;
    }

    @Override
    public String id() {
      return id;
    }

    @Override
    public CompletableFuture<BuildResult> result() {
      return result;
    }

    @Override
    public synchronized void cancel() {
      if (result.isDone() || cancelRequested) {
        return;
      }
      cancelRequested = true;
      context.cancel();
      BuildExchange ex = exchange;
      if (ex != null && !ex.uploaded()) {
        // The engine answers nothing before it has the whole context: stop sending it.
        ex.close();
      }
      executor.execute(this::cancelOnEngine);
    }

    /** Asks the engine to stop the build, then gives the stream a moment to end by itself. */
    private void cancelOnEngine() {
      try (DockerHttpClient.Response r =
          engine
              .http()
              .execute(
                  DockerHttpClient.Request.builder()
                      .method(DockerHttpClient.Request.Method.POST)
                      .path(
                          engine.apiPath(
                              "/build/cancel?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8)))
                      .build())) {
        if (r.getStatusCode() / 100 != 2) {
          log.debug("POST /build/cancel for {}: HTTP {}", id, r.getStatusCode());
        }
        result.get(CANCEL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException | ExecutionException | RuntimeException e) {
        log.debug("Build {} did not end on the engine's cancel; closing the connection", id, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        BuildExchange ex = exchange;
        if (ex != null) {
          ex.close();
        }
        SessionBuild s = session;
        if (s != null) {
          s.abort();
        }
      }
    }

    /**
     * The session for this build, or null to send the context as a tar: the engine cannot do
     * sessions (said in a warning), or they are turned off.
     */
    private SessionBuild openSession(ContextBody body) {
      if ("0".equals(environment.get(SESSION_VARIABLE))) {
        if (request.needsSession()) {
          throw new SlipwayException(
              "--secret, --ssh and --output local/tar need a BuildKit session, which "
                  + SESSION_VARIABLE
                  + "=0 turns off. Unset it to build.");
        }
        return null;
      }
      try {
        return SessionBuild.open(
            engine, request, body, registries, environment, sessionKeys, executor, listener, clock);
      } catch (SessionBuild.UnavailableException e) {
        if (request.needsSession()) {
          throw new SlipwayException(
              "This build needs a BuildKit session (--secret, --ssh or --output local/tar), but "
                  + e.getMessage()
                  + ". Update the Docker engine, or build without them.");
        }
        log.info(
            "No BuildKit session for build {}: {}; sending the context as a tar",
            id,
            e.getMessage());
        listener.onEvent(
            new BuildEvent.Warning(
                clock.instant(),
                Optional.empty(),
                "No BuildKit session: "
                    + e.getMessage()
                    + ". Sending the whole context as a tar instead (no incremental transfer)."));
        return null;
      }
    }

    private Map<String, String> resolvedBuildArgs() {
      Map<String, String> args = new java.util.HashMap<>();
      for (io.slipway.core.build.BuildArg arg : request.buildArgs()) {
        arg.resolve(environment).ifPresent(v -> args.put(arg.name(), v));
      }
      return args;
    }

    void execute() {
      try (context) {
        executeWith(context);
      }
    }

    private void executeWith(BuildContext context) {
      Instant started = clock.instant();
      BuildKitTraceDecoder decoder = new BuildKitTraceDecoder(clock, listener, List.of());
      Optional<String> failure = Optional.empty();
      Optional<Integer> exitCode = Optional.empty();
      BuildStatus status;
      try {
        ContextBody body = context.fetch(listener, clock);
        List<DockerfileLines.Instruction> instructions = body.instructions();
        decoder = new BuildKitTraceDecoder(clock, listener, instructions);
        SessionBuild opened = openSession(body);
        if (opened != null) {
          // The context, credentials, secrets and outputs go through the session; BuildKit
          // pulls private base images itself with the session's credentials.
          try (opened) {
            session = opened;
            if (cancelRequested) {
              throw new IOException("cancelled");
            }
            opened.run(
                opened.query(buildQuery(request, opened.dockerfileName(), environment, id)),
                id,
                BuildKitTraceDecoder.TRACE_ID,
                decoder);
          }
        } else {
          // Without a session BuildKit cannot authenticate: pull private base images first.
          new BaseImagePuller(engine, registries, clock, listener)
              .prePull(
                  BaseImages.of(instructions, resolvedBuildArgs()),
                  request.pull(),
                  request.platform());
          BuildExchange ex =
              new BuildExchange(engine, body, request.compression(), clock, listener, executor);
          exchange = ex;
          if (cancelRequested) {
            ex.close();
          }
          ex.run(
              buildQuery(request, body.dockerfile(), environment, id),
              BuildKitTraceDecoder.TRACE_ID,
              decoder);
        }
        decoder.end();
        if (decoder.error().isEmpty()) {
          status = BuildStatus.SUCCEEDED;
        } else if (cancelRequested || decoder.endedCancelled()) {
          status = BuildStatus.CANCELLED;
        } else {
          status = BuildStatus.FAILED;
          failure = decoder.error();
          exitCode = decoder.exitCode();
        }
      } catch (BuildExchange.EngineRefusedException | BaseImagePullException e) {
        status = BuildStatus.FAILED;
        failure = Optional.of(e.getMessage());
        listener.onEvent(
            new BuildEvent.LogLine(
                clock.instant(),
                Optional.empty(),
                BuildEvent.LogLine.Stream.STDERR,
                e.getMessage()));
      } catch (ContextException e) {
        decoder.end();
        status = cancelRequested ? BuildStatus.CANCELLED : BuildStatus.FAILED;
        failure = Optional.of(e.getMessage());
      } catch (SlipwayException e) {
        decoder.end();
        status = cancelRequested ? BuildStatus.CANCELLED : BuildStatus.FAILED;
        failure = Optional.of(e.getMessage());
        listener.onEvent(
            new BuildEvent.LogLine(
                clock.instant(),
                Optional.empty(),
                BuildEvent.LogLine.Stream.STDERR,
                e.getMessage()));
      } catch (IOException | RuntimeException e) {
        decoder.end();
        if (cancelRequested) {
          status = BuildStatus.CANCELLED;
        } else {
          log.warn("Build {} lost its connection to the engine", id, e);
          status = BuildStatus.FAILED;
          failure =
              Optional.of(
                  "The connection to the Docker engine broke during the build ("
                      + describe(e)
                      + "). Check that the engine is still running, then build again.");
        }
      }
      if (status == BuildStatus.CANCELLED) {
        failure = Optional.of("The build was cancelled.");
      }
      Optional<String> imageId =
          status == BuildStatus.SUCCEEDED ? decoder.imageId() : Optional.empty();
      if (status == BuildStatus.SUCCEEDED && imageId.isPresent()) {
        listener.onEvent(new BuildEvent.ImageBuilt(clock.instant(), imageId.get(), request.tags()));
        Optional<String> iidProblem = ImageIdFile.write(request, imageId.get());
        if (iidProblem.isPresent()) {
          status = BuildStatus.FAILED;
          failure = iidProblem;
        }
      }
      // A fetched context's temporary folder is gone before the build is reported finished.
      context.close();
      Instant ended = clock.instant();
      Duration duration = Duration.between(started, ended);
      listener.onEvent(new BuildFinished(ended, status, duration, imageId, failure, exitCode));
      result.complete(
          new BuildResult(status, duration, imageId, request.tags(), failure, exitCode));
    }
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? "connection closed" : m;
  }
}
