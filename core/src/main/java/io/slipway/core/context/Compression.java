package io.slipway.core.context;

import io.slipway.core.SlipwayException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** How the context tar is compressed on its way to the engine. dockerd accepts all four. */
public enum Compression {
  IDENTITY("identity"),
  GZIP("gzip"),
  BZIP2("bzip2"),
  XZ("xz");

  private final String cliName;

  Compression(String cliName) {
    this.cliName = cliName;
  }

  public String cliName() {
    return cliName;
  }

  /** Parses {@code identity|none|gzip|bzip2|xz}, in any case. */
  public static Compression parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("none") || t.equals("uncompressed")) {
      return IDENTITY;
    }
    for (Compression c : values()) {
      if (c.cliName.equals(t)) {
        return c;
      }
    }
    throw new SlipwayException(
        "Unknown compression \""
            + text
            + "\". Use one of: "
            + Arrays.stream(values()).map(Compression::cliName).collect(Collectors.joining(", "))
            + ".");
  }
}
