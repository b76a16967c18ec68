package io.slipway.core.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ContextTarWriterTest {

  @TempDir Path dir;

  @BeforeEach
  void context() throws IOException {
    Files.writeString(dir.resolve("Dockerfile"), "FROM scratch\nCOPY . /\n");
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.writeString(bin.resolve("run.sh"), "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(
        bin.resolve("run.sh"), PosixFilePermissions.fromString("rwxr-x---"));
    Files.setLastModifiedTime(
        bin.resolve("run.sh"), FileTime.fromMillis(1_700_000_000_987L)); // sub-second part dropped
    Files.createSymbolicLink(dir.resolve("latest"), Path.of("bin/run.sh"));
    String longName = "a".repeat(120) + "/" + "b".repeat(120) + ".txt";
    Files.createDirectories(dir.resolve(longName).getParent());
    Files.writeString(dir.resolve(longName), "long");
    Files.writeString(dir.resolve("ünïcødé.txt"), "u");
  }

  private Map<String, TarArchiveEntry> read(byte[] tar, Map<String, String> contents)
      throws IOException {
    Map<String, TarArchiveEntry> entries = new LinkedHashMap<>();
    try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar))) {
      TarArchiveEntry e;
      while ((e = in.getNextEntry()) != null) {
        entries.put(e.getName(), e);
        if (e.isFile()) {
          contents.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
      }
    }
    return entries;
  }

  @Test
  void writesEntriesAsTheDockerCliDoes() throws IOException {
    LocalContext context = LocalContext.scan(dir, null);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long[] progress = {0, 0};
    ContextTarWriter.write(
        context,
        out,
        Compression.IDENTITY,
        (sent, total) -> {
          progress[0] = sent;
          progress[1] = total;
        });

    Map<String, String> contents = new LinkedHashMap<>();
    Map<String, TarArchiveEntry> entries = read(out.toByteArray(), contents);

    String longName = "a".repeat(120) + "/" + "b".repeat(120) + ".txt";
    assertThat(entries.keySet())
        .containsExactly(
            "Dockerfile",
            "a".repeat(120) + "/",
            longName,
            "bin/",
            "bin/run.sh",
            "latest",
            "ünïcødé.txt");
    TarArchiveEntry script = entries.get("bin/run.sh");
    assertThat(script.getMode()).isEqualTo(0750);
    assertThat(script.getLongUserId()).isZero();
    assertThat(script.getLongGroupId()).isZero();
    assertThat(script.getUserName()).isEmpty();
    assertThat(script.getModTime().getTime()).isEqualTo(1_700_000_000_000L);
    assertThat(entries.get("latest").isSymbolicLink()).isTrue();
    assertThat(entries.get("latest").getLinkName()).isEqualTo("bin/run.sh");
    assertThat(entries.get("bin/").isDirectory()).isTrue();
    assertThat(contents).containsEntry("bin/run.sh", "#!/bin/sh\necho hi\n");
    assertThat(contents).containsEntry(longName, "long");
    assertThat(contents).containsEntry("ünïcødé.txt", "u");
    assertThat(progress[0]).isEqualTo(progress[1]).isEqualTo(context.contentBytes());
  }

  @Test
  void theSameTreeGivesTheSameBytes() throws IOException {
    ByteArrayOutputStream a = new ByteArrayOutputStream();
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    ContextTarWriter.write(
        LocalContext.scan(dir, null), a, Compression.IDENTITY, ContextTarWriter.Progress.NONE);
    ContextTarWriter.write(
        LocalContext.scan(dir, null), b, Compression.IDENTITY, ContextTarWriter.Progress.NONE);
    assertThat(a.toByteArray()).isEqualTo(b.toByteArray());
  }

  @ParameterizedTest
  @EnumSource(Compression.class)
  void compressesWithEachAlgorithm(Compression compression) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ContextTarWriter.write(
        LocalContext.scan(dir, null), out, compression, ContextTarWriter.Progress.NONE);
    InputStream raw = new ByteArrayInputStream(out.toByteArray());
    InputStream in =
        switch (compression) {
          case IDENTITY -> raw;
          case GZIP -> new GZIPInputStream(raw);
          case BZIP2 -> new BZip2CompressorInputStream(raw);
          case XZ -> new XZCompressorInputStream(raw);
        };
    Map<String, String> contents = new LinkedHashMap<>();
    read(in.readAllBytes(), contents);
    assertThat(contents).containsEntry("Dockerfile", "FROM scratch\nCOPY . /\n");
  }

  @Test
  void aFileThatChangedWhileSendingIsAClearError() throws IOException {
    LocalContext context = LocalContext.scan(dir, null);
    Files.writeString(dir.resolve("bin/run.sh"), "now longer than it was when scanned\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                ContextTarWriter.write(
                    context,
                    new ByteArrayOutputStream(),
                    Compression.IDENTITY,
                    ContextTarWriter.Progress.NONE))
        .isInstanceOf(ContextException.class)
        .hasMessageContaining("bin/run.sh grew while the build context was being sent");
  }

  @Test
  void writesTheSameBytesIntoAFileAsIntoAStream() throws IOException {
    LocalContext context = LocalContext.scan(dir, null);
    ByteArrayOutputStream stream = new ByteArrayOutputStream();
    ContextTarWriter.write(context, stream, Compression.IDENTITY, ContextTarWriter.Progress.NONE);
    Path file = Files.createTempFile("slipway-context", ".tar");
    try {
      try (java.io.FileOutputStream out = new java.io.FileOutputStream(file.toFile())) {
        ContextTarWriter.write(context, out, Compression.IDENTITY, ContextTarWriter.Progress.NONE);
      }
      assertThat(Files.readAllBytes(file)).isEqualTo(stream.toByteArray());
    } finally {
      Files.delete(file);
    }
  }
}
