package io.slipway.core.context;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One compiled {@code .dockerignore} pattern, with moby/patternmatcher's four kinds of match. The
 * kind and the Go regular expression are chosen exactly as moby's {@code Pattern.compile} does, so
 * that odd patterns keep docker's odd meaning (for example "[*]" is not a class holding '*').
 */
final class IgnoreRule {
  /** moby's match types. */
  enum Kind {
    /** The path equals the pattern text. */
    EXACT,
    /** "X**" with no wildcard in X: the path starts with X. */
    PREFIX,
    /** "**S" with no wildcard in S: the path ends with S ("**&#47;foo" also matches "foo"). */
    SUFFIX,
    /** Anything else: a regular expression. */
    REGEXP
  }

  /** What Go's "$" becomes for parent matching: the end of the path or of a parent directory. */
  private static final String END_OF_SELF_OR_PARENT = "(?=/|\\z)";

  private final String text;
  private final boolean exception;
  private final Kind kind;
  private final String goRegex;

  /** PREFIX: the prefix; SUFFIX: the suffix; else the text. */
  private final String literal;

  /** SUFFIX whose bytes Go would slice mid-character (after a leading U+FEFF): never matches. */
  private final boolean neverMatches;

  /** REGEXP: moby's regexp, searched for (not anchored) in one candidate path, as Go does. */
  private final Pattern regex;

  /**
   * REGEXP that is simply anchored (no '|', no "\z", no repeated leading '^'): matches the path or
   * one of its parents in one lookingAt() on the whole path, its end being "end of text or before a
   * '/'". Null otherwise.
   */
  private final Pattern selfOrParent;

  /** The pattern's literal lead-in: every path it matches starts with this. */
  private final String literalLead;

  private IgnoreRule(
      String text,
      boolean exception,
      Kind kind,
      String literal,
      boolean neverMatches,
      String goRegex,
      Pattern regex,
      Pattern selfOrParent,
      String literalLead) {
    this.text = text;
    this.exception = exception;
    this.kind = kind;
    this.literal = literal;
    this.neverMatches = neverMatches;
    this.goRegex = goRegex;
    this.regex = regex;
    this.selfOrParent = selfOrParent;
    this.literalLead = literalLead;
  }

  private static IgnoreRule literal(
      String text, boolean exception, Kind kind, String literal, String lead, boolean never) {
    return new IgnoreRule(text, exception, kind, literal, never, null, null, null, lead);
  }

  /**
   * Compiles cleaned pattern text (without its '!'). Throws when Go's filepath.Match would reject
   * the glob or Go's regexp would reject the expression moby builds from it.
   */
  static IgnoreRule compile(String text, boolean exception) throws GoRegex.SyntaxException {
    PatternProblem problem = GlobSyntax.check(text);
    if (problem != null) {
      throw new GoRegex.SyntaxException(problem);
    }
    int[] cps = text.codePoints().toArray();
    StringBuilder re = new StringBuilder("^");
    Kind kind = Kind.EXACT;
    int pos = 0;
    // moby reads the pattern with Go's text/scanner, which silently drops a leading BOM.
    boolean leadingBom = cps.length > 0 && cps[0] == 0xFEFF;
    if (leadingBom) {
      pos++;
    }
    for (int i = 0; pos < cps.length; i++) {
      int ch = cps[pos++];
      if (ch == '*') {
        if (pos < cps.length && cps[pos] == '*') {
          pos++;
          // "**/" is read as "**": the slash is eaten.
          if (pos < cps.length && cps[pos] == '/') {
            pos++;
          }
          if (pos == cps.length) {
            // A trailing "**" matches everything below.
            if (kind == Kind.EXACT) {
              kind = Kind.PREFIX;
            } else {
              re.append(".*");
              kind = Kind.REGEXP;
            }
          } else {
            // Any number of directories, including none.
            re.append("(.*/)?");
            kind = Kind.REGEXP;
          }
          // moby checks the loop count, not the text: "**" first always means a suffix match.
          if (i == 0) {
            kind = Kind.SUFFIX;
          }
        } else {
          re.append("[^/]*");
          kind = Kind.REGEXP;
        }
      } else if (ch == '?') {
        re.append("[^/]");
        kind = Kind.REGEXP;
      } else if (".+()$".indexOf(ch) >= 0) {
        // moby means to escape ".+()|{}$", but its bitmap cannot hold '{', '|' and '}' (they
        // fall past bit 7 of a byte), so those three reach the regexp unescaped: "a*|b" is an
        // alternation and "?{2}" a repeat. Every other character passes through as is.
        re.append('\\').appendCodePoint(ch);
      } else if (ch == '\\') {
        if (pos < cps.length) {
          re.append('\\').appendCodePoint(cps[pos++]);
          kind = Kind.REGEXP;
        } else {
          re.append('\\');
        }
      } else if (ch == '[' || ch == ']') {
        re.appendCodePoint(ch);
        kind = Kind.REGEXP;
      } else {
        re.appendCodePoint(ch);
      }
    }

    switch (kind) {
      case EXACT:
        return literal(text, exception, kind, text, text, false);
      case PREFIX:
        String prefix = text.substring(0, text.length() - 2);
        return literal(text, exception, kind, prefix, prefix, false);
      case SUFFIX:
        // Go slices off two bytes; after a BOM that leaves a broken character no path ends with.
        return literal(text, exception, kind, text.substring(2), "", leadingBom);
      default:
        re.append('$');
        String goRegex = re.toString();
        GoRegex.Translation plain = GoRegex.translate(goRegex, "\\z");
        Pattern selfOrParent = null;
        if (plain.isSimplyAnchored()) {
          selfOrParent = Pattern.compile(GoRegex.translate(goRegex, END_OF_SELF_OR_PARENT).java());
        }
        return new IgnoreRule(
            text,
            exception,
            kind,
            text,
            false,
            goRegex,
            Pattern.compile(plain.java()),
            selfOrParent,
            leadingBom || plain.usesAlternation() || plain.leadingAnchorRepeated()
                ? ""
                : literalLead(text));
    }
  }

  /** The text before the first character that may not be a plain literal in moby's regexp. */
  private static String literalLead(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ("*?[]\\^|".indexOf(c) >= 0) {
        return text.substring(0, i);
      }
      if (c == '{') {
        // Possibly a repeat of the character before it.
        return i == 0 ? "" : text.substring(0, text.offsetByCodePoints(i, -1));
      }
    }
    return text;
  }

  String text() {
    return text;
  }

  boolean isException() {
    return exception;
  }

  Kind kind() {
    return kind;
  }

  /** The Go regular expression moby builds (REGEXP only, else null). */
  String goRegex() {
    return goRegex;
  }

  /** moby's {@code Pattern.match}: true when the pattern matches this one path. */
  boolean matches(String candidate) {
    switch (kind) {
      case EXACT:
        return candidate.equals(literal);
      case PREFIX:
        return candidate.startsWith(literal);
      case SUFFIX:
        return !neverMatches && suffixMatches(candidate, candidate.length());
      default:
        return candidate.startsWith(literalLead) && regex.matcher(candidate).find();
    }
  }

  /**
   * True when the pattern matches the path or one of its parent directories, which is what moby's
   * MatchesOrParentMatches asks of each pattern. The path must be clean, relative and
   * '/'-separated, so that its parents are exactly its prefixes before each '/'.
   */
  boolean matchesSelfOrParent(String path) {
    switch (kind) {
      case EXACT:
        // A parent matches when the path continues with '/' right after the pattern.
        return path.startsWith(literal)
            && (path.length() == literal.length() || path.charAt(literal.length()) == '/');
      case PREFIX:
        // Parents are prefixes of the path, so if any of them starts with X, so does the path.
        return path.startsWith(literal);
      case SUFFIX:
        if (neverMatches) {
          return false;
        }
        for (int j = path.indexOf('/'); j >= 0; j = path.indexOf('/', j + 1)) {
          if (suffixMatches(path, j)) {
            return true;
          }
        }
        return suffixMatches(path, path.length());
      default:
        if (!path.startsWith(literalLead)) {
          return false; // cheap rejection: the path and its parents all start the same way
        }
        if (selfOrParent != null) {
          return selfOrParent.matcher(path).lookingAt();
        }
        // Go searches each candidate separately; a region bounds "^", "\z" and lookarounds.
        Matcher m = regex.matcher(path);
        if (m.find()) {
          return true;
        }
        for (int j = path.indexOf('/'); j >= 0; j = path.indexOf('/', j + 1)) {
          if (m.region(0, j).find()) {
            return true;
          }
        }
        return false;
    }
  }

  /** moby's suffix rule on path[0, end): ends with S, or S is "/x" and the candidate is "x". */
  private boolean suffixMatches(String path, int end) {
    int n = literal.length();
    if (end >= n && path.startsWith(literal, end - n)) {
      return true;
    }
    return n > 0
        && literal.charAt(0) == '/'
        && end == n - 1
        && path.regionMatches(0, literal, 1, end);
  }

  /**
   * True when this pattern could match the directory or something below it. Used for exceptions, to
   * decide whether an excluded directory must still be walked: exactly docker's rule (the pattern
   * text plus '/' starts with the directory plus '/').
   */
  boolean couldMatchAtOrBelow(String dir, String dirSlash) {
    // The docker CLI's walker (pkg/archive) descends into an excluded folder only when an
    // exception's text names it or something below it; a wildcard exception like "!**/*.md" does
    // not reopen it. Following it exactly keeps Slipway's context identical to docker build's.
    return text.startsWith(dirSlash) || text.equals(dir);
  }
}
