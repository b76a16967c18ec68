package io.slipway.core.context;

import java.nio.file.Path;
import java.util.Optional;

/**
 * One entry of a build context, as it will be written to the tar.
 *
 * @param name the path inside the context, '/'-separated, no leading "./" (directories without a
 *     trailing slash)
 * @param source the file on disk
 * @param mode permission bits plus setuid/setgid/sticky (as docker's archive writes them)
 * @param size bytes of content (regular files only, else 0)
 * @param modifiedSeconds modification time, truncated to seconds as the docker CLI's tar does
 * @param linkTarget the target of a symlink, or the first name of a hard-linked file
 */
public record ContextEntry(
    String name,
    Path source,
    Type type,
    int mode,
    long size,
    long modifiedSeconds,
    Optional<String> linkTarget,
    int deviceMajor,
    int deviceMinor) {

  public enum Type {
    FILE,
    DIRECTORY,
    SYMLINK,
    /**
     * A second name for a file already in the context; sent as a tar hard link, without content.
     */
    HARDLINK,
    FIFO,
    CHAR_DEVICE,
    BLOCK_DEVICE
  }

  public boolean isDirectory() {
    return type == Type.DIRECTORY;
  }

  /** Entries that carry content in the tar. */
  public boolean hasContent() {
    return type == Type.FILE;
  }
}
