package io.slipway.core.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A file over 8 GiB (the USTAR size limit) is sent whole, with its size in a PAX header. */
class LargeFileTarIT {

  @TempDir Path dir;

  @Test
  void filesOver8GiBGetAPaxSize() throws IOException {
    long size = 8L * 1024 * 1024 * 1024 + 4097; // sparse: costs no disk
    Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\n");
    try (RandomAccessFile f = new RandomAccessFile(dir.resolve("huge.bin").toFile(), "rw")) {
      f.setLength(size);
    }
    LocalContext context = LocalContext.scan(dir, null);
    HeadAndCount out = new HeadAndCount(8192);

    ContextTarWriter.write(context, out, Compression.IDENTITY, ContextTarWriter.Progress.NONE);

    // Dockerfile: header + 1 block; huge.bin: PAX header + records + header + content padded;
    // then the two zero blocks that end the archive.
    long contentBlocks = (size + 511) / 512 * 512;
    assertThat(out.count).isEqualTo(512 + 512 + 512 + 512 + 512 + contentBlocks + 1024);
    try (TarArchiveInputStream in =
        new TarArchiveInputStream(new ByteArrayInputStream(out.head.toByteArray()))) {
      assertThat(in.getNextEntry().getName()).isEqualTo("Dockerfile");
      TarArchiveEntry huge = in.getNextEntry();
      assertThat(huge.getName()).isEqualTo("huge.bin");
      assertThat(huge.getSize()).isEqualTo(size);
    }
  }

  /** Keeps the first bytes (the headers) and counts the rest. */
  private static final class HeadAndCount extends OutputStream {
    final ByteArrayOutputStream head = new ByteArrayOutputStream();
    final int keep;
    long count;

    HeadAndCount(int keep) {
      this.keep = keep;
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (count < keep) {
        head.write(b, off, (int) Math.min(len, keep - count));
      }
      count += len;
    }
  }
}
