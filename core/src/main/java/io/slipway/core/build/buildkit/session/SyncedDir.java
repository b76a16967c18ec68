package io.slipway.core.build.buildkit.session;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A directory the engine may read through FileSync, by the name it asks for ({@code context},
 * {@code dockerfile}): a folder on disk, or one file held in memory (an inline Dockerfile).
 */
public sealed interface SyncedDir {

  /** The name the engine asks for in the {@code dir-name} metadata. */
  String name();

  /** A folder on disk. */
  record Folder(String name, Path path) implements SyncedDir {
    public Folder {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(path, "path");
    }
  }

  /** A directory holding one file, whose content is in memory. */
  record SingleFile(String name, String fileName, byte[] content, long modifiedNanos)
      implements SyncedDir {
    public SingleFile {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(fileName, "fileName");
      content = content.clone();
    }

    /** An inline Dockerfile, served as the {@code dockerfile} directory. */
    public static SingleFile dockerfile(String text) {
      return new SingleFile("dockerfile", "Dockerfile", text.getBytes(StandardCharsets.UTF_8), 0L);
    }
  }
}
