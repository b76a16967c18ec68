package io.slipway.core.build.classic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import io.slipway.core.HumanUnits;
import io.slipway.core.SlipwayException;
import io.slipway.core.build.BuildArg;
import io.slipway.core.build.BuildEvent;
import io.slipway.core.build.BuildEvent.BuildFinished;
import io.slipway.core.build.BuildEvent.StepFinished;
import io.slipway.core.build.BuildEvent.StepProgress;
import io.slipway.core.build.BuildEvent.StepStarted;
import io.slipway.core.build.BuildHandle;
import io.slipway.core.build.BuildListener;
import io.slipway.core.build.BuildRequest;
import io.slipway.core.build.BuildRequestChecks;
import io.slipway.core.build.BuildResult;
import io.slipway.core.build.BuildStatus;
import io.slipway.core.build.BuilderService;
import io.slipway.core.build.DockerfileLines;
import io.slipway.core.context.ContextException;
import io.slipway.core.context.ContextTarWriter;
import io.slipway.core.context.LocalContext;
import io.slipway.core.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
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
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * The upload's own row on the timeline; BuildKit has the same as "[internal] load build context".
   */
  public static final String CONTEXT_STEP = "context";

  private static final long PROGRESS_EVERY_BYTES = 8L * 1024 * 1024;
  private static final int PIPE_BYTES = 1024 * 1024;
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final Engine engine;
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
    this.engine = engine;
    this.environment = Map.copyOf(environment);
    this.clock = clock;
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "slipway-classic-" + THREADS.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public String name() {
    return "classic";
  }

  @Override
  public BuildHandle start(BuildRequest request, BuildListener listener) {
    LocalContext context = BuildRequestChecks.check(request);
    List<DockerfileLines.Instruction> instructions = readInstructions(context);
    removeStaleIidFile(request);
    Run run = new Run(request, context, instructions, new SerialListener(listener));
    executor.execute(run::execute);
    return run;
  }

  private static List<DockerfileLines.Instruction> readInstructions(LocalContext context) {
    try {
      String text =
          Files.readString(context.root().resolve(context.dockerfile()), StandardCharsets.UTF_8);
      return DockerfileLines.parse(text);
    } catch (IOException | UncheckedIOException e) {
      // The engine reads the Dockerfile itself; without the line map steps just lack a line.
      return List.of();
    }
  }

  private static void removeStaleIidFile(BuildRequest request) {
    request
        .iidFile()
        .ifPresent(
            file -> {
              try {
                Files.deleteIfExists(file);
              } catch (IOException e) {
                throw new SlipwayException(
                    "Cannot replace the old image id file "
                        + file
                        + ". Remove it or pick another.");
              }
            });
  }

  /** Query parameters of {@code POST /build}, as the docker CLI sends them. */
  String buildQuery(BuildRequest request, LocalContext context) {
    Query q = new Query();
    for (String tag : request.tags()) {
      q.add("t", tag);
    }
    q.add("dockerfile", context.dockerfile());
    Map<String, String> args = new LinkedHashMap<>();
    for (BuildArg arg : request.buildArgs()) {
      args.put(arg.name(), arg.resolve(environment).orElse(null));
    }
    if (!args.isEmpty()) {
      q.add("buildargs", json(args));
    }
    request.target().ifPresent(t -> q.add("target", t));
    if (!request.labels().isEmpty()) {
      q.add("labels", json(new LinkedHashMap<>(request.labels())));
    }
    if (request.noCache()) {
      q.add("nocache", "1");
    }
    if (request.pull()) {
      q.add("pull", "1");
    }
    q.add("rm", request.removeIntermediate() ? "1" : "0");
    if (request.forceRemoveIntermediate()) {
      q.add("forcerm", "1");
    }
    request.network().ifPresent(n -> q.add("networkmode", n));
    request.platform().ifPresent(p -> q.add("platform", p));
    for (String host : request.extraHosts()) {
      q.add("extrahosts", host);
    }
    if (!request.cacheFrom().isEmpty()) {
      q.add("cachefrom", json(request.cacheFrom()));
    }
    if (request.quiet()) {
      q.add("q", "1");
    }
    q.add("version", "1");
    return "/build?" + q;
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One build: the handle given to the caller and the work done on the executor. */
  private final class Run implements BuildHandle {
    private final String id = UUID.randomUUID().toString();
    private final BuildRequest request;
    private final LocalContext context;
    private final List<DockerfileLines.Instruction> instructions;
    private final SerialListener listener;
    private final CompletableFuture<BuildResult> result = new CompletableFuture<>();
    private final AtomicReference<DockerHttpClient.Response> response = new AtomicReference<>();
    private final AtomicReference<InputStream> uploadPipe = new AtomicReference<>();
    private volatile boolean cancelRequested;

    Run(
        BuildRequest request,
        LocalContext context,
        List<DockerfileLines.Instruction> instructions,
        SerialListener listener) {
      this.request = request;
      this.context = context;
      this.instructions = instructions;
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
      // Closing the connection is how the engine learns that a classic build is cancelled.
      closeQuietly(uploadPipe.get());
      DockerHttpClient.Response r = response.get();
      if (r != null) {
        executor.execute(() -> closeQuietly(r));
      }
    }

    void execute() {
      Instant started = clock.instant();
      ClassicStreamParser parser = new ClassicStreamParser(clock, listener, instructions);
      Optional<String> failure = Optional.empty();
      Optional<Integer> exitCode = Optional.empty();
      BuildStatus status;
      try {
        status = send(parser);
        if (status == BuildStatus.FAILED) {
          failure = parser.error();
          exitCode = parser.exitCode();
        }
      } catch (EngineRefused e) {
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
        Optional<String> iidProblem = writeIidFile(imageId.get());
        if (iidProblem.isPresent()) {
          status = BuildStatus.FAILED;
          failure = iidProblem;
        }
      }
      Instant ended = clock.instant();
      Duration duration = Duration.between(started, ended);
      listener.onEvent(new BuildFinished(ended, status, duration, imageId, failure, exitCode));
      result.complete(
          new BuildResult(status, duration, imageId, request.tags(), failure, exitCode));
    }

    private BuildStatus send(ClassicStreamParser parser) throws IOException {
      Instant uploadStarted = clock.instant();
      listener.onEvent(
          new StepStarted(
              uploadStarted,
              CONTEXT_STEP,
              0,
              0,
              "Sending build context (" + HumanUnits.bytes(context.contentBytes()) + ")",
              List.of(),
              Optional.empty()));
      PipedInputStream body = new PipedInputStream(PIPE_BYTES);
      PipedOutputStream bodyWriter = new PipedOutputStream(body);
      uploadPipe.set(body);
      CompletableFuture<Void> upload =
          CompletableFuture.runAsync(() -> upload(bodyWriter, uploadStarted), executor);
      if (cancelRequested) {
        throw new IOException("cancelled");
      }
      DockerHttpClient.Request httpRequest =
          DockerHttpClient.Request.builder()
              .method(DockerHttpClient.Request.Method.POST)
              .path(engine.apiPath(buildQuery(request, context)))
              .putHeader("Content-Type", "application/x-tar")
              .body(body)
              .build();
      try (DockerHttpClient.Response r = engine.http().execute(httpRequest)) {
        response.set(r);
        awaitUpload(upload);
        if (cancelRequested) {
          throw new IOException("cancelled");
        }
        if (r.getStatusCode() / 100 != 2) {
          throw new EngineRefused(r.getStatusCode(), readMessage(r.getBody()));
        }
        try (MappingIterator<JsonNode> messages =
            JSON.readerFor(JsonNode.class).readValues(r.getBody())) {
          while (messages.hasNextValue()) {
            parser.accept(messages.nextValue());
          }
        }
      } catch (RuntimeException e) {
        // Upload failures (a file vanished) explain a broken request better than the transport.
        Throwable uploadFailure = uploadFailure(upload);
        if (uploadFailure instanceof ContextException ce) {
          throw ce;
        }
        throw e;
      }
      if (cancelRequested) {
        throw new IOException("cancelled");
      }
      parser.end();
      return parser.error().isPresent() ? BuildStatus.FAILED : BuildStatus.SUCCEEDED;
    }

    private void upload(PipedOutputStream out, Instant uploadStarted) {
      long[] lastReported = {0};
      try (out) {
        ContextTarWriter.write(
            context,
            out,
            request.compression(),
            (sent, total) -> {
              if (sent - lastReported[0] >= PROGRESS_EVERY_BYTES || sent == total) {
                lastReported[0] = sent;
                listener.onEvent(
                    new StepProgress(clock.instant(), CONTEXT_STEP, "context", sent, total));
              }
            });
        Instant now = clock.instant();
        listener.onEvent(
            new StepFinished(
                now,
                CONTEXT_STEP,
                false,
                Optional.empty(),
                Optional.empty(),
                Duration.between(uploadStarted, now)));
      } catch (IOException e) {
        // The reading side closed: the build was cancelled or the engine went away; the request
        // thread reports that.
        if (!cancelRequested) {
          throw new UncheckedIOException(e);
        }
      }
    }

    private void awaitUpload(CompletableFuture<Void> upload) {
      Throwable failure = uploadFailure(upload);
      if (failure instanceof ContextException ce) {
        throw ce;
      }
    }

    private Throwable uploadFailure(CompletableFuture<Void> upload) {
      try {
        upload.join();
        return null;
      } catch (java.util.concurrent.CompletionException e) {
        return e.getCause();
      } catch (java.util.concurrent.CancellationException e) {
        return e;
      }
    }

    private Optional<String> writeIidFile(String imageId) {
      Optional<Path> file = request.iidFile();
      if (file.isEmpty()) {
        return Optional.empty();
      }
      try {
        Files.writeString(file.get(), imageId, StandardCharsets.UTF_8);
        return Optional.empty();
      } catch (IOException e) {
        return Optional.of(
            "The image was built ("
                + imageId
                + ") but its id could not be written to "
                + file.get()
                + ". Check that the folder is writable.");
      }
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

  /** The engine answered with an error status before any output (e.g. a Dockerfile parse error). */
  private static final class EngineRefused extends SlipwayException {
    EngineRefused(int status, String message) {
      super(EngineMessages.refused(status, message));
    }
  }

  private static String readMessage(InputStream body) {
    try {
      byte[] bytes = body.readNBytes(64 * 1024);
      String text = new String(bytes, StandardCharsets.UTF_8).trim();
      try {
        JsonNode node = JSON.readTree(text);
        if (node != null && node.hasNonNull("message")) {
          return node.get("message").asText();
        }
      } catch (IOException notJson) {
        // fall through: plain text body
      }
      return text;
    } catch (IOException e) {
      return "";
    }
  }

  private static String describe(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? "connection closed" : m;
  }

  private static void closeQuietly(java.io.Closeable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (IOException | RuntimeException e) {
      log.debug("close failed", e);
    }
  }

  /** Query string builder with repeated keys, percent-encoded as Go's url package reads it. */
  private static final class Query {
    private final List<String> parts = new ArrayList<>();

    void add(String key, String value) {
      parts.add(key + "=" + encode(value));
    }

    private static String encode(String s) {
      return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
      return String.join("&", parts);
    }
  }

  /** Delivers events one at a time, in order, whichever thread produced them. */
  private static final class SerialListener implements BuildListener {
    private final BuildListener delegate;

    SerialListener(BuildListener delegate) {
      this.delegate = delegate;
    }

    @Override
    public synchronized void onEvent(BuildEvent event) {
      try {
        delegate.onEvent(event);
      } catch (RuntimeException e) {
        log.warn("A build listener failed on {}", event.getClass().getSimpleName(), e);
      }
    }
  }
}
