package io.slipway.app.main;

import io.slipway.core.SlipwayException;
import io.slipway.core.build.BuildRequest;
import io.slipway.core.build.ImageReference;
import io.slipway.core.context.ContextSource;
import io.slipway.core.context.Dockerfiles;
import io.slipway.core.profile.BuildProfile;
import io.slipway.core.profile.DockerfileSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a drop on the window becomes: a folder, a Dockerfile, a tar archive, or a git or http(s) URL
 * as text turns into a new profile (named after it, tagged {@code <name>:latest} made a valid
 * reference). {@link #resolve} reads the disk: call it off the UI thread.
 */
public final class Drops {

  private Drops() {}

  /** What a drop resolves to. */
  public sealed interface Outcome permits Made, Choose, Refused {}

  /** A profile to save and build. */
  public record Made(BuildProfile profile) implements Outcome {}

  /** The folder has several Dockerfiles: the user picks one ({@code preferred} first). */
  public record Choose(Path folder, List<String> dockerfiles) implements Outcome {}

  /** It cannot become a profile; the sentence says why. */
  public record Refused(String reason) implements Outcome {}

  /** Why nothing else can be dropped. */
  static final String WHAT_DROPS =
      "Only a folder, a Dockerfile, a tar archive or a git or http(s) URL can be dropped here.";

  /**
   * The hint while dragging, from names only (no disk): accept for one path or one URL-looking
   * line, reject with the reason otherwise. The folder/file check comes with {@link #resolve}.
   */
  public static DropHint quickHint(List<Path> files, String text, String home) {
    if (files != null && !files.isEmpty()) {
      if (files.size() > 1) {
        return DropHint.reject("Drop one folder at a time.");
      }
      Path p = files.get(0);
      Path shown = isDockerfileName(name(p)) && p.getParent() != null ? p.getParent() : p;
      return DropHint.accept("Drop to create a profile from " + display(shown, home));
    }
    String t = text == null ? "" : text.strip();
    if (looksLikeUrl(t)) {
      return DropHint.accept("Drop to create a profile from " + t);
    }
    return DropHint.reject(WHAT_DROPS);
  }

  /** Refines a hint for one dragged path once the disk was asked (worker thread). */
  public static Optional<String> refusal(Path p) {
    if (Files.isDirectory(p)) {
      return Optional.empty();
    }
    if (Files.isRegularFile(p) && (isDockerfileName(name(p)) || isTarName(name(p)))) {
      return Optional.empty();
    }
    return Optional.of(
        name(p)
            + " is neither a folder, a Dockerfile nor a tar archive. Drop the folder that holds"
            + " the Dockerfile.");
  }

  /** What the drop becomes. Reads the disk: worker thread only. */
  public static Outcome resolve(List<Path> files, String text, Path home) {
    if (files != null && !files.isEmpty()) {
      if (files.size() > 1) {
        return new Refused("Drop one folder at a time.");
      }
      Path p = files.get(0).toAbsolutePath().normalize();
      Optional<String> refused = refusal(p);
      if (refused.isPresent()) {
        return new Refused(refused.get());
      }
      if (Files.isDirectory(p)) {
        List<String> found = findDockerfiles(p);
        if (found.isEmpty()) {
          return new Refused(
              "There is no Dockerfile in "
                  + name(p)
                  + ". Add one, or drop the folder that holds it.");
        }
        if (found.size() > 1) {
          return new Choose(p, found);
        }
        return new Made(fromFolder(p, found.get(0)));
      }
      if (isDockerfileName(name(p)) && p.getParent() != null) {
        return new Made(fromFolder(p.getParent(), name(p)));
      }
      return new Made(named(stem(name(p)), new ContextSource.TarArchive(p)));
    }
    String t = text == null ? "" : text.strip();
    if (!looksLikeUrl(t)) {
      return new Refused(WHAT_DROPS);
    }
    try {
      ContextSource source = ContextSource.parse(t, home);
      return new Made(named(urlName(t), source));
    } catch (SlipwayException e) {
      return new Refused(e.getMessage());
    }
  }

  /** A profile for a folder and the Dockerfile chosen in it (relative, '/'-separated). */
  public static BuildProfile fromFolder(Path folder, String dockerfile) {
    BuildProfile.Builder b =
        BuildProfile.builder(name(folder))
            .context(new ContextSource.LocalFolder(folder))
            .tag(ImageReference.defaultTag(name(folder)));
    if (!BuildRequest.DEFAULT_DOCKERFILE.equals(dockerfile)) {
      b.dockerfile(new DockerfileSource.InContext(dockerfile));
    }
    return b.build();
  }

  private static BuildProfile named(String name, ContextSource source) {
    String n = name.isBlank() ? "dropped" : name;
    return BuildProfile.builder(n).context(source).tag(ImageReference.defaultTag(n)).build();
  }

  /** The Dockerfiles in a folder ({@link Dockerfiles#find}). */
  public static List<String> findDockerfiles(Path folder) {
    return Dockerfiles.find(folder);
  }

  static boolean isDockerfileName(String name) {
    return Dockerfiles.isDockerfileName(name);
  }

  static boolean isTarName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.endsWith(".tar")
        || n.endsWith(".tar.gz")
        || n.endsWith(".tgz")
        || n.endsWith(".tar.bz2")
        || n.endsWith(".tbz2")
        || n.endsWith(".tar.xz")
        || n.endsWith(".txz");
  }

  static boolean looksLikeUrl(String t) {
    return !t.isEmpty()
        && !t.contains("\n")
        && !t.contains(" ")
        && (t.startsWith("http://")
            || t.startsWith("https://")
            || t.startsWith("git://")
            || t.startsWith("git@")
            || t.startsWith("ssh://")
            || t.startsWith("github.com/"));
  }

  /** "api" for https://github.com/org/api.git#main:dir or https://host/api.tar.gz. */
  static String urlName(String url) {
    String u = url;
    int hash = u.indexOf('#');
    if (hash >= 0) {
      u = u.substring(0, hash);
    }
    while (u.endsWith("/")) {
      u = u.substring(0, u.length() - 1);
    }
    String last = u.substring(Math.max(u.lastIndexOf('/'), u.lastIndexOf(':')) + 1);
    if (last.endsWith(".git")) {
      last = last.substring(0, last.length() - 4);
    }
    return stem(last);
  }

  private static String stem(String fileName) {
    String n = fileName;
    for (String ext : List.of(".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".tbz2", ".txz", ".tar")) {
      if (n.toLowerCase(Locale.ROOT).endsWith(ext)) {
        return n.substring(0, n.length() - ext.length());
      }
    }
    return n;
  }

  static String name(Path p) {
    Path n = p.getFileName();
    return n == null ? p.toString() : n.toString();
  }

  /** The path with the home folder written "~". */
  public static String display(Path path, String home) {
    String p = path.toString();
    if (home != null
        && !home.isEmpty()
        && (p.equals(home) || p.startsWith(home + java.io.File.separator))) {
      return "~" + p.substring(home.length());
    }
    return p;
  }
}
