package io.slipway.core.profile;

import io.slipway.core.SlipwayException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A build's {@code --output}: where the result goes ({@code type=local|tar|image|cacheonly}) and,
 * for {@code local} and {@code tar}, the destination. The type is kept as written so that a
 * hand-edited profile with an unknown type loads and is reported by {@link ProfileValidation}.
 *
 * @param type {@code local}, {@code tar}, {@code image} or {@code cacheonly}
 * @param dest a folder ({@code local}), a file or {@code -} for standard output ({@code tar})
 */
public record OutputSpec(String type, Optional<String> dest) {

  public static final List<String> TYPES = List.of("local", "tar", "image", "cacheonly");

  public OutputSpec {
    Objects.requireNonNull(type, "type");
    dest = Objects.requireNonNull(dest, "dest").filter(d -> !d.isEmpty());
  }

  public static OutputSpec local(String dest) {
    return new OutputSpec("local", Optional.of(dest));
  }

  /**
   * Parses buildx's syntax: {@code type=local,dest=out} ({@code dest} may also be written {@code
   * destination}); a bare {@code PATH} means {@code type=local,dest=PATH}, and a bare {@code -}
   * means a tar on standard output.
   *
   * @throws SlipwayException for a field that is not {@code key=value} or an unknown key
   */
  public static OutputSpec parse(String text) {
    String t = text.trim();
    if (t.isEmpty()) {
      throw new SlipwayException(
          "An empty --output. Write type=local,dest=FOLDER, type=tar,dest=FILE, type=image or"
              + " type=cacheonly.");
    }
    if (!t.contains("=")) {
      return t.equals("-")
          ? new OutputSpec("tar", Optional.of("-"))
          : new OutputSpec("local", Optional.of(t));
    }
    String type = null;
    String dest = null;
    for (String field : t.split(",")) {
      int eq = field.indexOf('=');
      if (eq < 0) {
        throw new SlipwayException(
            "Invalid --output field \"" + field + "\": write key=value, e.g. type=local,dest=out.");
      }
      String key = field.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = field.substring(eq + 1).trim();
      switch (key) {
        case "type":
          type = value;
          break;
        case "dest":
        case "destination":
          dest = value;
          break;
        default:
          throw new SlipwayException(
              "Unknown --output key \""
                  + key
                  + "\". Slipway's --output takes type (local, tar, image, cacheonly) and dest.");
      }
    }
    if (type == null) {
      throw new SlipwayException(
          "--output \"" + text + "\" has no type. Add type=local, tar, image or cacheonly.");
    }
    return new OutputSpec(type, Optional.ofNullable(dest));
  }

  /** The problem with this output as a sentence naming the fix, or empty. */
  public Optional<String> problem() {
    if (!TYPES.contains(type)) {
      return Optional.of(
          "unknown output type \"" + type + "\". Use local, tar, image or cacheonly.");
    }
    boolean needsDest = type.equals("local") || type.equals("tar");
    if (needsDest && dest.isEmpty()) {
      return Optional.of(
          "type="
              + type
              + " needs a destination: add dest="
              + (type.equals("local") ? "FOLDER" : "FILE (or - for standard output)")
              + ".");
    }
    if (!needsDest && dest.isPresent()) {
      return Optional.of("type=" + type + " takes no destination. Remove dest=" + dest.get() + ".");
    }
    return Optional.empty();
  }

  /** The {@code --output} form. */
  public String toFlag() {
    return "type=" + type + dest.map(d -> ",dest=" + d).orElse("");
  }
}
