package io.slipway.core.build.buildkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.transport.DockerHttpClient;
import io.slipway.core.auth.AuthHeaders;
import io.slipway.core.auth.RegistryCredentials;
import io.slipway.core.build.BuildEvent;
import io.slipway.core.build.BuildListener;
import io.slipway.core.build.JsonMessageStream;
import io.slipway.core.build.RegistryAccess;
import io.slipway.core.engine.Engine;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * BuildKit over {@code /build} without a session cannot log in to a registry, so base images that
 * need credentials are pulled first, with {@code X-Registry-Auth} built from the same credentials
 * (as a step of the build, so the user sees it). Images without credentials are left to BuildKit.
 */
final class BaseImagePuller {

  private final Engine engine;
  private final RegistryAccess registries;
  private final Clock clock;
  private final BuildListener listener;

  BaseImagePuller(Engine engine, RegistryAccess registries, Clock clock, BuildListener listener) {
    this.engine = engine;
    this.registries = registries;
    this.clock = clock;
    this.listener = listener;
  }

  /**
   * Pulls each image that has credentials and is not present (every such image when {@code always},
   * as {@code --pull}).
   *
   * @throws BaseImagePullException naming the image, the engine's reason and how to check the login
   */
  void prePull(List<String> images, boolean always, Optional<String> platform) {
    for (String image : images) {
      Optional<RegistryCredentials> credentials = registries.forImage(image);
      if (credentials.isEmpty() || (!always && present(image))) {
        continue;
      }
      pull(image, credentials.get(), platform);
    }
  }

  private boolean present(String image) {
    DockerHttpClient.Request request =
        DockerHttpClient.Request.builder()
            .method(DockerHttpClient.Request.Method.GET)
            .path(engine.apiPath("/images/" + image + "/json"))
            .build();
    try (DockerHttpClient.Response response = engine.http().execute(request)) {
      return response.getStatusCode() == 200;
    }
  }

  private void pull(String image, RegistryCredentials credentials, Optional<String> platform) {
    String stepId = "pull:" + image;
    Instant started = clock.instant();
    listener.onEvent(
        new BuildEvent.StepStarted(
            started,
            stepId,
            0,
            0,
            "Pulling " + image + " (credentials from " + credentials.source().describe() + ")",
            List.of(),
            Optional.empty()));
    int digestAt = image.indexOf('@');
    int colon = image.lastIndexOf(':');
    boolean hasTag = digestAt < 0 && colon > image.lastIndexOf('/');
    String from = digestAt >= 0 ? image : hasTag ? image.substring(0, colon) : image;
    String tag = digestAt >= 0 ? "" : hasTag ? image.substring(colon + 1) : "latest";
    StringBuilder path = new StringBuilder("/images/create?fromImage=").append(encode(from));
    if (!tag.isEmpty()) {
      path.append("&tag=").append(encode(tag));
    }
    platform.ifPresent(p -> path.append("&platform=").append(encode(p)));
    DockerHttpClient.Request request =
        DockerHttpClient.Request.builder()
            .method(DockerHttpClient.Request.Method.POST)
            .path(engine.apiPath(path.toString()))
            .putHeader(AuthHeaders.REGISTRY_AUTH, AuthHeaders.registryAuth(credentials))
            .build();
    String[] error = {null};
    try (DockerHttpClient.Response response = engine.http().execute(request)) {
      new JsonMessageStream(response.getBody(), null)
          .readAll(message -> onMessage(stepId, message, error));
      if (response.getStatusCode() / 100 != 2 && error[0] == null) {
        error[0] = "HTTP " + response.getStatusCode();
      }
    } catch (IOException | RuntimeException e) {
      error[0] = e.getMessage() == null ? "the connection broke" : e.getMessage();
    }
    Instant ended = clock.instant();
    listener.onEvent(
        new BuildEvent.StepFinished(
            ended,
            stepId,
            false,
            Optional.ofNullable(error[0]),
            Optional.empty(),
            Duration.between(started, ended)));
    if (error[0] != null) {
      throw new BaseImagePullException(
          "Could not pull the base image "
              + image
              + ": "
              + error[0]
              + ". Check the login with: slipway auth test "
              + credentials.registry());
    }
  }

  private void onMessage(String stepId, JsonNode message, String[] error) {
    if (message.hasNonNull("errorDetail") || message.hasNonNull("error")) {
      error[0] = message.path("errorDetail").path("message").asText(message.path("error").asText());
      return;
    }
    String status = message.path("status").asText("");
    JsonNode detail = message.get("progressDetail");
    if (detail != null && detail.hasNonNull("current")) {
      listener.onEvent(
          new BuildEvent.StepProgress(
              clock.instant(),
              stepId,
              message.path("id").asText("") + ": " + status,
              detail.get("current").asLong(),
              detail.path("total").asLong(-1)));
    } else if (!status.isEmpty()) {
      String id = message.path("id").asText("");
      listener.onEvent(
          new BuildEvent.LogLine(
              clock.instant(),
              Optional.of(stepId),
              BuildEvent.LogLine.Stream.BUILDER,
              id.isEmpty() ? status : id + ": " + status));
    }
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
