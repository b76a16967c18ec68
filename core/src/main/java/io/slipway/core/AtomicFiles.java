package io.slipway.core;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a file so that a reader (or a crash) sees either the old file whole or the new one
 * whole: the content goes to a temporary file beside it, is forced to disk, renamed over the
 * target, and the folder is forced so the rename itself lasts. Profiles, settings and the history
 * are written this way.
 */
public final class AtomicFiles {

  /** Writes the new content; the stream is buffered and must not be closed. */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  /**
   * @param tempSuffix how the temporary file's name ends, so that a store can recognise (and
   *     remove) one left behind by a crash; it starts with {@code "." + target's name + "."}
   * @throws IOException when the content could not be written; the old file is then unchanged and
   *     the temporary file removed
   */
  public static void write(Path target, String tempSuffix, Content content) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", tempSuffix);
    try {
      try (FileChannel channel =
          FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        // Not closed by the writer: the channel must stay open for the force below.
        OutputStream out =
            new BufferedOutputStream(
                new FilterOutputStream(Channels.newOutputStream(channel)) {
                  @Override
                  public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                  }

                  @Override
                  public void close() {}
                },
                1 << 16);
        content.writeTo(out);
        out.flush();
        channel.force(true);
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
      temp = null;
      forceDirectory(dir);
    } finally {
      if (temp != null) {
        Files.deleteIfExists(temp);
      }
    }
  }

  /** {@link #write(Path, String, Content)} for content already in memory. */
  public static void write(Path target, String tempSuffix, byte[] bytes) throws IOException {
    write(target, tempSuffix, out -> out.write(bytes));
  }

  /** Makes a rename durable (POSIX); Windows cannot open a folder, and needs not. */
  private static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not possible here; the rename is still atomic.
    }
  }
}
