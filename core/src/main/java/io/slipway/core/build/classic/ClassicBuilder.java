package io.slipway.core.build.classic;

import com.github.dockerjava.transport.DockerHttpClient;
import io.slipway.core.SlipwayException;
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
import io.slipway.core.build.ImageIdFile;
import io.slipway.core.build.RegistryAccess;
import io.slipway.core.build.SerialListener;
import io.slipway.core.context.ContextException;
import io.slipway.core.engine.Engine;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The classic (v1) builder: {@code POST /build} with the context streamed as a tar, the JSON
 * message stream parsed into {@link BuildEvent}s.
 *
 * <p>Cancel closes the connection, which makes the engine stop the build; containers the build had
 * started are then removed, so a cancelled build leaves nothing behind.
 */
public final class ClassicBuilder implements BuilderService {

  private static final Logger log = LoggerFactory.getLogger(ClassicBuilder.class);

  private final Engine engine;
  private final RegistryAccess registries;
  private final Map<String, String> environment;
  private final Clock clock;
  private final ExecutorService executor;

  public ClassicBuilder(Engine engine) {
    this(engine, System.getenv(), Clock.systemUTC());
  }

  /**
   * @param environment where {@code --build-arg NAME} without a value takes its value from
   */
  public ClassicBuilder(Engine engine, Map<String, String> environment, Clock clock) {
    this(engine, environment, clock, RegistryAccess.fromEnvironment(environment));
  }

  /**
   * @param registries the credentials builds may use for private base images
   */
  public ClassicBuilder(
      Engine engine, Map<String, String> environment, Clock clock, RegistryAccess registries) {
    this.registries = registries;
    this.engine = engine;
    this.environment = Map.copyOf(environment);
    this.clock = clock;
    this.executor = BuilderThreads.pool("classic");
  }

  @Override
  public String name() {
    return "classic";
  }

  @Override
  public BuildHandle start(BuildRequest request, BuildListener listener) {
    if (request.needsSession()) {
      // The classic builder has no session: it would silently build without them.
      throw new SlipwayException(
          "--secret, --ssh and --output local/tar need the BuildKit builder; the classic builder"
              + " cannot pass them. Build with BuildKit (DOCKER_BUILDKIT=1, or the profile's"
              + " builder setting).");
    }
    BuildContext context = BuildRequestChecks.check(request, environment);
    ImageIdFile.removeStale(request);
    Run run = new Run(request, context, new SerialListener(listener));
    executor.execute(run::execute);
    return run;
  }

  /** Query parameters of {@code POST /build}, as the docker CLI sends them. */
  BuildQuery buildQuery(BuildRequest request, ContextBody body) {
    return BuildQuery.of(request, body.dockerfile(), environment).add("version", "1");
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
    public void cancel() {
      if (result.isDone() || cancelRequested) {
        return;
      }
      cancelRequested = true;
      context.cancel();
      // Closing the connection is how the engine learns that a classic build is cancelled.
      BuildExchange ex = exchange;
      if (ex != null) {
        ex.close();
      }
    }

    void execute() {
      try (context) {
        executeWith(context);
      }
    }

    private void executeWith(BuildContext context) {
      Instant started = clock.instant();
      ClassicStreamParser parser = new ClassicStreamParser(clock, listener, List.of());
      Optional<String> failure = Optional.empty();
      Optional<Integer> exitCode = Optional.empty();
      BuildStatus status;
      try {
        ContextBody body = context.fetch(listener, clock);
        parser = new ClassicStreamParser(clock, listener, body.instructions());
        status = send(parser, body);
        if (status == BuildStatus.FAILED) {
          failure = parser.error();
          exitCode = parser.exitCode();
        }
      } catch (BuildExchange.EngineRefusedException e) {
        status = BuildStatus.FAILED;
        failure = Optional.of(e.getMessage());
        listener.onEvent(
            new BuildEvent.LogLine(
                clock.instant(),
                Optional.empty(),
                BuildEvent.LogLine.Stream.STDERR,
                e.getMessage()));
      } catch (ContextException e) {
        status = cancelRequested ? BuildStatus.CANCELLED : BuildStatus.FAILED;
        failure = Optional.of(e.getMessage());
      } catch (IOException | RuntimeException e) {
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
        parser.cancelled();
        removeContainers(parser);
        failure = Optional.of("The build was cancelled.");
      }
      Optional<String> imageId =
          status == BuildStatus.SUCCEEDED ? parser.imageId() : Optional.empty();
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

    private BuildStatus send(ClassicStreamParser parser, ContextBody body) throws IOException {
      BuildExchange ex =
          new BuildExchange(engine, body, request.compression(), clock, listener, executor);
      exchange = ex;
      if (cancelRequested) {
        ex.close();
      }
      // Only the classic builder reads X-Registry-Config (BuildKit asks through its session).
      ex.run(
          buildQuery(request, body),
          registries.registryConfigHeader(listener, clock),
          null,
          parser::accept);
      if (cancelRequested) {
        throw new IOException("cancelled");
      }
      parser.end();
      return parser.error().isPresent() ? BuildStatus.FAILED : BuildStatus.SUCCEEDED;
    }

    /** The engine removes them itself on cancel; this makes sure, and waits until they are gone. */
    private void removeContainers(ClassicStreamParser parser) {
      for (String container : parser.containers()) {
        try (DockerHttpClient.Response r =
            engine
                .http()
                .execute(
                    DockerHttpClient.Request.builder()
                        .method(DockerHttpClient.Request.Method.DELETE)
                        .path(engine.apiPath("/containers/" + container + "?force=1&v=1"))
                        .build())) {
          int code = r.getStatusCode();
          if (code != 204 && code != 404 && code != 409) {
            log.warn("Could not remove container {} after cancel: HTTP {}", container, code);
          }
        } catch (RuntimeException e) {
          log.warn("Could not remove container {} after cancel", container, e);
        }
      }
    }
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? "connection closed" : m;
  }
}
