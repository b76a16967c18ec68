package io.slipway.core.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TarArchivesTest {

  @TempDir Path dir;

  private Path archive(TarArchives.Kind kind) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream compressed =
            switch (kind) {
              case GZIP -> new GzipCompressorOutputStream(bytes);
              case BZIP2 -> new BZip2CompressorOutputStream(bytes);
              case XZ -> new XZCompressorOutputStream(bytes);
              case TAR -> bytes;
            };
        TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed)) {
      for (String[] f :
          new String[][] {{"a.txt", "aaa"}, {"./build/Dockerfile", "FROM scratch\n"}}) {
        byte[] content = f[1].getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(f[0]);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
    Path file = dir.resolve("ctx-" + kind);
    Files.write(file, bytes.toByteArray());
    return file;
  }

  @ParameterizedTest
  @EnumSource(TarArchives.Kind.class)
  void everyCompressionIsRecognisedAndItsEntriesRead(TarArchives.Kind kind) throws IOException {
    Path file = archive(kind);
    assertThat(TarArchives.detect(file)).contains(kind);
    assertThat(TarArchives.readEntry(file, "build/Dockerfile", 1024)).contains("FROM scratch\n");
    assertThat(TarArchives.readEntry(file, "missing", 1024)).isEmpty();
    assertThat(TarArchives.readEntry(file, "build/Dockerfile", 4)).isEmpty();
  }

  @Test
  void aDockerfileOrGzippedTextIsNoArchive() throws IOException {
    Path dockerfile = dir.resolve("Dockerfile");
    Files.writeString(dockerfile, "FROM scratch\nCOPY . /\n".repeat(40));
    assertThat(TarArchives.detect(dockerfile)).isEmpty();
    Path gzText = dir.resolve("text.gz");
    try (OutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(gzText))) {
      out.write("FROM scratch\n".repeat(100).getBytes(StandardCharsets.UTF_8));
    }
    assertThat(TarArchives.detect(gzText)).isEmpty();
    Path empty = dir.resolve("empty");
    Files.write(empty, new byte[0]);
    assertThat(TarArchives.detect(empty)).isEmpty();
  }
}
