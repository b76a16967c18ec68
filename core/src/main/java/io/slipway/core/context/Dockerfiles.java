package io.slipway.core.context;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the Dockerfiles in a folder, for a person to pick one: {@code Dockerfile}, {@code
 * Dockerfile.*}, {@code *.dockerfile} and {@code Containerfile}, up to three levels down, hidden
 * folders, dependencies and build output skipped. Reads the disk.
 */
public final class Dockerfiles {

  /** Folders never searched: dependencies and build output. */
  static final Set<String> SKIPPED =
      Set.of("node_modules", "target", "build", "dist", "vendor", "out", "__pycache__", "venv");

  static final int SEARCH_DEPTH = 3;

  private Dockerfiles() {}

  /**
   * The Dockerfiles under {@code folder} as relative '/'-separated paths: the top-level {@code
   * Dockerfile} first, then by depth and name. Empty when there are none or the folder cannot be
   * read.
   */
  public static List<String> find(Path folder) {
    List<Path> found = new ArrayList<>();
    try {
      Files.walkFileTree(
          folder,
          EnumSet.noneOf(FileVisitOption.class),
          SEARCH_DEPTH,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
              String n = name(dir);
              if (!dir.equals(folder) && (n.startsWith(".") || SKIPPED.contains(n))) {
                return FileVisitResult.SKIP_SUBTREE;
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
              if (attrs.isRegularFile() && isDockerfileName(name(file))) {
                found.add(folder.relativize(file));
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      return List.of();
    }
    return found.stream()
        .sorted(
            Comparator.<Path>comparingInt(p -> p.toString().equals("Dockerfile") ? 0 : 1)
                .thenComparingInt(Path::getNameCount)
                .thenComparing(Path::toString))
        .map(p -> p.toString().replace('\\', '/'))
        .toList();
  }

  /** Whether a file name is a Dockerfile's by convention. */
  public static boolean isDockerfileName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.equals("dockerfile")
        || n.startsWith("dockerfile.")
        || n.endsWith(".dockerfile")
        || n.equals("containerfile");
  }

  private static String name(Path p) {
    Path n = p.getFileName();
    return n == null ? p.toString() : n.toString();
  }
}
