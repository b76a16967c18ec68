package io.slipway.core.build.buildkit.session;

import com.github.dockerjava.transport.DockerHttpClient;
import io.slipway.core.build.BuildExchange;
import io.slipway.core.build.JsonMessageStream;
import io.slipway.core.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One {@code POST /build} of a session build: the context comes through the session, so the body is
 * empty (or, for the upload-request flow, a tar the engine keeps for the build that names it).
 * {@link #close()} breaks it off from any thread.
 */
final class SessionBuildCall {

  private final Engine engine;
  private final AtomicReference<DockerHttpClient.Response> response = new AtomicReference<>();
  private volatile boolean closed;

  SessionBuildCall(Engine engine) {
    this.engine = engine;
  }

  /**
   * Sends the request and hands every message of the answer to {@code handler}.
   *
   * @param body the request body, or null for none
   * @throws BuildExchange.EngineRefusedException when the engine answers with an error status
   * @throws IOException when the connection broke or {@link #close()} was called
   */
  void run(String path, InputStream body, String binaryAuxId, JsonMessageStream.Handler handler)
      throws IOException {
    DockerHttpClient.Request.Builder b =
        DockerHttpClient.Request.builder()
            .method(DockerHttpClient.Request.Method.POST)
            .path(engine.apiPath(path));
    if (body != null) {
      b.putHeader("Content-Type", "application/x-tar").body(body);
    }
    checkOpen();
    try (DockerHttpClient.Response r = engine.http().execute(b.build())) {
      response.set(r);
      checkOpen();
      if (r.getStatusCode() / 100 != 2) {
        throw new BuildExchange.EngineRefusedException(r.getStatusCode(), message(r.getBody()));
      }
      new JsonMessageStream(r.getBody(), binaryAuxId).readAll(handler);
    }
    checkOpen();
  }

  private void checkOpen() throws IOException {
    if (closed) {
      throw new IOException("cancelled");
    }
  }

  /** Breaks the call off; idempotent. */
  void close() {
    closed = true;
    DockerHttpClient.Response r = response.get();
    if (r != null) {
      try {
        r.close();
      } catch (RuntimeException ignored) {
        // already broken
      }
    }
  }

  private static String message(InputStream body) {
    try {
      String text = new String(body.readNBytes(64 * 1024), StandardCharsets.UTF_8).trim();
      try {
        com.fasterxml.jackson.databind.JsonNode node =
            new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        if (node != null && node.hasNonNull("message")) {
          return node.get("message").asText();
        }
      } catch (IOException notJson) {
        // plain text
      }
      return text;
    } catch (IOException e) {
      return "";
    }
  }
}
