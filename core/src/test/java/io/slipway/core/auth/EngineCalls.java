package io.slipway.core.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import io.slipway.core.engine.Engine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Raw Engine API calls with the auth headers, as the builders will make them: {@code POST /build}
 * (classic) with {@code X-Registry-Config}, {@code POST /images/create} with {@code
 * X-Registry-Auth}.
 */
final class EngineCalls {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What a streamed call said: the HTTP status, the text lines, the error if any. */
  record Outcome(int status, List<String> lines, Optional<String> error) {
    boolean succeeded() {
      return status / 100 == 2 && error.isEmpty();
    }

    String all() {
      return String.join("\n", lines) + error.map(e -> "\nERROR: " + e).orElse("");
    }
  }

  private EngineCalls() {}

  /** A classic build of a context holding only this Dockerfile. */
  static Outcome build(
      Engine engine, String dockerfile, String tag, Optional<String> registryConfig)
      throws IOException {
    DockerHttpClient.Request.Builder request =
        DockerHttpClient.Request.builder()
            .method(DockerHttpClient.Request.Method.POST)
            .path(
                engine.apiPath(
                    "/build?version=1&rm=1&forcerm=1&t="
                        + URLEncoder.encode(tag, StandardCharsets.UTF_8)))
            .putHeader("Content-Type", "application/x-tar")
            .body(new ByteArrayInputStream(tar("Dockerfile", dockerfile)));
    registryConfig.ifPresent(h -> request.putHeader(AuthHeaders.REGISTRY_CONFIG, h));
    return stream(engine, request.build());
  }

  /** {@code POST /images/create?fromImage=…&tag=…}, the pull BuildKit builds need first. */
  static Outcome pull(Engine engine, String repository, String tag, Optional<String> registryAuth)
      throws IOException {
    DockerHttpClient.Request.Builder request =
        DockerHttpClient.Request.builder()
            .method(DockerHttpClient.Request.Method.POST)
            .path(
                engine.apiPath(
                    "/images/create?fromImage="
                        + URLEncoder.encode(repository, StandardCharsets.UTF_8)
                        + "&tag="
                        + URLEncoder.encode(tag, StandardCharsets.UTF_8)));
    registryAuth.ifPresent(h -> request.putHeader(AuthHeaders.REGISTRY_AUTH, h));
    return stream(engine, request.build());
  }

  private static Outcome stream(Engine engine, DockerHttpClient.Request request)
      throws IOException {
    List<String> lines = new ArrayList<>();
    Optional<String> error = Optional.empty();
    try (DockerHttpClient.Response r = engine.http().execute(request)) {
      int status = r.getStatusCode();
      if (status / 100 != 2) {
        JsonNode body = JSON.readTree(r.getBody());
        return new Outcome(
            status, lines, Optional.of(body == null ? "" : body.path("message").asText("")));
      }
      try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(r.getBody())) {
        while (it.hasNextValue()) {
          JsonNode m = it.nextValue();
          if (m.hasNonNull("stream")) {
            lines.add(m.get("stream").asText().stripTrailing());
          } else if (m.hasNonNull("status")) {
            lines.add(m.get("status").asText() + (m.has("id") ? " " + m.get("id").asText() : ""));
          }
          if (m.hasNonNull("errorDetail") || m.hasNonNull("error")) {
            error =
                Optional.of(
                    m.path("errorDetail").path("message").asText(m.path("error").asText("")));
          }
        }
      }
      return new Outcome(status, lines, error);
    }
  }

  private static byte[] tar(String name, String content) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      byte[] data = content.getBytes(StandardCharsets.UTF_8);
      TarArchiveEntry entry = new TarArchiveEntry(name);
      entry.setSize(data.length);
      entry.setMode(0644);
      tar.putArchiveEntry(entry);
      tar.write(data);
      tar.closeArchiveEntry();
    }
    return bytes.toByteArray();
  }
}
