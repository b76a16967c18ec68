package io.slipway.core.context;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * Tells a tar archive (plain, gzip, bzip2 or xz) from anything else, as the docker CLI's {@code
 * IsArchive} does: by the compression's magic bytes, then a valid tar header.
 */
public final class TarArchives {

  /** The compression an archive is in, from its first bytes. */
  public enum Kind {
    TAR,
    GZIP,
    BZIP2,
    XZ
  }

  private static final byte[] GZIP = {(byte) 0x1f, (byte) 0x8b, 0x08};
  private static final byte[] BZIP2 = {'B', 'Z', 'h'};
  private static final byte[] XZ = {(byte) 0xfd, '7', 'z', 'X', 'Z', 0x00};
  private static final int HEADER = 512;

  private TarArchives() {}

  /**
   * What the file is: a tar archive of some kind, or empty for anything else (a Dockerfile, say).
   */
  public static Optional<Kind> detect(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] head = in.readNBytes(HEADER);
      Kind compression = compressionOf(head);
      if (compression == Kind.TAR) {
        return isTarHeader(head) ? Optional.of(Kind.TAR) : Optional.empty();
      }
      // Compressed: it is an archive when what it decompresses to starts with a tar header.
      try (InputStream raw = Files.newInputStream(file);
          InputStream plain = decompress(raw, compression)) {
        return isTarHeader(plain.readNBytes(HEADER)) ? Optional.of(compression) : Optional.empty();
      } catch (IOException corrupt) {
        return Optional.empty();
      }
    }
  }

  /** The compression named by the first bytes; {@link Kind#TAR} when none is recognised. */
  static Kind compressionOf(byte[] head) {
    if (startsWith(head, GZIP)) {
      return Kind.GZIP;
    }
    if (startsWith(head, BZIP2)) {
      return Kind.BZIP2;
    }
    if (startsWith(head, XZ)) {
      return Kind.XZ;
    }
    return Kind.TAR;
  }

  /**
   * The text of the entry {@code name} in the archive, when it is there and not larger than {@code
   * maxBytes}; read by streaming through the archive up to that entry.
   */
  public static Optional<String> readEntry(Path archive, String name, int maxBytes)
      throws IOException {
    String wanted = normalize(name);
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
        InputStream plain = decompress(raw, compressionOf(peek(archive)));
        TarArchiveInputStream tar = new TarArchiveInputStream(plain)) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (entry.isFile() && normalize(entry.getName()).equals(wanted)) {
          if (entry.getSize() > maxBytes) {
            return Optional.empty();
          }
          return Optional.of(new String(tar.readNBytes(maxBytes), StandardCharsets.UTF_8));
        }
      }
      return Optional.empty();
    }
  }

  private static byte[] peek(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return in.readNBytes(8);
    }
  }

  private static String normalize(String name) {
    String n = name;
    while (n.startsWith("./")) {
      n = n.substring(2);
    }
    while (n.startsWith("/")) {
      n = n.substring(1);
    }
    return n;
  }

  private static InputStream decompress(InputStream in, Kind kind) throws IOException {
    return switch (kind) {
      case GZIP -> new GzipCompressorInputStream(in, true);
      case BZIP2 -> new BZip2CompressorInputStream(in, true);
      case XZ -> new XZCompressorInputStream(in);
      case TAR -> in;
    };
  }

  /**
   * A tar header: the checksum in bytes 148–155 matches the header's own sum (as Go's archive/tar
   * checks it), which holds for ustar, GNU and old v7 headers alike.
   */
  static boolean isTarHeader(byte[] header) {
    if (header.length < HEADER || header[0] == 0) {
      return false;
    }
    String field = new String(header, 148, 8, StandardCharsets.US_ASCII).trim();
    int nul = field.indexOf('\0');
    if (nul >= 0) {
      field = field.substring(0, nul).trim();
    }
    long stored;
    try {
      stored = Long.parseLong(field, 8);
    } catch (NumberFormatException e) {
      return false;
    }
    long unsigned = 0;
    long signed = 0;
    for (int i = 0; i < HEADER; i++) {
      int b = (i >= 148 && i < 156) ? ' ' : header[i];
      unsigned += b & 0xff;
      signed += (byte) b;
    }
    return stored == unsigned || stored == signed;
  }

  private static boolean startsWith(byte[] data, byte[] prefix) {
    return data.length >= prefix.length
        && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
  }
}
