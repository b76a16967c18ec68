package io.slipway.core.context;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Encodes tar headers as Go's archive/tar (and so the docker CLI) writes them: USTAR when the entry
 * fits, with a PAX extended header before it for what does not (names over 100 bytes that cannot be
 * split into prefix and name, non-ASCII names and link targets, sizes of 8 GiB and more). No record
 * padding: the archive ends with two zero blocks.
 */
final class TarHeaders {

  static final int BLOCK = 512;
  private static final long MAX_OCTAL_11 = 077777777777L;

  private TarHeaders() {}

  /** The header block(s) for {@code entry}: an optional PAX header with its data, then USTAR. */
  static byte[] encode(ContextEntry entry) {
    String name = entry.isDirectory() ? entry.name() + "/" : entry.name();
    Map<String, String> pax = new LinkedHashMap<>();
    String[] split = splitUstarPath(name);
    if (split == null) {
      pax.put("path", name);
      split = new String[] {"", asciiPrefix(name, 100)};
    }
    String link = entry.linkTarget().orElse("");
    if (!fitsAscii(link, 100)) {
      pax.put("linkpath", link);
      link = asciiPrefix(link, 100);
    }
    long size = entry.hasContent() ? entry.size() : 0;
    if (size > MAX_OCTAL_11) {
      pax.put("size", Long.toString(size));
    }
    byte[] ustar =
        ustar(
            split[1],
            split[0],
            entry.mode(),
            size > MAX_OCTAL_11 ? 0 : size,
            entry.modifiedSeconds(),
            typeFlag(entry.type()),
            link,
            entry.deviceMajor(),
            entry.deviceMinor());
    if (pax.isEmpty()) {
      return ustar;
    }
    byte[] records = paxRecords(pax);
    int padded = padded(records.length);
    byte[] out = new byte[BLOCK + padded + BLOCK];
    byte[] paxHeader =
        ustar(
            asciiPrefix(paxName(name), 100),
            "",
            0644,
            records.length,
            entry.modifiedSeconds(),
            (byte) 'x',
            "",
            0,
            0);
    System.arraycopy(paxHeader, 0, out, 0, BLOCK);
    System.arraycopy(records, 0, out, BLOCK, records.length);
    System.arraycopy(ustar, 0, out, BLOCK + padded, BLOCK);
    return out;
  }

  /** Bytes needed to pad {@code length} up to whole blocks. */
  static int padding(long length) {
    int rest = (int) (length % BLOCK);
    return rest == 0 ? 0 : BLOCK - rest;
  }

  private static int padded(int length) {
    return length + padding(length);
  }

  private static byte typeFlag(ContextEntry.Type type) {
    return switch (type) {
      case FILE -> '0';
      case HARDLINK -> '1';
      case SYMLINK -> '2';
      case CHAR_DEVICE -> '3';
      case BLOCK_DEVICE -> '4';
      case DIRECTORY -> '5';
      case FIFO -> '6';
    };
  }

  private static byte[] ustar(
      String name,
      String prefix,
      int mode,
      long size,
      long mtime,
      byte type,
      String link,
      int devMajor,
      int devMinor) {
    byte[] h = new byte[BLOCK];
    ascii(h, 0, 100, name);
    octal(h, 100, 8, mode);
    octal(h, 108, 8, 0); // uid
    octal(h, 116, 8, 0); // gid
    octal(h, 124, 12, size);
    octal(h, 136, 12, Math.max(0, Math.min(mtime, MAX_OCTAL_11)));
    h[156] = type;
    ascii(h, 157, 100, link);
    ascii(h, 257, 6, "ustar");
    h[263] = '0';
    h[264] = '0';
    octal(h, 329, 8, devMajor);
    octal(h, 337, 8, devMinor);
    ascii(h, 345, 155, prefix);
    // The checksum is computed with its own field read as spaces.
    java.util.Arrays.fill(h, 148, 156, (byte) ' ');
    int sum = 0;
    for (byte b : h) {
      sum += b & 0xff;
    }
    String digits = String.format("%06o", sum);
    ascii(h, 148, 6, digits);
    h[154] = 0;
    h[155] = ' ';
    return h;
  }

  /** Octal digits, zero-padded, then a NUL, filling the field. */
  private static void octal(byte[] h, int offset, int length, long value) {
    String digits = Long.toOctalString(value);
    int width = length - 1;
    int pad = width - digits.length();
    for (int i = 0; i < pad; i++) {
      h[offset + i] = '0';
    }
    for (int i = 0; i < digits.length(); i++) {
      h[offset + pad + i] = (byte) digits.charAt(i);
    }
    h[offset + width] = 0;
  }

  private static void ascii(byte[] h, int offset, int length, String s) {
    for (int i = 0; i < s.length() && i < length; i++) {
      h[offset + i] = (byte) s.charAt(i);
    }
  }

  private static boolean fitsAscii(String s, int length) {
    if (s.length() > length) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80 || s.charAt(i) == 0) {
        return false;
      }
    }
    return true;
  }

  private static String asciiPrefix(String s, int length) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && b.length() < length; i++) {
      char c = s.charAt(i);
      b.append(c < 0x80 && c != 0 ? c : '_');
    }
    return b.toString();
  }

  /** {prefix, name} when the path fits USTAR's two fields (split at a slash), else null. */
  private static String[] splitUstarPath(String path) {
    if (!fitsAscii(path, 100 + 1 + 155)) {
      return null;
    }
    if (path.length() <= 100) {
      return new String[] {"", path};
    }
    // Go splits at the first slash that leaves a name of at most 100 bytes.
    int from = Math.max(0, path.length() - 101);
    int slash = path.indexOf('/', from);
    while (slash >= 0 && slash < path.length() - 1) {
      String prefix = path.substring(0, slash);
      String name = path.substring(slash + 1);
      if (prefix.length() <= 155 && name.length() <= 100 && !name.isEmpty()) {
        return new String[] {prefix, name};
      }
      slash = path.indexOf('/', slash + 1);
    }
    return null;
  }

  private static String paxName(String name) {
    String trimmed = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    int slash = trimmed.lastIndexOf('/');
    String dir = slash < 0 ? "" : trimmed.substring(0, slash + 1);
    String file = slash < 0 ? trimmed : trimmed.substring(slash + 1);
    return dir + "PaxHeaders.0/" + file;
  }

  /** PAX records "LEN key=value\n", where LEN counts the whole record including itself. */
  private static byte[] paxRecords(Map<String, String> records) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> r : records.entrySet()) {
      String body = " " + r.getKey() + "=" + r.getValue() + "\n";
      int bodyBytes = body.getBytes(StandardCharsets.UTF_8).length;
      int length = bodyBytes + Integer.toString(bodyBytes).length();
      if (Integer.toString(length).length() != Integer.toString(bodyBytes).length()) {
        length = bodyBytes + Integer.toString(length).length();
      }
      out.append(length).append(body);
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
