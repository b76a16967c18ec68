package io.slipway.core.context;

import io.slipway.core.SlipwayException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a build's context comes from: a local folder, a git repository, a remote URL (a tarball or
 * a lone Dockerfile), or a tar archive on disk. A value only; fetching a git or URL context is the
 * builders' business.
 *
 * <p>{@link #parse} decides from a command-line argument as {@code docker build} does (checked
 * against docker/cli's {@code cli/command/image/build.go} and moby's {@code
 * builder/remotecontext/urlutil} and {@code git/gitutils.go}).
 */
public sealed interface ContextSource
    permits ContextSource.LocalFolder,
        ContextSource.GitRepository,
        ContextSource.RemoteUrl,
        ContextSource.TarArchive {

  /** A short form for lists and messages; never shows a password in a URL. */
  String describe();

  /** A folder on this machine. */
  record LocalFolder(Path path) implements ContextSource {
    public LocalFolder {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String describe() {
      return path.toString();
    }
  }

  /**
   * A git repository: {@code url} is the remote as git takes it (without the {@code #fragment});
   * {@code ref} a branch, tag or commit (empty: the remote's default branch); {@code subdir} the
   * folder inside the repository that is the context (empty: its root).
   */
  record GitRepository(String url, Optional<String> ref, Optional<String> subdir)
      implements ContextSource {
    public GitRepository {
      Objects.requireNonNull(url, "url");
      ref = Objects.requireNonNull(ref, "ref").filter(r -> !r.isEmpty());
      subdir = Objects.requireNonNull(subdir, "subdir").filter(s -> !s.isEmpty());
    }

    /**
     * Parses {@code remote#ref:subdir} as moby's {@code parseRemoteURL} does ({@code github.com/…}
     * becomes {@code https://github.com/…}; an empty ref means the remote's default branch).
     *
     * @throws SlipwayException for a ref starting with {@code -}
     */
    public static GitRepository parse(String text) {
      return GitUrls.parse(text);
    }

    /** Whether the URL carries a password ({@code https://user:pw@host/…}). */
    public boolean hasPassword() {
      return GitUrls.hasPassword(url);
    }

    /** The {@code url#ref:subdir} form docker build takes. */
    public String toFragmentForm() {
      if (ref.isEmpty() && subdir.isEmpty()) {
        return url;
      }
      return url + "#" + ref.orElse("") + subdir.map(s -> ":" + s).orElse("");
    }

    @Override
    public String describe() {
      String redacted = GitUrls.redactUserInfo(url);
      if (ref.isEmpty() && subdir.isEmpty()) {
        return redacted;
      }
      return redacted + "#" + ref.orElse("") + subdir.map(s -> ":" + s).orElse("");
    }

    @Override
    public String toString() {
      return "GitRepository[" + describe() + "]";
    }
  }

  /** A URL to download: a tar archive (plain or compressed) or a lone Dockerfile. */
  record RemoteUrl(String url) implements ContextSource {
    public RemoteUrl {
      Objects.requireNonNull(url, "url");
    }

    /** Whether the URL carries a password ({@code https://user:pw@host/…}). */
    public boolean hasPassword() {
      return GitUrls.hasPassword(url);
    }

    @Override
    public String describe() {
      return GitUrls.redactUserInfo(url);
    }

    @Override
    public String toString() {
      return "RemoteUrl[" + describe() + "]";
    }
  }

  /** A tar archive on this machine (plain, gzip, bzip2 or xz), sent as it is. */
  record TarArchive(Path path) implements ContextSource {
    public TarArchive {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public String describe() {
      return "tar " + path;
    }
  }

  /**
   * Decides what a {@code docker build} argument names, in the CLI's order: {@code -} (standard
   * input) is refused; a path that exists is a folder (or, for Slipway, a tar archive when it is a
   * file); then a git URL; then an {@code http(s)} URL; anything else is a path that does not
   * exist, which is an error.
   *
   * @param workingDir what relative paths are relative to; the result holds absolute paths
   * @throws SlipwayException naming what was expected
   */
  static ContextSource parse(String text, Path workingDir) {
    if (text == null || text.isBlank()) {
      throw new SlipwayException(
          "No build context given. Pass a folder, a git URL (https://host/repo.git#ref:dir), an"
              + " http(s) URL, or a tar archive.");
    }
    if (text.equals("-")) {
      throw new SlipwayException(
          "A context from standard input (-) cannot be stored or read here. Save the tar as a"
              + " file and pass its path.");
    }
    Optional<Path> local = localPath(text, workingDir);
    if (local.isPresent() && Files.exists(local.get())) {
      Path path = local.get();
      return Files.isDirectory(path) ? new LocalFolder(path) : new TarArchive(path);
    }
    if (GitUrls.isGitUrl(text)) {
      return GitUrls.parse(text);
    }
    if (GitUrls.isUrl(text)) {
      return new RemoteUrl(text);
    }
    throw new SlipwayException(
        "The build context \""
            + text
            + "\" was not found: it is neither an existing folder or file, nor a git URL"
            + " (https://host/repo.git, git@host:repo.git, git://…, github.com/…), nor an"
            + " http(s) URL. Check the path.");
  }

  private static Optional<Path> localPath(String text, Path workingDir) {
    try {
      return Optional.of(workingDir.resolve(text).toAbsolutePath().normalize());
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }
}
