package io.slipway.core.context;

import java.io.BufferedOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;

/**
 * Streams a {@link LocalContext} as a tar, straight from disk to the given stream: nothing is held
 * in memory or copied to a temp file. Entries as the docker CLI writes them (see {@link
 * TarHeaders}): owner 0:0 with empty user and group names, permission bits, second-precision times,
 * symlinks and hard links as links, PAX for long names and files of 8 GiB and more.
 *
 * <p>Uncompressed into a file or pipe, content goes from file to output inside the kernel ({@link
 * FileChannel#transferTo}); otherwise through one reused buffer.
 */
public final class ContextTarWriter {

  /** Told how many content bytes went out; called from the writing thread. */
  @FunctionalInterface
  public interface Progress {
    void sent(long contentBytesSoFar, long contentBytesTotal);

    Progress NONE = (sent, total) -> {};
  }

  private static final int BUFFER = 256 * 1024;
  private static final byte[] ZEROS = new byte[2 * TarHeaders.BLOCK];

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
    if (compression == Compression.IDENTITY && out instanceof FileOutputStream file) {
      writeTar(context, new ChannelSink(file.getChannel()), progress);
      return;
    }
    OutputStream compressed = compress(new NonClosing(out), compression);
    try (compressed) {
      writeTar(context, new StreamSink(compressed), progress);
    }
  }

  private static void writeTar(LocalContext context, Sink sink, Progress progress)
      throws IOException {
    long sent = 0;
    long total = context.contentBytes();
    for (ContextEntry entry : context.entries()) {
      byte[] header = TarHeaders.encode(entry);
      sink.write(header, header.length);
      if (entry.hasContent()) {
        copyContent(entry, sink);
        int pad = TarHeaders.padding(entry.size());
        if (pad > 0) {
          sink.write(ZEROS, pad);
        }
        sent += entry.size();
        progress.sent(sent, total);
      }
    }
    sink.write(ZEROS, ZEROS.length);
    sink.flush();
  }

  /** Copies exactly the size announced in the header; a file that changed is an error. */
  private static void copyContent(ContextEntry entry, Sink sink) throws IOException {
    try (FileChannel in = FileChannel.open(entry.source(), StandardOpenOption.READ)) {
      long copied = sink.copy(in, entry.size());
      if (copied < entry.size()) {
        throw changed(entry, "got shorter");
      }
      if (in.size() > entry.size()) {
        throw changed(entry, "grew");
      }
    } catch (NoSuchFileException e) {
      throw changed(entry, "was deleted");
    } catch (AccessDeniedException e) {
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

  private interface Sink {
    void write(byte[] bytes, int length) throws IOException;

    /** Copies up to {@code count} bytes from the start of {@code in}; returns how many. */
    long copy(FileChannel in, long count) throws IOException;

    void flush() throws IOException;
  }

  /** A file or pipe: the kernel moves file content (sendfile/splice), no copy through Java. */
  private static final class ChannelSink implements Sink {
    private final FileChannel out;

    ChannelSink(FileChannel out) {
      this.out = out;
    }

    @Override
    public void write(byte[] bytes, int length) throws IOException {
      java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes, 0, length);
      while (b.hasRemaining()) {
        out.write(b);
      }
    }

    @Override
    public long copy(FileChannel in, long count) throws IOException {
      long position = 0;
      while (position < count) {
        long n = in.transferTo(position, count - position, out);
        if (n <= 0) {
          break; // end of file: the caller reports a file that got shorter
        }
        position += n;
      }
      return position;
    }

    @Override
    public void flush() {}
  }

  /** Any stream (the request body, a compressor): one reused buffer. */
  private static final class StreamSink implements Sink {
    private final OutputStream out;
    private final byte[] buffer = new byte[BUFFER];

    StreamSink(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(byte[] bytes, int length) throws IOException {
      out.write(bytes, 0, length);
    }

    @Override
    public long copy(FileChannel in, long count) throws IOException {
      long copied = 0;
      InputStream stream = java.nio.channels.Channels.newInputStream(in);
      while (copied < count) {
        int n = stream.read(buffer, 0, (int) Math.min(buffer.length, count - copied));
        if (n < 0) {
          break;
        }
        out.write(buffer, 0, n);
        copied += n;
      }
      return copied;
    }

    @Override
    public void flush() throws IOException {
      out.flush();
    }
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

  /** Lets the compressor finish without closing the caller's stream. */
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
