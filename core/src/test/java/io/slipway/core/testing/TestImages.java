package io.slipway.core.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Frame;
import io.slipway.core.engine.Engine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Test helpers over the real engine: the local base image, unique tags, running a container, and
 * cleaning up what a test made. Nothing here pulls from a registry.
 */
public final class TestImages implements AutoCloseable {

  /** Imported by .ci/run from busybox-static; tests never pull. */
  public static final String BASE = "slipway-test/busybox:1";

  private final Engine engine;
  private final List<String> images = new ArrayList<>();
  private final Set<String> imagesBefore;

  public TestImages(Engine engine) {
    this.engine = engine;
    this.imagesBefore = allImageIds();
    try {
      engine.client().inspectImageCmd(BASE).exec();
    } catch (NotFoundException e) {
      throw new IllegalStateException(
          "The local base image "
              + BASE
              + " is missing. Run .ci/run (or its step 3) to import it from busybox-static.");
    }
  }

  /** A tag no other test uses; the image is removed by {@link #close()}. */
  public String uniqueTag(String name) {
    String tag = "slipway-it/" + name + ":" + UUID.randomUUID().toString().substring(0, 8);
    images.add(tag);
    return tag;
  }

  /** Marks an image (by id) for removal at close. */
  public void remember(String imageIdOrTag) {
    images.add(imageIdOrTag);
  }

  /** Runs {@code cmd} in a new container of {@code image}, returns its stdout+stderr. */
  public String run(String image, String... cmd) throws InterruptedException {
    DockerClient client = engine.client();
    var create = client.createContainerCmd(image);
    if (cmd.length > 0) {
      create.withCmd(cmd);
    }
    String id = create.exec().getId();
    try {
      client.startContainerCmd(id).exec();
      client.waitContainerCmd(id).start().awaitStatusCode(60, TimeUnit.SECONDS);
      StringBuilder out = new StringBuilder();
      client
          .logContainerCmd(id)
          .withStdOut(true)
          .withStdErr(true)
          .exec(
              new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                  out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
              })
          .awaitCompletion(30, TimeUnit.SECONDS);
      return out.toString();
    } finally {
      client.removeContainerCmd(id).withForce(true).exec();
    }
  }

  /** Ids of all containers, running or not. */
  public Set<String> containerIds() {
    return engine.client().listContainersCmd().withShowAll(true).exec().stream()
        .map(Container::getId)
        .collect(Collectors.toSet());
  }

  /** Removes the containers that are not in {@code before} (left by a failed build). */
  public void removeContainersNotIn(Set<String> before) {
    for (String id : containerIds()) {
      if (!before.contains(id)) {
        engine.client().removeContainerCmd(id).withForce(true).exec();
      }
    }
  }

  private Set<String> allImageIds() {
    return engine.client().listImagesCmd().withShowAll(true).exec().stream()
        .map(com.github.dockerjava.api.model.Image::getId)
        .collect(Collectors.toSet());
  }

  /**
   * Removes the images this helper tagged, then untagged images (intermediate layers of failed
   * builds) that did not exist when it was made.
   */
  @Override
  public void close() {
    for (String image : images) {
      removeImage(image);
    }
    // Untagged leftovers only (a failed build's layers): another test run's tagged images, and
    // the layers they stand on, are never touched.
    for (com.github.dockerjava.api.model.Image image :
        engine.client().listImagesCmd().withShowAll(true).exec()) {
      String[] tags = image.getRepoTags();
      boolean untagged = tags == null || tags.length == 0 || "<none>:<none>".equals(tags[0]);
      if (untagged && !imagesBefore.contains(image.getId())) {
        removeImage(image.getId());
      }
    }
  }

  private void removeImage(String image) {
    try {
      engine.client().removeImageCmd(image).withForce(true).exec();
    } catch (NotFoundException | com.github.dockerjava.api.exception.ConflictException e) {
      // never built, already gone with its child, or still used by a leftover container
    }
  }
}
