package io.slipway.core.profile;

import io.slipway.core.SlipwayException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An SSH agent or keys a build may use ({@code --ssh}), by reference: an id and paths, as buildx
 * takes them. No paths means the user's agent ({@code $SSH_AUTH_SOCK}) when the build runs; each
 * path is an agent socket or a private key file, which is decided when the build runs, as buildx
 * does. Never the key's content.
 *
 * @param id what the Dockerfile names ({@code RUN --mount=type=ssh,id=…}); {@code default} when it
 *     names none
 */
public record SshReference(String id, List<Path> paths) {

  public static final String DEFAULT_ID = "default";

  public SshReference {
    Objects.requireNonNull(id, "id");
    paths = List.copyOf(paths);
  }

  /** The {@code default} id with the user's agent. */
  public static SshReference defaultAgent() {
    return new SshReference(DEFAULT_ID, List.of());
  }

  /**
   * Parses {@code default}, {@code ID}, {@code ID=SOCKET} or {@code ID=KEY[,KEY…]}; relative paths
   * are resolved against {@code workingDir}.
   */
  public static SshReference parse(String text, Path workingDir) {
    int eq = text.indexOf('=');
    String id = (eq < 0 ? text : text.substring(0, eq)).trim();
    List<Path> paths = new ArrayList<>();
    if (eq >= 0) {
      for (String p : text.substring(eq + 1).split(",")) {
        if (p.isBlank()) {
          continue;
        }
        try {
          paths.add(workingDir.resolve(p.trim()).toAbsolutePath().normalize());
        } catch (InvalidPathException e) {
          throw new SlipwayException("Invalid --ssh path \"" + p + "\": " + e.getReason() + ".");
        }
      }
    }
    return new SshReference(id, paths);
  }

  /** The {@code --ssh} form. */
  public String toFlag() {
    if (paths.isEmpty()) {
      return id;
    }
    StringBuilder b = new StringBuilder(id).append('=');
    for (int i = 0; i < paths.size(); i++) {
      b.append(i == 0 ? "" : ",").append(paths.get(i));
    }
    return b.toString();
  }
}
