package io.slipway.core.build;

import java.util.regex.Pattern;

/**
 * Which steps are the Dockerfile's own, for figures such as the cache-hit share: every numbered
 * classic step ("Step 3/7"), and BuildKit vertices named with their Dockerfile position ("[2/5] RUN
 * …", "[build 1/3] FROM …") — not the builder's own work (the context upload, "[internal] load …",
 * "exporting to image").
 */
public final class DockerfileSteps {

  private static final Pattern CLASSIC_ID = Pattern.compile("\\d+");
  private static final Pattern BUILDKIT_POSITION = Pattern.compile("^\\[[^\\]]*\\d+/\\d+\\] .*");

  private DockerfileSteps() {}

  public static boolean isDockerfileStep(String stepId, int index, String name) {
    if (index <= 0) {
      return false;
    }
    return CLASSIC_ID.matcher(stepId).matches() || BUILDKIT_POSITION.matcher(name).matches();
  }
}
