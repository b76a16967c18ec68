package io.slipway.core.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds where each instruction of a Dockerfile starts, so a classic build step ("Step 3/7") can be
 * traced back to its line. Knows comments, line continuations and the {@code escape} parser
 * directive; does not validate anything (the engine does).
 */
public final class DockerfileLines {

  private static final Pattern ESCAPE_DIRECTIVE =
      Pattern.compile("^#\\s*escape\\s*=\\s*(\\S)\\s*$", Pattern.CASE_INSENSITIVE);
  private static final Pattern DIRECTIVE = Pattern.compile("^#\\s*[a-zA-Z][a-zA-Z0-9]*\\s*=.*$");

  /** An instruction: its 1-based first line, keyword in upper case, and full text. */
  public record Instruction(int line, String keyword, String text) {}

  private DockerfileLines() {}

  public static List<Instruction> parse(String dockerfile) {
    String[] lines = dockerfile.split("\r?\n", -1);
    char escape = '\\';
    int i = 0;
    // Parser directives may only appear at the very top.
    for (; i < lines.length; i++) {
      String l = lines[i].trim();
      Matcher m = ESCAPE_DIRECTIVE.matcher(l);
      if (m.matches()) {
        escape = m.group(1).charAt(0);
      } else if (!DIRECTIVE.matcher(l).matches()) {
        break;
      }
    }
    List<Instruction> result = new ArrayList<>();
    StringBuilder current = null;
    int start = 0;
    for (int n = 0; n < lines.length; n++) {
      String raw = lines[n];
      String trimmed = raw.strip();
      if (current == null) {
        if (trimmed.isEmpty() || trimmed.startsWith("#")) {
          continue;
        }
        current = new StringBuilder();
        start = n + 1;
      } else if (trimmed.startsWith("#")) {
        continue; // comments inside a continued instruction are dropped
      }
      boolean continues = !trimmed.isEmpty() && trimmed.charAt(trimmed.length() - 1) == escape;
      current.append(continues ? trimmed.substring(0, trimmed.length() - 1) : trimmed);
      if (continues) {
        current.append(' ');
        continue;
      }
      String text = current.toString().strip();
      if (!text.isEmpty()) {
        int space = text.indexOf(' ');
        String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
        result.add(new Instruction(start, keyword, text));
      }
      current = null;
    }
    if (current != null && !current.toString().isBlank()) {
      String text = current.toString().strip();
      int space = text.indexOf(' ');
      result.add(
          new Instruction(
              start, (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT), text));
    }
    return result;
  }
}
