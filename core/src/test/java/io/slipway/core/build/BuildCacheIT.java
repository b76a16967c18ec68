package io.slipway.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.transport.DockerHttpClient;
import io.slipway.core.context.Compression;
import io.slipway.core.context.ContextTarWriter;
import io.slipway.core.context.LocalContext;
import io.slipway.core.engine.Engine;
import io.slipway.core.testing.EngineTestSupport;
import io.slipway.core.testing.TestImages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pruning reclaims the cache a BuildKit build made. Only this test's own cache records are pruned
 * (by id), so builds running beside it keep theirs.
 */
class BuildCacheIT {

  @TempDir Path context;

  @Test
  void pruneReclaimsTheCacheOfABuild() throws IOException {
    Engine engine = EngineTestSupport.engineOrSkip();
    // The untagged image the build leaves is removed with the helper.
    try (TestImages images = new TestImages(engine)) {
      buildAndPrune(engine);
    }
  }

  private void buildAndPrune(Engine engine) throws IOException {
    String token = UUID.randomUUID().toString();
    Files.writeString(
        context.resolve("Dockerfile"),
        "FROM "
            + TestImages.BASE
            + "\nRUN head -c 300000 /dev/urandom > /payload && echo "
            + token
            + "\n");
    buildWithBuildKit(engine, context);
    List<String> ours = cacheRecordsMentioning(engine, token);
    assertThat(ours).as("cache records of the build").isNotEmpty();

    BuildCache.PruneResult result =
        new BuildCache(engine)
            .prune(new BuildCache.PruneRequest(true, Map.of("id", ours), Optional.empty()));

    assertThat(result.cachesDeleted()).containsAll(ours);
    assertThat(result.spaceReclaimed()).isGreaterThanOrEqualTo(300_000);
    assertThat(cacheRecordsMentioning(engine, token)).isEmpty();
  }

  /** A session-less BuildKit build, straight through the API (no image kept: no tag). */
  private static void buildWithBuildKit(Engine engine, Path dir) throws IOException {
    ByteArrayOutputStream tar = new ByteArrayOutputStream();
    ContextTarWriter.write(
        LocalContext.scan(dir, null), tar, Compression.IDENTITY, ContextTarWriter.Progress.NONE);
    DockerHttpClient.Request request =
        DockerHttpClient.Request.builder()
            .method(DockerHttpClient.Request.Method.POST)
            .path(engine.apiPath("/build?version=2&buildid=" + UUID.randomUUID()))
            .putHeader("Content-Type", "application/x-tar")
            .body(new ByteArrayInputStream(tar.toByteArray()))
            .build();
    try (DockerHttpClient.Response response = engine.http().execute(request);
        InputStream body = response.getBody()) {
      String stream = new String(body.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(response.getStatusCode()).isEqualTo(200);
      assertThat(stream).doesNotContain("errorDetail");
    }
  }

  private static List<String> cacheRecordsMentioning(Engine engine, String token)
      throws IOException {
    DockerHttpClient.Request request =
        DockerHttpClient.Request.builder()
            .method(DockerHttpClient.Request.Method.GET)
            .path(engine.apiPath("/system/df"))
            .build();
    try (DockerHttpClient.Response response = engine.http().execute(request);
        InputStream body = response.getBody()) {
      JsonNode df = new ObjectMapper().readTree(body);
      List<String> ids = new ArrayList<>();
      for (JsonNode record : df.path("BuildCache")) {
        if (record.path("Description").asText("").contains(token)) {
          ids.add(record.path("ID").asText());
        }
      }
      return ids;
    }
  }
}
