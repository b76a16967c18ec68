package io.slipway.app.build;

import java.util.ArrayList;
import java.util.List;

/**
 * Log text with ANSI escape codes, split into runs of one colour. Understands SGR ({@code ESC [ …
 * m}): reset (0), bold (1, 22), the 8 foreground colours (30–37) and their bright forms (90–97,
 * shown as the same colours), default foreground (39), and 256-colour / RGB foregrounds (38;5;n,
 * 38;2;r;g;b, mapped to the nearest of the 8). Every other escape sequence is dropped; background
 * colours are ignored (the log keeps the theme's background).
 */
public final class AnsiText {

  /**
   * A run of text.
   *
   * @param colour 0–7 (black, red, green, yellow, blue, magenta, cyan, white), -1 for the default
   */
  public record Run(String text, int colour, boolean bold) {}

  private static final char ESC = '\u001b';

  private AnsiText() {}

  /** Whether the text holds any escape code (most lines do not: the fast path). */
  public static boolean hasEscapes(String text) {
    return text.indexOf(ESC) >= 0;
  }

  /** The text without escape codes. */
  public static String strip(String text) {
    if (!hasEscapes(text)) {
      return text;
    }
    StringBuilder b = new StringBuilder(text.length());
    for (Run r : parse(text)) {
      b.append(r.text());
    }
    return b.toString();
  }

  /** The runs of the text, in order; empty runs are left out. */
  public static List<Run> parse(String text) {
    List<Run> runs = new ArrayList<>(2);
    if (!hasEscapes(text)) {
      if (!text.isEmpty()) {
        runs.add(new Run(text, -1, false));
      }
      return runs;
    }
    int colour = -1;
    boolean bold = false;
    StringBuilder current = new StringBuilder();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c != ESC) {
        if (c != '\r') {
          current.append(c);
        }
        i++;
        continue;
      }
      // An escape sequence: CSI (ESC [ params final) or a two-character one.
      if (i + 1 < n && text.charAt(i + 1) == '[') {
        int j = i + 2;
        while (j < n && (text.charAt(j) < 0x40 || text.charAt(j) > 0x7e)) {
          j++;
        }
        if (j >= n) {
          break; // cut off: drop it
        }
        if (text.charAt(j) == 'm') {
          int[] state = sgr(text.substring(i + 2, j), colour, bold);
          if (state[0] != colour || (state[1] == 1) != bold) {
            flush(runs, current, colour, bold);
          }
          colour = state[0];
          bold = state[1] == 1;
        }
        i = j + 1;
      } else if (i + 1 < n && text.charAt(i + 1) == ']') {
        // OSC: up to BEL or ESC \
        int j = i + 2;
        while (j < n && text.charAt(j) != '\u0007' && text.charAt(j) != ESC) {
          j++;
        }
        i = j < n && text.charAt(j) == ESC ? j + 2 : j + 1;
      } else {
        i += 2;
      }
    }
    flush(runs, current, colour, bold);
    return runs;
  }

  private static void flush(List<Run> runs, StringBuilder current, int colour, boolean bold) {
    if (current.length() > 0) {
      runs.add(new Run(current.toString(), colour, bold));
      current.setLength(0);
    }
  }

  /** Applies SGR parameters; returns {colour, bold ? 1 : 0}. */
  private static int[] sgr(String params, int colour, boolean bold) {
    String[] parts = params.isEmpty() ? new String[] {"0"} : params.split("[;:]", -1);
    for (int k = 0; k < parts.length; k++) {
      int p = number(parts[k]);
      if (p == 0) {
        colour = -1;
        bold = false;
      } else if (p == 1) {
        bold = true;
      } else if (p == 22) {
        bold = false;
      } else if (p >= 30 && p <= 37) {
        colour = p - 30;
      } else if (p >= 90 && p <= 97) {
        colour = p - 90;
      } else if (p == 39) {
        colour = -1;
      } else if (p == 38 && k + 1 < parts.length) {
        int mode = number(parts[k + 1]);
        if (mode == 5 && k + 2 < parts.length) {
          colour = from256(number(parts[k + 2]));
          k += 2;
        } else if (mode == 2 && k + 4 < parts.length) {
          colour = fromRgb(number(parts[k + 2]), number(parts[k + 3]), number(parts[k + 4]));
          k += 4;
        }
      } else if (p == 48 && k + 1 < parts.length) {
        k += number(parts[k + 1]) == 5 ? 2 : number(parts[k + 1]) == 2 ? 4 : 1;
      }
    }
    return new int[] {colour, bold ? 1 : 0};
  }

  private static int number(String s) {
    if (s.isEmpty() || s.length() > 4) {
      return 0;
    }
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static int from256(int n) {
    if (n < 0) {
      return -1;
    }
    if (n < 16) {
      return n % 8;
    }
    if (n >= 232) {
      return n < 244 ? 0 : 7;
    }
    int c = n - 16;
    return fromRgb((c / 36) * 51, ((c / 6) % 6) * 51, (c % 6) * 51);
  }

  private static int fromRgb(int r, int g, int b) {
    int max = Math.max(r, Math.max(g, b));
    if (max < 64) {
      return 0;
    }
    int threshold = max / 2;
    int bits = (r > threshold ? 1 : 0) | (g > threshold ? 2 : 0) | (b > threshold ? 4 : 0);
    return bits;
  }
}
