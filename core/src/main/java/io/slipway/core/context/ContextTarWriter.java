package io.slipway.core.context;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

/**
 * Streams a {@link LocalContext} as a tar, straight from disk to the given stream: nothing is held
 * in memory or copied to a temp file. Entries as the docker CLI writes them: owner 0:0 with empty
 * user and group names, permission bits, second-precision times, symlinks as links, hard links as
 * links, PAX headers for long names and for files over 8 GiB.
 */
public final class ContextTarWriter {

  /** Told how many content bytes went out; called from the writing thread. */
  @FunctionalInterface
  public interface Progress {
    void sent(long contentBytesSoFar, long contentBytesTotal);

    Progress NONE = (sent, total) -> {};
  }

  private static final int BUFFER = 256 * 1024;

  private ContextTarWriter() {}

  /**
   * Writes the whole context to {@code out} and finishes the compressed stream; does not close
   * {@code out}.
   *
   * @throws ContextException when a file vanished or changed size while being sent
   * @throws IOException when {@code out} fails (the engine went away, the build was cancelled)
   */
  public static void write(
      LocalContext context, OutputStream out, Compression compression, Progress progress)
      throws IOException {
    OutputStream compressed = compress(new NonClosing(out), compression);
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed, BUFFER)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      tar.setAddPaxHeadersForNonAsciiNames(true);
      byte[] buffer = new byte[BUFFER];
      long sent = 0;
      long total = context.contentBytes();
      for (ContextEntry entry : context.entries()) {
        tar.putArchiveEntry(header(entry));
        if (entry.hasContent()) {
          copyExactly(entry, tar, buffer);
          sent += entry.size();
          progress.sent(sent, total);
        }
        tar.closeArchiveEntry();
      }
      tar.finish();
    }
  }

  private static TarArchiveEntry header(ContextEntry entry) {
    TarArchiveEntry tar =
        switch (entry.type()) {
          case DIRECTORY -> new TarArchiveEntry(entry.name() + "/", TarConstants.LF_DIR, true);
          case FILE -> new TarArchiveEntry(entry.name(), TarConstants.LF_NORMAL, true);
          case SYMLINK -> linkEntry(entry, TarConstants.LF_SYMLINK);
          case HARDLINK -> linkEntry(entry, TarConstants.LF_LINK);
          case FIFO -> new TarArchiveEntry(entry.name(), TarConstants.LF_FIFO, true);
          case CHAR_DEVICE -> device(entry, TarConstants.LF_CHR);
          case BLOCK_DEVICE -> device(entry, TarConstants.LF_BLK);
        };
    tar.setMode(entry.mode());
    tar.setSize(entry.size());
    tar.setModTime(entry.modifiedSeconds() * 1000);
    tar.setIds(0, 0);
    tar.setNames("", "");
    return tar;
  }

  private static TarArchiveEntry linkEntry(ContextEntry entry, byte type) {
    TarArchiveEntry tar = new TarArchiveEntry(entry.name(), type, true);
    tar.setLinkName(entry.linkTarget().orElseThrow());
    return tar;
  }

  private static TarArchiveEntry device(ContextEntry entry, byte type) {
    TarArchiveEntry tar = new TarArchiveEntry(entry.name(), type, true);
    tar.setDevMajor(entry.deviceMajor());
    tar.setDevMinor(entry.deviceMinor());
    return tar;
  }

  /** Copies exactly the size announced in the header; a file that changed is an error. */
  private static void copyExactly(ContextEntry entry, OutputStream tar, byte[] buffer)
      throws IOException {
    long remaining = entry.size();
    try (InputStream in = Files.newInputStream(entry.source())) {
      while (remaining > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
        if (n < 0) {
          throw changed(entry, "got shorter");
        }
        tar.write(buffer, 0, n);
        remaining -= n;
      }
      if (in.read() >= 0) {
        throw changed(entry, "grew");
      }
    } catch (java.nio.file.NoSuchFileException e) {
      throw changed(entry, "was deleted");
    } catch (java.nio.file.AccessDeniedException e) {
      throw new ContextException(
          "Cannot read "
              + entry.name()
              + " (permission denied). Fix its permissions, or add it to .dockerignore.",
          e);
    }
  }

  private static ContextException changed(ContextEntry entry, String how) {
    return new ContextException(
        "The file "
            + entry.name()
            + " "
            + how
            + " while the build context was being sent. Build again once it is no longer being"
            + " written.");
  }

  private static OutputStream compress(OutputStream out, Compression compression)
      throws IOException {
    return switch (compression) {
      case IDENTITY -> new BufferedOutputStream(out, BUFFER);
      case GZIP -> new GZIPOutputStream(out, BUFFER);
      case BZIP2 -> new BZip2CompressorOutputStream(new BufferedOutputStream(out, BUFFER));
      case XZ -> new XZCompressorOutputStream(new BufferedOutputStream(out, BUFFER));
    };
  }

  /** Lets the tar and compressor streams finish without closing the caller's stream. */
  private static final class NonClosing extends java.io.FilterOutputStream {
    NonClosing(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      out.flush();
    }
  }
}
