package io.slipway.core.build;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The images a Dockerfile's stages start from: {@code FROM} references with the meta {@code ARG}s
 * (those before the first FROM, overridden by build args) substituted, without {@code scratch} and
 * without references to earlier stages.
 */
public final class BaseImages {

  private static final Pattern VARIABLE =
      Pattern.compile(
          "\\$(?:\\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\\}|([A-Za-z_][A-Za-z0-9_]*))");

  private BaseImages() {}

  public static List<String> of(
      List<DockerfileLines.Instruction> instructions, Map<String, String> buildArgs) {
    Map<String, String> metaArgs = new HashMap<>();
    Set<String> stages = new java.util.HashSet<>();
    Set<String> images = new LinkedHashSet<>();
    boolean seenFrom = false;
    for (DockerfileLines.Instruction instruction : instructions) {
      List<String> words = words(instruction.text());
      if (instruction.keyword().equals("ARG") && !seenFrom) {
        for (String arg : words.subList(1, words.size())) {
          int eq = arg.indexOf('=');
          String name = eq < 0 ? arg : arg.substring(0, eq);
          String value =
              buildArgs.containsKey(name)
                  ? buildArgs.get(name)
                  : eq < 0 ? null : unquote(arg.substring(eq + 1));
          if (value != null) {
            metaArgs.put(name, value);
          }
        }
      } else if (instruction.keyword().equals("FROM")) {
        seenFrom = true;
        List<String> args = new ArrayList<>();
        for (String w : words.subList(1, words.size())) {
          if (!w.startsWith("--")) {
            args.add(w);
          }
        }
        if (args.isEmpty()) {
          continue;
        }
        String image = substitute(args.get(0), metaArgs);
        if (!image.equalsIgnoreCase("scratch")
            && !stages.contains(image.toLowerCase(Locale.ROOT))) {
          images.add(image);
        }
        if (args.size() >= 3 && args.get(1).equalsIgnoreCase("AS")) {
          stages.add(args.get(2).toLowerCase(Locale.ROOT));
        }
      }
    }
    return List.copyOf(images);
  }

  private static List<String> words(String text) {
    return List.of(text.trim().split("\\s+"));
  }

  private static String unquote(String s) {
    if (s.length() >= 2
        && (s.startsWith("\"") && s.endsWith("\"") || s.startsWith("'") && s.endsWith("'"))) {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }

  private static String substitute(String text, Map<String, String> vars) {
    Matcher m = VARIABLE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1) != null ? m.group(1) : m.group(3);
      String value = vars.get(name);
      if ((value == null || value.isEmpty()) && m.group(2) != null) {
        value = m.group(2);
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value));
    }
    m.appendTail(out);
    return out.toString();
  }
}
