package io.slipway.core.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import io.slipway.core.SlipwayException;
import io.slipway.core.build.BuildEvent.StepFinished;
import io.slipway.core.build.BuildEvent.StepProgress;
import io.slipway.core.build.BuildEvent.StepStarted;
import io.slipway.core.context.Compression;
import io.slipway.core.context.ContextException;
import io.slipway.core.engine.Engine;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code POST /build} with the context as its body: the tar is written on one thread into a
 * pipe the request reads from, while the calling thread reads the answer's JSON messages. The
 * upload is a step of its own ({@value #CONTEXT_STEP}, index 0: "Sending build context"), with
 * progress in bytes.
 *
 * <p>{@link #close()} breaks the exchange off from any thread (the engine sees the connection go);
 * {@link #run} then fails with an {@link IOException}.
 */
public final class BuildExchange {

  /** The upload's own step id; BuildKit shows the same as "[internal] load build context". */
  public static final String CONTEXT_STEP = "context";

  private static final Logger log = LoggerFactory.getLogger(BuildExchange.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long PROGRESS_EVERY_BYTES = 8L * 1024 * 1024;
  private static final int PIPE_BYTES = 1024 * 1024;

  private final Engine engine;
  private final ContextBody context;
  private final Compression compression;
  private final Clock clock;
  private final BuildListener listener;
  private final ExecutorService executor;
  private final AtomicReference<DockerHttpClient.Response> response = new AtomicReference<>();
  private final AtomicReference<InputStream> uploadPipe = new AtomicReference<>();
  private volatile boolean closed;
  private volatile boolean uploaded;
  private volatile boolean abandoned;

  /**
   * @param listener receives the upload step's events (from the upload thread)
   * @param executor runs the upload and the closing of the connection
   */
  public BuildExchange(
      Engine engine,
      ContextBody context,
      Compression compression,
      Clock clock,
      BuildListener listener,
      ExecutorService executor) {
    this.engine = engine;
    this.context = context;
    this.compression = compression;
    this.clock = clock;
    this.listener = listener;
    this.executor = executor;
  }

  /** The engine answered with an error status before any output (e.g. a bad parameter). */
  public static final class EngineRefusedException extends SlipwayException {
    private final int status;

    public EngineRefusedException(int status, String message) {
      super(EngineMessages.refused(status, message));
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /**
   * Sends the request and hands every message of the answer to {@code handler} until the stream
   * ends.
   *
   * @param binaryAuxId see {@link JsonMessageStream}; null for none
   * @throws EngineRefusedException when the engine answers with an error status
   * @throws ContextException when the context could not be read while sending it
   * @throws IOException when the connection broke, or {@link #close()} was called
   */
  public void run(BuildQuery query, String binaryAuxId, JsonMessageStream.Handler handler)
      throws IOException {
    run(query, java.util.Map.of(), binaryAuxId, handler);
  }

  /**
   * As {@link #run(BuildQuery, String, JsonMessageStream.Handler)}, with extra request headers
   * (e.g. {@code X-Registry-Config}; their values may be secrets and are never logged).
   */
  public void run(
      BuildQuery query,
      java.util.Map<String, String> headers,
      String binaryAuxId,
      JsonMessageStream.Handler handler)
      throws IOException {
    Instant uploadStarted = clock.instant();
    listener.onEvent(
        new StepStarted(
            uploadStarted, CONTEXT_STEP, 0, 0, context.uploadTitle(), List.of(), Optional.empty()));
    PipedInputStream body = new PipedInputStream(PIPE_BYTES);
    PipedOutputStream bodyWriter = new PipedOutputStream(body);
    uploadPipe.set(body);
    CompletableFuture<Void> upload =
        CompletableFuture.runAsync(() -> upload(bodyWriter, uploadStarted), executor);
    try {
      checkOpen();
      DockerHttpClient.Request httpRequest =
          DockerHttpClient.Request.builder()
              .method(DockerHttpClient.Request.Method.POST)
              .path(engine.apiPath(query.path()))
              .putHeader("Content-Type", "application/x-tar")
              .putAllHeaders(headers)
              .body(body)
              .build();
      try (DockerHttpClient.Response r = engine.http().execute(httpRequest)) {
        response.set(r);
        // The request has been sent whole: the upload has ended, or is about to.
        awaitUpload(upload);
        checkOpen();
        if (r.getStatusCode() / 100 != 2) {
          throw new EngineRefusedException(r.getStatusCode(), readMessage(r.getBody()));
        }
        new JsonMessageStream(r.getBody(), binaryAuxId).readAll(handler);
      } catch (RuntimeException e) {
        // Upload failures (a file vanished) explain a broken request better than the transport.
        Throwable uploadFailure = stopUpload(upload);
        if (uploadFailure instanceof ContextException ce) {
          throw ce;
        }
        throw e;
      }
      checkOpen();
    } finally {
      // The upload's last event comes before whatever the caller reports next.
      stopUpload(upload);
    }
  }

  /** Abandons an upload still running (nobody reads it any more), and waits for it to end. */
  private Throwable stopUpload(CompletableFuture<Void> upload) {
    if (!upload.isDone()) {
      abandoned = true;
      closeQuietly(uploadPipe.get());
    }
    return uploadFailure(upload);
  }

  /** Whether the whole context has been handed to the engine. */
  public boolean uploaded() {
    return uploaded;
  }

  /**
   * Breaks the exchange off: closes the upload at once and the connection on the executor.
   * Idempotent, non-blocking.
   */
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeQuietly(uploadPipe.get());
    DockerHttpClient.Response r = response.get();
    if (r != null) {
      executor.execute(() -> closeQuietly(r));
    }
  }

  public boolean closed() {
    return closed;
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException("cancelled");
    }
  }

  private void upload(PipedOutputStream out, Instant uploadStarted) {
    long[] lastReported = {0};
    try (out) {
      context.write(
          out,
          compression,
          (sent, total) -> {
            if (sent - lastReported[0] >= PROGRESS_EVERY_BYTES || sent == total) {
              lastReported[0] = sent;
              listener.onEvent(
                  new StepProgress(clock.instant(), CONTEXT_STEP, "context", sent, total));
            }
          });
      uploaded = true;
      uploadEnded(uploadStarted, Optional.empty());
    } catch (IOException e) {
      // The reading side closed: the build was cancelled, or the engine went away or answered
      // early; the request thread reports that.
      boolean stopped = closed || abandoned;
      uploadEnded(uploadStarted, Optional.of(stopped ? StepFinished.CANCELLED : describe(e)));
      if (!stopped) {
        throw new UncheckedIOException(e);
      }
    } catch (ContextException e) {
      boolean stopped = closed || abandoned;
      uploadEnded(uploadStarted, Optional.of(stopped ? StepFinished.CANCELLED : e.getMessage()));
      throw e;
    }
  }

  private void uploadEnded(Instant uploadStarted, Optional<String> error) {
    Instant now = clock.instant();
    listener.onEvent(
        new StepFinished(
            now,
            CONTEXT_STEP,
            false,
            error,
            Optional.empty(),
            Duration.between(uploadStarted, now)));
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? "the upload broke off" : m;
  }

  private void awaitUpload(CompletableFuture<Void> upload) {
    Throwable failure = uploadFailure(upload);
    if (failure instanceof ContextException ce) {
      throw ce;
    }
  }

  private static Throwable uploadFailure(CompletableFuture<Void> upload) {
    try {
      upload.join();
      return null;
    } catch (CompletionException e) {
      return e.getCause();
    } catch (CancellationException e) {
      return e;
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

  static void closeQuietly(Closeable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (IOException | RuntimeException e) {
      log.debug("close failed", e);
    }
  }
}
