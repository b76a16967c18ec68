package io.slipway.core.build;

import io.slipway.core.SlipwayException;
import io.slipway.core.profile.OutputSpec;
import io.slipway.core.profile.SecretReference;
import io.slipway.core.profile.SshReference;
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
    checkSessionParts(request);
    return BuildContext.plan(request, environment);
  }

  /** Secrets, ssh and outputs: what can be checked before the build (values are never read). */
  private static void checkSessionParts(BuildRequest request) {
    java.util.Set<String> ids = new java.util.HashSet<>();
    for (SecretReference secret : request.secrets()) {
      if (secret.id().isBlank()) {
        throw new SlipwayException(
            "A --secret needs an id: write --secret id=ID,src=FILE or id=ID,env=VARIABLE.");
      }
      if (!ids.add(secret.id())) {
        throw new SlipwayException(
            "The secret id " + secret.id() + " is given twice. Keep one --secret per id.");
      }
      if (secret.file().isPresent() && !Files.isRegularFile(secret.file().get())) {
        throw new SlipwayException(
            "The secret "
                + secret.id()
                + " reads "
                + secret.file().get()
                + ", which is not a file. Fix src= in --secret.");
      }
    }
    for (SshReference ssh : request.ssh()) {
      if (ssh.id().isBlank()) {
        throw new SlipwayException(
            "A --ssh needs an id: write --ssh default or --ssh ID=PATH[,PATH...].");
      }
    }
    request
        .output()
        .flatMap(OutputSpec::problem)
        .ifPresent(
            p -> {
              throw new SlipwayException("Invalid --output: " + p);
            });
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
