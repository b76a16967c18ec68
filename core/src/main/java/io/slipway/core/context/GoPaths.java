package io.slipway.core.context;

import java.util.ArrayList;
import java.util.List;

/**
 * The few Go standard-library string and path rules that the docker CLI applies to {@code
 * .dockerignore} patterns, reproduced so that Slipway reads a pattern exactly as docker does. Unix
 * flavour only: docker on Linux and macOS uses '/' and lets '\' escape.
 */
final class GoPaths {
  private GoPaths() {}

  /**
   * Go's {@code filepath.Clean} on Unix: collapses repeated slashes, drops "." elements, resolves
   * ".." against the element before it (keeping leading ".." of a relative path, dropping ".."
   * right after the root), strips a trailing slash and turns an empty result into ".".
   */
  static String clean(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    int n = path.length();
    boolean rooted = path.charAt(0) == '/';
    StringBuilder out = new StringBuilder(n);
    int r = 0;
    // out.length() never goes below dotdot: ".." cannot remove the root or an earlier "..".
    int dotdot = 0;
    if (rooted) {
      out.append('/');
      r = 1;
      dotdot = 1;
    }
    while (r < n) {
      char c = path.charAt(r);
      if (c == '/') {
        r++; // empty element
      } else if (c == '.' && (r + 1 == n || path.charAt(r + 1) == '/')) {
        r++; // "." element
      } else if (c == '.'
          && path.charAt(r + 1) == '.'
          && (r + 2 == n || path.charAt(r + 2) == '/')) {
        r += 2; // ".." element
        if (out.length() > dotdot) {
          int w = out.length() - 1;
          while (w > dotdot && out.charAt(w) != '/') {
            w--;
          }
          out.setLength(w);
        } else if (!rooted) {
          if (out.length() > 0) {
            out.append('/');
          }
          out.append("..");
          dotdot = out.length();
        }
      } else {
        if (rooted && out.length() != 1 || !rooted && out.length() != 0) {
          out.append('/');
        }
        while (r < n && path.charAt(r) != '/') {
          out.append(path.charAt(r));
          r++;
        }
      }
    }
    return out.length() == 0 ? "." : out.toString();
  }

  /**
   * Go's {@code strings.TrimSpace}: trims code points that {@code unicode.IsSpace} accepts. Java's
   * {@link String#strip()} differs (it keeps U+00A0 and U+202F but drops U+001C..U+001F).
   */
  static String trimSpace(String s) {
    int start = 0;
    int end = s.length();
    while (start < end) {
      int cp = s.codePointAt(start);
      if (!isSpace(cp)) {
        break;
      }
      start += Character.charCount(cp);
    }
    while (end > start) {
      int cp = s.codePointBefore(end);
      if (!isSpace(cp)) {
        break;
      }
      end -= Character.charCount(cp);
    }
    return s.substring(start, end);
  }

  /** Go's {@code unicode.IsSpace}: the Unicode White_Space property. */
  static boolean isSpace(int cp) {
    switch (cp) {
      case '\t':
      case '\n':
      case 0x0B:
      case '\f':
      case '\r':
      case ' ':
      case 0x85:
      case 0xA0:
      case 0x1680:
      case 0x2028:
      case 0x2029:
      case 0x202F:
      case 0x205F:
      case 0x3000:
        return true;
      default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
  }

  /**
   * True when the path is relative and clean: not empty, no leading or trailing '/', no empty, "."
   * or ".." element. For such a path the parents moby checks are the prefixes before each '/'.
   */
  static boolean isCleanRelative(String p) {
    int n = p.length();
    if (n == 0 || p.charAt(0) == '/' || p.charAt(n - 1) == '/') {
      return false;
    }
    int start = 0;
    while (true) {
      int slash = p.indexOf('/', start);
      int end = slash < 0 ? n : slash;
      int len = end - start;
      if (len == 0
          || len == 1 && p.charAt(start) == '.'
          || len == 2 && p.charAt(start) == '.' && p.charAt(start + 1) == '.') {
        return false;
      }
      if (slash < 0) {
        return true;
      }
      start = slash + 1;
    }
  }

  /**
   * The parent paths moby's MatchesOrParentMatches tries for any path: Go's {@code
   * filepath.Dir(path)} split at '/', each leading run of elements joined again. Empty when the
   * directory is ".".
   */
  static List<String> parents(String path) {
    String dir = clean(path.substring(0, path.lastIndexOf('/') + 1));
    List<String> out = new ArrayList<>();
    if (dir.equals(".")) {
      return out;
    }
    int from = 0;
    while (true) {
      int slash = dir.indexOf('/', from);
      if (slash < 0) {
        out.add(dir);
        return out;
      }
      out.add(dir.substring(0, slash));
      from = slash + 1;
    }
  }
}
