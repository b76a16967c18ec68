package io.slipway.core.build;

import io.slipway.core.SlipwayException;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks image references as {@code docker build -t} does (the distribution reference grammar):
 * lowercase repository path components, an optional registry host with port, a tag of at most 128
 * characters, no digest.
 */
public final class ImageReference {

  private static final String ALNUM = "[a-z0-9]+";
  private static final String SEPARATOR = "(?:[._]|__|[-]+)";
  private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
  private static final String DOMAIN_COMPONENT =
      "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?:"
              + DOMAIN_COMPONENT
              + "(?:\\."
              + DOMAIN_COMPONENT
              + ")*|\\[[a-fA-F0-9:]+\\])"
              + "(?::[0-9]+)?");
  private static final Pattern PATH =
      Pattern.compile(PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final int MAX_NAME_LENGTH = 255;

  private ImageReference() {}

  /**
   * Throws a {@link SlipwayException} that names the problem and a fix when {@code ref} cannot be
   * used as {@code -t}.
   */
  public static void checkTag(String ref) {
    String problem = problem(ref);
    if (problem != null) {
      throw new SlipwayException("Invalid tag \"" + ref + "\": " + problem);
    }
  }

  /** The problem with {@code ref} as a sentence with the fix, or null when it is valid. */
  public static String problem(String ref) {
    if (ref == null || ref.isBlank()) {
      return "a tag cannot be empty. Write it as name[:tag], e.g. myapp:latest.";
    }
    if (ref.contains("@")) {
      return "a build tag cannot contain a digest. Remove the @… part.";
    }
    String name = ref;
    String tag = null;
    int lastSlash = ref.lastIndexOf('/');
    int colon = ref.lastIndexOf(':');
    if (colon > lastSlash) {
      name = ref.substring(0, colon);
      tag = ref.substring(colon + 1);
    }
    if (tag != null && !TAG.matcher(tag).matches()) {
      if (tag.length() > 128) {
        return "the tag part is "
            + tag.length()
            + " characters long; a tag is at most 128. Shorten it.";
      }
      return "the tag part \""
          + tag
          + "\" may only hold letters, digits, '_', '.' and '-', and must not start with '.' or"
          + " '-'.";
    }
    String domain = null;
    String path = name;
    int firstSlash = name.indexOf('/');
    if (firstSlash >= 0) {
      String first = name.substring(0, firstSlash);
      // As the docker CLI decides: a first component with '.', ':' or uppercase, or "localhost",
      // is a registry host.
      if (first.contains(".")
          || first.contains(":")
          || first.equals("localhost")
          || !first.toLowerCase(Locale.ROOT).equals(first)) {
        domain = first;
        path = name.substring(firstSlash + 1);
      }
    }
    if (name.length() > MAX_NAME_LENGTH) {
      return "the repository name is longer than " + MAX_NAME_LENGTH + " characters. Shorten it.";
    }
    if (domain != null && !DOMAIN.matcher(domain).matches()) {
      return "\"" + domain + "\" is not a valid registry host (host[:port]).";
    }
    if (!PATH.matcher(path).matches()) {
      String lower = path.toLowerCase(Locale.ROOT);
      if (!lower.equals(path) && PATH.matcher(lower).matches()) {
        // Lowercase the whole name when that makes it valid ("Team/App:V1" → "team/app:V1").
        String lowerRef = name.toLowerCase(Locale.ROOT) + (tag == null ? "" : ":" + tag);
        String suggestion =
            problem(lowerRef) == null
                ? lowerRef
                : (domain == null ? "" : domain + "/") + lower + (tag == null ? "" : ":" + tag);
        return "repository names must be lowercase. Try \"" + suggestion + "\".";
      }
      return "the repository name \""
          + path
          + "\" may only hold lowercase letters, digits and the separators '.', '_', '__', '-' and"
          + " '/', each part starting and ending with a letter or digit.";
    }
    return null;
  }

  /**
   * Turns any name (a folder name, say) into a valid repository name: accents dropped, lowercase,
   * other characters replaced, separators only between letters and digits; "image" when nothing is
   * left. E.g. "My App" → "my-app", "Über" → "uber".
   */
  public static String repositoryFrom(String anyName) {
    String name = anyName == null ? "" : anyName;
    name = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
    name = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
    // Separators may only stand between alphanumerics, one kind at a time.
    name = name.replaceAll("[._-]*[.][._-]*", ".");
    name = name.replaceAll("_{3,}", "__");
    name = name.replaceAll("^[._-]+|[._-]+$", "");
    if (!name.isEmpty() && !PATH.matcher(name).matches()) {
      name = name.replaceAll("[._-]+", "-").replaceAll("^-+|-+$", "");
    }
    return name.isEmpty() ? "image" : name;
  }

  /** The tag Slipway proposes for a folder: its name as a repository, then ":latest". */
  public static String defaultTag(String folderName) {
    return repositoryFrom(folderName) + ":latest";
  }
}
