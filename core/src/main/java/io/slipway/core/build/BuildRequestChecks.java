package io.slipway.core.build;

import io.slipway.core.SlipwayException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The checks every builder runs before sending anything, so bad input is a clear one-line error
 * instead of a half-sent build.
 */
public final class BuildRequestChecks {

  private static final Pattern EXTRA_HOST = Pattern.compile("^[^:\\s]+:[^\\s]+$");

  private BuildRequestChecks() {}

  /**
   * Checks the request and plans its context (a local folder is scanned now; git and URL contexts
   * are fetched when the build runs).
   *
   * @param environment where {@code HOME} is read for git logins
   */
  public static BuildContext check(BuildRequest request, Map<String, String> environment) {
    for (String tag : request.tags()) {
      ImageReference.checkTag(tag);
    }
    for (String host : request.extraHosts()) {
      if (!EXTRA_HOST.matcher(host).matches()) {
        throw new SlipwayException(
            "Invalid --add-host \""
                + host
                + "\": write it as HOST:IP, e.g. registry.local:10.0.0.5 (or host-gateway as"
                + " the IP).");
      }
    }
    for (Map.Entry<String, String> label : request.labels().entrySet()) {
      if (label.getKey().isBlank()) {
        throw new SlipwayException("A label needs a key: write --label KEY=VALUE.");
      }
    }
    request.iidFile().ifPresent(BuildRequestChecks::checkWritableTarget);
    return BuildContext.plan(request, environment);
  }

  private static void checkWritableTarget(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new SlipwayException(
          "Cannot write the image id to "
              + file
              + ": the folder "
              + parent
              + " does not exist. Create it or pick another --iidfile.");
    }
    if (Files.isDirectory(file)) {
      throw new SlipwayException(
          "Cannot write the image id to " + file + ": it is a folder. Name a file instead.");
    }
  }
}
