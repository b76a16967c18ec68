package io.slipway.core.context;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A local folder prepared as a build context: the Dockerfile located and checked, {@code
 * .dockerignore} applied, and the entries to send listed in the order they will be sent.
 *
 * <p>Scanning reads metadata only; file content is read later, while the tar streams. Like {@code
 * docker build}, problems (unreadable files, a missing Dockerfile) are found here, before anything
 * is sent. An excluded directory is never walked unless an exception pattern points below it.
 */
public final class LocalContext {

  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
  private static final boolean UNIX_ATTRIBUTES =
      java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

  /** Go sorts names bytewise in UTF-8, which is code point order (not UTF-16 order). */
  public static final Comparator<String> CODE_POINT_ORDER =
      (a, b) -> {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
          int ca = a.codePointAt(i);
          int cb = b.codePointAt(j);
          if (ca != cb) {
            return Integer.compare(ca, cb);
          }
          i += Character.charCount(ca);
          j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
      };

  private final Path root;
  private final String dockerfile;
  private final List<String> ignorePatterns;
  private final List<ContextEntry> entries;
  private final long contentBytes;
  private final int fileCount;

  private LocalContext(
      Path root, String dockerfile, List<String> ignorePatterns, List<ContextEntry> entries) {
    this.root = root;
    this.dockerfile = dockerfile;
    this.ignorePatterns = List.copyOf(ignorePatterns);
    this.entries = Collections.unmodifiableList(entries);
    long bytes = 0;
    int files = 0;
    for (ContextEntry e : entries) {
      bytes += e.size();
      if (!e.isDirectory()) {
        files++;
      }
    }
    this.contentBytes = bytes;
    this.fileCount = files;
  }

  /**
   * Scans {@code contextDir} for a build with the given Dockerfile.
   *
   * @param dockerfile relative to the context, or absolute (it must still lie inside the context);
   *     null or blank means {@code Dockerfile}
   * @throws ContextException for anything {@code docker build} would refuse, with the fix
   */
  public static LocalContext scan(Path contextDir, String dockerfile) {
    Path root = resolveRoot(contextDir);
    String relDockerfile = locateDockerfile(root, contextDir, dockerfile);
    // Loading reports a bad pattern with its line in .dockerignore.
    PatternMatcher ignored = DockerIgnore.load(root);
    List<String> patterns = ignored.patterns();
    PatternMatcher matcher = keepBuildFiles(ignored, relDockerfile);
    List<ContextEntry> entries = new ArrayList<>();
    new Walker(root, matcher, entries).walkChildren(root, "");
    return new LocalContext(root, relDockerfile, patterns, entries);
  }

  /**
   * Scans {@code contextDir} for a build whose Dockerfile is given as text, as {@code docker build
   * -f - DIR} does: the text is sent as {@code .dockerfile.<random>} at the context's root, and
   * that name is added to {@code .dockerignore} so {@code COPY .} does not pick it up. Both files
   * are written into {@code scratchDir} (which the caller removes after the build).
   *
   * @throws ContextException for anything {@code docker build} would refuse, with the fix
   */
  public static LocalContext scanWithInlineDockerfile(
      Path contextDir, String dockerfileText, Path scratchDir) {
    if (dockerfileText.isBlank()) {
      throw new ContextException(
          "The inline Dockerfile is empty. Write at least a FROM instruction in it.");
    }
    Path root = resolveRoot(contextDir);
    PatternMatcher ignored = DockerIgnore.load(root);
    List<ContextEntry> entries = new ArrayList<>();
    // .dockerignore itself is replaced below, whether the walk kept it or not.
    new Walker(root, ignored, entries).walkChildren(root, "");
    String name = ".dockerfile." + randomHex(20);
    try {
      Path dockerfile = scratchDir.resolve("Dockerfile");
      Files.writeString(dockerfile, dockerfileText, StandardCharsets.UTF_8);
      Path ignoreFile = scratchDir.resolve(DockerIgnore.FILE_NAME);
      byte[] original =
          Files.isRegularFile(root.resolve(DockerIgnore.FILE_NAME))
              ? Files.readAllBytes(root.resolve(DockerIgnore.FILE_NAME))
              : new byte[0];
      try (OutputStream out = Files.newOutputStream(ignoreFile)) {
        out.write(original);
        out.write(("\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
      }
      long now = System.currentTimeMillis() / 1000;
      entries.removeIf(e -> e.name().equals(DockerIgnore.FILE_NAME));
      insertAtRoot(
          entries,
          new ContextEntry(
              DockerIgnore.FILE_NAME,
              ignoreFile,
              ContextEntry.Type.FILE,
              0600,
              Files.size(ignoreFile),
              now,
              Optional.empty(),
              0,
              0));
      insertAtRoot(
          entries,
          new ContextEntry(
              name,
              dockerfile,
              ContextEntry.Type.FILE,
              0600,
              Files.size(dockerfile),
              now,
              Optional.empty(),
              0,
              0));
    } catch (IOException e) {
      throw new ContextException(
          "Cannot write the inline Dockerfile to " + scratchDir + ": " + reason(e) + ".", e);
    }
    return new LocalContext(root, name, ignored.patterns(), entries);
  }

  /** Puts a file of the root folder where the walk would have put it (tar order). */
  private static void insertAtRoot(List<ContextEntry> entries, ContextEntry entry) {
    int i = 0;
    while (i < entries.size()
        && CODE_POINT_ORDER.compare(topLevel(entries.get(i)), entry.name()) < 0) {
      i++;
    }
    entries.add(i, entry);
  }

  private static String topLevel(ContextEntry entry) {
    int slash = entry.name().indexOf('/');
    return slash < 0 ? entry.name() : entry.name().substring(0, slash);
  }

  private static String randomHex(int length) {
    byte[] bytes = new byte[(length + 1) / 2];
    new java.security.SecureRandom().nextBytes(bytes);
    return java.util.HexFormat.of().formatHex(bytes).substring(0, length);
  }

  /** The context folder (real path). */
  public Path root() {
    return root;
  }

  /** The Dockerfile's path inside the context, '/'-separated: the {@code dockerfile} parameter. */
  public String dockerfile() {
    return dockerfile;
  }

  /** The patterns of {@code .dockerignore}, as read (without the build files kept on top). */
  public List<String> ignorePatterns() {
    return ignorePatterns;
  }

  /** Every entry to send, in tar order (depth-first, names in byte order, a folder first). */
  public List<ContextEntry> entries() {
    return entries;
  }

  /** Bytes of file content to send (before tar headers and compression). */
  public long contentBytes() {
    return contentBytes;
  }

  /** Entries that are not directories: files, links, devices. */
  public int fileCount() {
    return fileCount;
  }

  /**
   * The docker CLI always sends the Dockerfile and {@code .dockerignore}, even when ignored: it
   * adds exceptions for them at the end.
   */
  static PatternMatcher keepBuildFiles(PatternMatcher ignored, String relDockerfile) {
    List<String> extra = new ArrayList<>();
    if (ignored.matches(DockerIgnore.FILE_NAME)) {
      extra.add("!" + DockerIgnore.FILE_NAME);
    }
    if (ignored.matches(relDockerfile)) {
      extra.add("!" + relDockerfile);
    }
    if (extra.isEmpty()) {
      return ignored;
    }
    List<String> all = new ArrayList<>(ignored.patterns());
    all.addAll(extra);
    return PatternMatcher.compile(all);
  }

  private static Path resolveRoot(Path contextDir) {
    try {
      Path real = contextDir.toRealPath();
      if (!Files.isDirectory(real)) {
        throw new ContextException(
            "The build context "
                + contextDir
                + " is a file, not a folder. Pass the folder that holds your Dockerfile.");
      }
      return real;
    } catch (NoSuchFileException e) {
      throw new ContextException(
          "The build context "
              + contextDir
              + " does not exist. Pass the folder that holds your Dockerfile.");
    } catch (IOException e) {
      throw new ContextException(
          "Cannot open the build context " + contextDir + ": " + reason(e) + ".", e);
    }
  }

  private static String locateDockerfile(Path root, Path contextDir, String given) {
    boolean defaulted = given == null || given.isBlank();
    Path candidate;
    if (defaulted) {
      candidate = root.resolve("Dockerfile");
      // The CLI accepts a lowercase "dockerfile" when "Dockerfile" is absent.
      if (!Files.exists(candidate, NOFOLLOW)
          && Files.exists(root.resolve("dockerfile"), NOFOLLOW)) {
        candidate = root.resolve("dockerfile");
      }
    } else {
      Path p = Path.of(given);
      candidate = p.isAbsolute() ? p : root.resolve(p);
    }
    Path normalized = candidate.normalize();
    Path absolute = normalized;
    try {
      // Resolve the folder it sits in (the context may be reached through a symlink), not the
      // Dockerfile itself: a symlinked Dockerfile is read through its link inside the context.
      Path parent = normalized.getParent();
      if (parent != null && Files.isDirectory(parent)) {
        absolute = parent.toRealPath().resolve(normalized.getFileName());
      }
    } catch (IOException e) {
      // Reported below, when the file is checked.
    }
    if (!absolute.startsWith(root)) {
      throw new ContextException(
          "The Dockerfile "
              + (defaulted ? normalized : given)
              + " is outside the build context "
              + contextDir
              + ". Move it into the context, or choose a context folder that contains it.");
    }
    String rel = toSlash(root.relativize(absolute));
    try {
      BasicFileAttributes attrs = Files.readAttributes(absolute, BasicFileAttributes.class);
      if (attrs.isDirectory()) {
        throw new ContextException(
            "The Dockerfile "
                + rel
                + " is a folder. Name the Dockerfile itself with -f, e.g. -f "
                + rel
                + "/Dockerfile.");
      }
      if (attrs.size() == 0) {
        throw new ContextException(
            "The Dockerfile " + rel + " is empty. Write at least a FROM instruction in it.");
      }
      if (!Files.isReadable(absolute)) {
        throw new ContextException(
            "Cannot read the Dockerfile " + rel + " (permission denied). Fix its permissions.");
      }
    } catch (NoSuchFileException e) {
      throw new ContextException(
          "There is no Dockerfile at "
              + (defaulted ? root.resolve("Dockerfile") : absolute)
              + ". Create one, or name yours with -f.");
    } catch (FileSystemException e) {
      throw new ContextException(
          "Cannot read the Dockerfile " + rel + ": " + reason(e) + ". Fix the path or the link.",
          e);
    } catch (IOException e) {
      throw new ContextException("Cannot read the Dockerfile " + rel + ": " + reason(e) + ".", e);
    }
    return rel;
  }

  static String toSlash(Path relative) {
    String s = relative.toString();
    return java.io.File.separatorChar == '/' ? s : s.replace(java.io.File.separatorChar, '/');
  }

  /** A short lowercase reason for an I/O failure, without Java class names. */
  static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no such file or folder";
    }
    if (e instanceof NotDirectoryException) {
      return "not a folder";
    }
    if (e instanceof FileSystemLoopException) {
      return "a symbolic link loop";
    }
    if (e instanceof FileSystemException fse && fse.getReason() != null) {
      String r = fse.getReason();
      return r.startsWith("Too many levels of symbolic links")
          ? "a symbolic link loop (too many levels of symbolic links)"
          : r.toLowerCase(java.util.Locale.ROOT);
    }
    String m = e.getMessage();
    return m == null ? "an I/O error" : m;
  }

  /** Depth-first walk that prunes excluded folders and records entries in tar order. */
  private static final class Walker {
    private final Path root;
    private final PatternMatcher matcher;
    private final List<ContextEntry> out;
    private final Map<Object, String> firstNameOfInode = new HashMap<>();

    Walker(Path root, PatternMatcher matcher, List<ContextEntry> out) {
      this.root = root;
      this.matcher = matcher;
      this.out = out;
    }

    void walkChildren(Path dir, String relDir) {
      List<String> names = new ArrayList<>();
      try (DirectoryStream<Path> children = Files.newDirectoryStream(dir)) {
        for (Path child : children) {
          names.add(child.getFileName().toString());
        }
      } catch (IOException e) {
        throw unreadable(relDir.isEmpty() ? "." : relDir, e);
      }
      names.sort(CODE_POINT_ORDER);
      for (String name : names) {
        String rel = relDir.isEmpty() ? name : relDir + "/" + name;
        visit(dir.resolve(name), rel);
      }
    }

    private void visit(Path path, String rel) {
      if (matcher.matches(rel)) {
        // An excluded folder is only walked when an exception may bring back something below it;
        // otherwise it costs nothing, not even a stat.
        if (matcher.mustDescendInto(rel) && Files.isDirectory(path, NOFOLLOW)) {
          walkChildren(path, rel);
        }
        return;
      }
      Map<String, Object> attrs;
      try {
        attrs = readAttributes(path);
      } catch (IOException e) {
        throw unreadable(rel, e);
      }
      out.add(toEntry(path, rel, attrs));
      if (Boolean.TRUE.equals(attrs.get("isDirectory"))) {
        walkChildren(path, rel);
      }
    }

    private ContextEntry toEntry(Path path, String rel, Map<String, Object> attrs) {
      long mtime = ((FileTime) attrs.get("lastModifiedTime")).toMillis() / 1000;
      int rawMode = (Integer) attrs.getOrDefault("mode", 0);
      // Permission bits plus setuid/setgid/sticky, as Go's tar.FileInfoHeader keeps them.
      int mode = UNIX_ATTRIBUTES ? rawMode & 07777 : defaultMode(attrs);
      if (Boolean.TRUE.equals(attrs.get("isDirectory"))) {
        return new ContextEntry(
            rel, path, ContextEntry.Type.DIRECTORY, mode, 0, mtime, Optional.empty(), 0, 0);
      }
      if (Boolean.TRUE.equals(attrs.get("isSymbolicLink"))) {
        try {
          String target = Files.readSymbolicLink(path).toString();
          return new ContextEntry(
              rel, path, ContextEntry.Type.SYMLINK, mode, 0, mtime, Optional.of(target), 0, 0);
        } catch (IOException e) {
          throw unreadable(rel, e);
        }
      }
      if (Boolean.TRUE.equals(attrs.get("isRegularFile"))) {
        Integer links = (Integer) attrs.get("nlink");
        if (links != null && links > 1) {
          String first = firstNameOfInode.putIfAbsent(attrs.get("ino"), rel);
          if (first != null) {
            return new ContextEntry(
                rel, path, ContextEntry.Type.HARDLINK, mode, 0, mtime, Optional.of(first), 0, 0);
          }
        }
        if (!Files.isReadable(path)) {
          throw unreadable(rel, new AccessDeniedException(rel));
        }
        long size = (Long) attrs.get("size");
        return new ContextEntry(
            rel, path, ContextEntry.Type.FILE, mode, size, mtime, Optional.empty(), 0, 0);
      }
      return special(path, rel, attrs, mode, mtime);
    }

    private ContextEntry special(
        Path path, String rel, Map<String, Object> attrs, int mode, long mtime) {
      int fileType = (Integer) attrs.getOrDefault("mode", 0) & 0170000;
      long rdev = attrs.get("rdev") instanceof Long r ? r : 0L;
      // Linux dev_t encoding (glibc's major()/minor()).
      int major = (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
      int minor = (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
      ContextEntry.Type type =
          switch (fileType) {
            case 0010000 -> ContextEntry.Type.FIFO;
            case 0020000 -> ContextEntry.Type.CHAR_DEVICE;
            case 0060000 -> ContextEntry.Type.BLOCK_DEVICE;
            default ->
                throw new ContextException(
                    "Cannot send "
                        + rel
                        + ": it is a socket, which a build context cannot hold. Add it to"
                        + " .dockerignore.");
          };
      return new ContextEntry(rel, path, type, mode, 0, mtime, Optional.empty(), major, minor);
    }

    private static int defaultMode(Map<String, Object> attrs) {
      return Boolean.TRUE.equals(attrs.get("isDirectory")) ? 0755 : 0644;
    }

    private static Map<String, Object> readAttributes(Path path) throws IOException {
      if (UNIX_ATTRIBUTES) {
        return Files.readAttributes(
            path,
            "unix:mode,ino,nlink,rdev,size,lastModifiedTime,isDirectory,isSymbolicLink,isRegularFile",
            NOFOLLOW);
      }
      return Files.readAttributes(path, "*", NOFOLLOW);
    }

    private ContextException unreadable(String rel, IOException e) {
      return new ContextException(
          "Cannot read "
              + rel
              + " in the build context "
              + root
              + " ("
              + reason(e)
              + "). Fix its permissions, or add it to .dockerignore.",
          e);
    }
  }
}
