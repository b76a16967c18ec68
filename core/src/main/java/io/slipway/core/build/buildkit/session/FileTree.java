package io.slipway.core.build.buildkit.session;

import io.slipway.core.build.buildkit.session.proto.Stat;
import io.slipway.core.context.LocalContext;
import io.slipway.core.context.PatternMatcher;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What one DiffCopy call sends: the entries of a directory in fsutil's walk order (depth-first,
 * names in byte order within each directory, a directory before its children), filtered by the
 * engine's include and exclude patterns, each with the Stat the engine keys its incremental cache
 * on.
 *
 * <p>Excludes have {@code .dockerignore} semantics (the engine sends the file's patterns; {@link
 * PatternMatcher} is the CLI's matcher). Includes and {@code followpaths} keep only matching paths
 * and the folders leading to them; the engine's first two calls use them to read just the
 * Dockerfile and {@code .dockerignore}.
 */
final class FileTree {

  /** One entry: its Stat, and where its content is (a file, or bytes in memory). */
  record Entry(Stat stat, Path source, byte[] content) {
    boolean hasContent() {
      return GoFileMode.isRegular(stat.getMode()) && stat.getLinkname().isEmpty();
    }
  }

  /** The engine's filters for one call; null lists mean "no filter". */
  record Filter(List<String> includes, List<String> excludes, List<String> followPaths) {
    static final Filter NONE = new Filter(null, null, null);
  }

  private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};
  private static final String UNIX_ATTRIBUTES = "unix:mode,ino,nlink,rdev,size,lastModifiedTime";
  private static final boolean UNIX =
      java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

  /** Go sorts names bytewise in UTF-8: code point order, not Java's UTF-16 order. */
  static final Comparator<String> BYTE_ORDER = LocalContext.CODE_POINT_ORDER;

  private FileTree() {}

  /** The entries of {@code dir} the filter lets through. */
  static List<Entry> list(SyncedDir dir, Filter filter) throws IOException {
    if (dir instanceof SyncedDir.SingleFile single) {
      Stat stat =
          Stat.newBuilder()
              .setPath(single.fileName())
              .setMode(0644)
              .setSize(single.content().length)
              .setModTime(single.modifiedNanos())
              .build();
      Includes includes = Includes.of(filter, null);
      if (includes != null && includes.test(single.fileName(), false) == Includes.Verdict.OUT) {
        return List.of();
      }
      return List.of(new Entry(stat, null, single.content()));
    }
    Path root = ((SyncedDir.Folder) dir).path().toRealPath();
    List<Entry> out = new ArrayList<>();
    PatternMatcher excludes =
        filter.excludes() == null || filter.excludes().isEmpty()
            ? null
            : PatternMatcher.compile(filter.excludes());
    new Walk(root, Includes.of(filter, root), excludes, out).children(root, "");
    return out;
  }

  /** Include patterns (with followpaths resolved into more of them), as fsutil matches them. */
  static final class Includes {
    enum Verdict {
      /** Not included; a folder is not walked. */
      OUT,
      /** A folder on the way to an included path: sent, and walked. */
      PARTIAL,
      /** Included, and everything below it. */
      IN
    }

    private final List<String> patterns;

    private Includes(List<String> patterns) {
      this.patterns = patterns;
    }

    static Includes of(Filter filter, Path root) {
      if (filter.includes() == null && filter.followPaths() == null) {
        return null;
      }
      List<String> all = new ArrayList<>();
      if (filter.includes() != null) {
        filter.includes().forEach(p -> all.add(clean(p)));
      }
      if (filter.followPaths() != null) {
        for (String p : filter.followPaths()) {
          all.add(clean(p));
          if (root != null) {
            followLink(root, clean(p)).ifPresent(all::add);
          }
        }
      }
      return new Includes(all);
    }

    /** Where a followed path's symlink points, relative to the root, if inside it. */
    private static java.util.Optional<String> followLink(Path root, String rel) {
      try {
        Path p = root.resolve(rel);
        if (!Files.isSymbolicLink(p)) {
          return java.util.Optional.empty();
        }
        Path target = p.toRealPath();
        if (target.startsWith(root) && !target.equals(root)) {
          return java.util.Optional.of(root.relativize(target).toString().replace('\\', '/'));
        }
      } catch (IOException e) {
        // A dangling link: nothing more to include.
      }
      return java.util.Optional.empty();
    }

    Verdict test(String path, boolean directory) {
      int depth = segments(path);
      boolean partial = false;
      for (String pattern : patterns) {
        String[] parts = pattern.split("/");
        if (parts.length > depth) {
          if (!directory) {
            continue;
          }
          String prefix = String.join("/", java.util.Arrays.copyOf(parts, depth));
          if (PatternMatcher.compile(List.of(prefix)).matches(path)) {
            partial = true;
          }
        } else if (PatternMatcher.compile(List.of(pattern)).matches(path)) {
          return Verdict.IN;
        }
      }
      return partial ? Verdict.PARTIAL : Verdict.OUT;
    }

    private static int segments(String path) {
      int n = 1;
      for (int i = 0; i < path.length(); i++) {
        if (path.charAt(i) == '/') {
          n++;
        }
      }
      return n;
    }

    private static String clean(String p) {
      String s = p.replace('\\', '/');
      while (s.startsWith("./")) {
        s = s.substring(2);
      }
      while (s.startsWith("/")) {
        s = s.substring(1);
      }
      while (s.endsWith("/") && s.length() > 1) {
        s = s.substring(0, s.length() - 1);
      }
      return s;
    }
  }

  private static final class Walk {
    private final Path root;
    private final Includes includes;
    private final PatternMatcher excludes;
    private final List<Entry> out;
    private final Map<Object, String> firstNameOfInode = new HashMap<>();

    Walk(Path root, Includes includes, PatternMatcher excludes, List<Entry> out) {
      this.root = root;
      this.includes = includes;
      this.excludes = excludes;
      this.out = out;
    }

    void children(Path dir, String relDir) throws IOException {
      List<String> names = new ArrayList<>();
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
        for (Path child : stream) {
          names.add(child.getFileName().toString());
        }
      } catch (NoSuchFileException e) {
        return; // removed while walking, as fsutil skips it
      }
      names.sort(BYTE_ORDER);
      for (String name : names) {
        visit(dir.resolve(name), relDir.isEmpty() ? name : relDir + "/" + name);
      }
    }

    private void visit(Path path, String rel) throws IOException {
      Map<String, Object> attrs;
      try {
        attrs = UNIX ? Files.readAttributes(path, UNIX_ATTRIBUTES, NOFOLLOW) : basic(path);
      } catch (NoSuchFileException e) {
        return;
      } catch (IOException e) {
        throw new IOException(
            "cannot read " + rel + " in " + root + " (" + e.getMessage() + ")", e);
      }
      int mode = GoFileMode.fromPosix((Integer) attrs.get("mode"));
      boolean directory = GoFileMode.isDirectory(mode);
      if (includes != null) {
        Includes.Verdict v = includes.test(rel, directory);
        if (v == Includes.Verdict.OUT) {
          return;
        }
      }
      if (excludes != null && excludes.matches(rel)) {
        // fsutil still walks (and sends) an excluded folder when an exception may bring back
        // something below it.
        if (!directory || !excludes.mustDescendInto(rel)) {
          return;
        }
      }
      if ((mode & GoFileMode.SOCKET) != 0) {
        return; // a socket cannot be part of a build context
      }
      out.add(new Entry(stat(path, rel, mode, attrs), path, null));
      if (directory) {
        children(path, rel);
      }
    }

    /** Without POSIX attributes (Windows): 0755 for everything, as the docker CLI sends there. */
    private static Map<String, Object> basic(Path path) throws IOException {
      java.nio.file.attribute.BasicFileAttributes b =
          Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class, NOFOLLOW);
      Map<String, Object> m = new HashMap<>();
      int type = b.isDirectory() ? 0040000 : b.isSymbolicLink() ? 0120000 : 0100000;
      m.put("mode", type | 0755);
      m.put("size", b.size());
      m.put("lastModifiedTime", b.lastModifiedTime());
      m.put("nlink", 1);
      m.put("ino", path.toString());
      m.put("rdev", 0L);
      return m;
    }

    private Stat stat(Path path, String rel, int mode, Map<String, Object> attrs)
        throws IOException {
      FileTime mtime = (FileTime) attrs.get("lastModifiedTime");
      // uid and gid 0, as the docker CLI sends them (its resetUIDAndGID).
      Stat.Builder b =
          Stat.newBuilder()
              .setPath(rel)
              .setMode(mode)
              .setModTime(
                  mtime.to(TimeUnit.SECONDS) * 1_000_000_000L + mtime.toInstant().getNano());
      if (GoFileMode.isDirectory(mode)) {
        return b.build();
      }
      b.setSize((Long) attrs.get("size"));
      if (GoFileMode.isSymlink(mode)) {
        b.setLinkname(Files.readSymbolicLink(path).toString());
      } else if ((mode & GoFileMode.DEVICE) != 0) {
        long rdev = (Long) attrs.get("rdev");
        b.setDevmajor((rdev >>> 8) & 0xfff).setDevminor((rdev & 0xff) | ((rdev >>> 12) & 0xfff00));
      } else if (GoFileMode.isRegular(mode) && (Integer) attrs.get("nlink") > 1) {
        String first = firstNameOfInode.putIfAbsent(attrs.get("ino"), rel);
        if (first != null) {
          b.setLinkname(first).setSize(0);
        }
      }
      return b.build();
    }
  }
}
