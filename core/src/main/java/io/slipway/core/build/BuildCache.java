package io.slipway.core.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import io.slipway.core.SlipwayException;
import io.slipway.core.engine.Engine;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The engine's build cache: {@code POST /build/prune}. */
public final class BuildCache {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * What to prune.
   *
   * @param all also caches still referenced (not only dangling ones), as {@code --all}
   * @param filters {@code until=24h}, {@code type=regular}, {@code id=…}, … (several values per key
   *     allowed)
   * @param keepStorage bytes of cache to keep, as {@code --keep-storage}
   */
  public record PruneRequest(
      boolean all, Map<String, List<String>> filters, Optional<Long> keepStorage) {
    public PruneRequest {
      filters = Map.copyOf(filters);
    }

    public static PruneRequest dangling() {
      return new PruneRequest(false, Map.of(), Optional.empty());
    }
  }

  /** What the engine deleted and the space it reclaimed, in bytes. */
  public record PruneResult(List<String> cachesDeleted, long spaceReclaimed) {
    public PruneResult {
      cachesDeleted = List.copyOf(cachesDeleted);
    }
  }

  private final Engine engine;

  public BuildCache(Engine engine) {
    this.engine = engine;
  }

  /** Prunes; blocks until the engine answers (can take a while for a large cache). */
  public PruneResult prune(PruneRequest request) {
    StringBuilder query = new StringBuilder("/build/prune?");
    if (request.all()) {
      query.append("all=1&");
    }
    if (!request.filters().isEmpty()) {
      // The engine's filter format: {"key": {"value": true}}.
      Map<String, Map<String, Boolean>> filters = new LinkedHashMap<>();
      request
          .filters()
          .forEach(
              (key, values) -> {
                Map<String, Boolean> set = new LinkedHashMap<>();
                values.forEach(v -> set.put(v, true));
                filters.put(key, set);
              });
      query.append("filters=").append(encode(json(filters))).append('&');
    }
    request.keepStorage().ifPresent(k -> query.append("keep-storage=").append(k).append('&'));
    DockerHttpClient.Request http =
        DockerHttpClient.Request.builder()
            .method(DockerHttpClient.Request.Method.POST)
            .path(engine.apiPath(query.substring(0, query.length() - 1)))
            .build();
    try (DockerHttpClient.Response response = engine.http().execute(http);
        InputStream body = response.getBody()) {
      JsonNode answer = JSON.readTree(body);
      if (response.getStatusCode() / 100 != 2) {
        String message = answer == null ? "" : answer.path("message").asText("");
        throw new SlipwayException(
            "The engine refused to prune the build cache (HTTP "
                + response.getStatusCode()
                + (message.isEmpty() ? ")." : "): " + message)
                + (message.contains("filter") ? " Check the --filter keys and values." : ""));
      }
      List<String> deleted = new ArrayList<>();
      answer.path("CachesDeleted").forEach(id -> deleted.add(id.asText()));
      return new PruneResult(deleted, answer.path("SpaceReclaimed").asLong(0));
    } catch (IOException e) {
      throw new SlipwayException(
          "Lost the connection to the Docker engine while pruning (" + e.getMessage() + ").", e);
    }
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
