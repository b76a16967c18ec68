package io.slipway.core.context;

/**
 * The syntax check that moby/patternmatcher borrows from Go's {@code filepath.Match} (Unix): a
 * pattern is rejected when Match would answer {@code ErrBadPattern}. Current Go (which the docker
 * CLI is built with) checks the whole pattern whatever the name, so the rules are purely syntactic:
 *
 * <ul>
 *   <li>a '\' must be followed by a character;
 *   <li>a '[' opens a class: optional '^', then one or more items, then ']';
 *   <li>an item is a character or a range "lo-hi"; a bare '-' or ']' cannot start an item or end a
 *       range ('\' escapes them), and an item must not end the pattern.
 * </ul>
 *
 * Go does not check the order of a range here ("[z-a]" passes); the regexp stage does.
 */
final class GlobSyntax {
  private GlobSyntax() {}

  /** Returns what is wrong with the pattern, or null when Go's filepath.Match accepts it. */
  static PatternProblem check(String p) {
    int n = p.length();
    int i = 0;
    while (i < n) {
      char c = p.charAt(i);
      if (c == '\\') {
        if (i + 1 == n) {
          return PatternProblem.trailingBackslash();
        }
        i += Character.charCount(p.codePointAt(i + 1)) + 1;
      } else if (c == '[') {
        int open = i;
        i++;
        if (i < n && p.charAt(i) == '^') {
          i++;
        }
        int items = 0;
        while (true) {
          if (i < n && p.charAt(i) == ']' && items > 0) {
            i++;
            break;
          }
          // Low end of an item.
          if (i >= n) {
            return PatternProblem.unclosedClass();
          }
          char lo = p.charAt(i);
          if (lo == ']') {
            return PatternProblem.emptyClass(p.substring(open, i + 1));
          }
          if (lo == '-') {
            return PatternProblem.bareHyphen();
          }
          i = skipClassChar(p, i);
          if (i < 0) {
            return PatternProblem.unclosedClass();
          }
          if (p.charAt(i) == '-') {
            // High end of a range.
            i++;
            if (i >= n) {
              return PatternProblem.unclosedClass();
            }
            char hi = p.charAt(i);
            if (hi == ']') {
              return PatternProblem.rangeWithoutEnd(p.substring(open, i + 1));
            }
            if (hi == '-') {
              return PatternProblem.bareHyphen();
            }
            i = skipClassChar(p, i);
            if (i < 0) {
              return PatternProblem.unclosedClass();
            }
          }
          items++;
        }
      } else {
        i++;
      }
    }
    return null;
  }

  /**
   * Skips one (possibly escaped) class character at i. Returns the next index, or -1 when the
   * pattern ends there: Go requires something after every class character (at least the ']').
   */
  private static int skipClassChar(String p, int i) {
    if (p.charAt(i) == '\\') {
      i++;
      if (i >= p.length()) {
        return -1;
      }
    }
    i += Character.charCount(p.codePointAt(i));
    return i < p.length() ? i : -1;
  }
}
