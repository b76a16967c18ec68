package io.slipway.core.profile;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Profile names and the file names derived from them. A name is what the user sees and types; it is
 * unique ignoring case. The file name is only a readable, safe hint: lowercase letters, digits,
 * '-', '_' and '.', no path separators, no names Windows reserves. The store finds a profile by the
 * name inside its file, so two names that give the same file name are still two profiles.
 */
public final class ProfileNames {

  /** Longest name accepted; file names are cut shorter. */
  public static final int MAX_LENGTH = 100;

  private static final int MAX_STEM = 60;
  private static final Set<String> WINDOWS_RESERVED =
      Set.of(
          "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
          "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

  private ProfileNames() {}

  /** The key two names are compared by: NFC, trimmed, lowercase. */
  public static String key(String name) {
    return Normalizer.normalize(name.strip(), Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
  }

  /** Whether two names name the same profile. */
  public static boolean same(String a, String b) {
    return key(a).equals(key(b));
  }

  /** What is wrong with a name, as a sentence naming the fix; empty when it is fine. */
  public static Optional<String> problem(String name) {
    if (name == null || name.isBlank()) {
      return Optional.of("A profile needs a name, e.g. web-dev.");
    }
    if (!name.equals(name.strip())) {
      return Optional.of(
          "\"" + name + "\" starts or ends with white space. Remove it from the name.");
    }
    if (name.length() > MAX_LENGTH) {
      return Optional.of(
          "The name is "
              + name.length()
              + " characters long; a profile name is at most "
              + MAX_LENGTH
              + ". Shorten it.");
    }
    if (name.chars().anyMatch(Character::isISOControl)) {
      return Optional.of("The name contains a control character (a tab or line break). Remove it.");
    }
    return Optional.empty();
  }

  /**
   * A safe file name stem for a profile name: lowercase ASCII letters and digits, with runs of
   * anything else as one '-', at most 60 characters; {@code profile} when nothing is left.
   */
  public static String fileStem(String name) {
    String ascii = Normalizer.normalize(key(name), Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    StringBuilder b = new StringBuilder();
    boolean dash = false;
    for (char c : ascii.toCharArray()) {
      boolean keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
      if (keep) {
        b.append(c);
        dash = false;
      } else if (!dash && b.length() > 0) {
        b.append('-');
        dash = true;
      }
    }
    String stem = b.toString();
    if (stem.length() > MAX_STEM) {
      stem = stem.substring(0, MAX_STEM);
    }
    while (stem.endsWith("-")) {
      stem = stem.substring(0, stem.length() - 1);
    }
    if (stem.isEmpty()) {
      return "profile";
    }
    return WINDOWS_RESERVED.contains(stem) ? stem + "-profile" : stem;
  }
}
