package io.slipway.core.build;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an editor offers from a Dockerfile: the named stages ({@code FROM image AS name}, targets
 * for {@code --target}) and the build args it declares ({@code ARG name[=default]}), each once, in
 * the order written. Reads what {@link DockerfileLines} splits; validates nothing (the engine
 * does).
 *
 * @param stages stage names, as written (docker compares them ignoring case)
 * @param args declared build args; the first declaration's default wins
 */
public record DockerfileOutline(List<String> stages, List<Arg> args) {

  /** A declared build arg and its default, if the Dockerfile gives one. */
  public record Arg(String name, Optional<String> defaultValue) {
    public Arg {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(defaultValue, "defaultValue");
    }
  }

  public static final DockerfileOutline EMPTY = new DockerfileOutline(List.of(), List.of());

  public DockerfileOutline {
    stages = List.copyOf(stages);
    args = List.copyOf(args);
  }

  /** The outline of a Dockerfile's text. */
  public static DockerfileOutline parse(String dockerfile) {
    List<String> stages = new ArrayList<>();
    Map<String, Arg> args = new LinkedHashMap<>();
    for (DockerfileLines.Instruction instruction : DockerfileLines.parse(dockerfile)) {
      List<String> words = words(instruction.text());
      if (instruction.keyword().equals("FROM")) {
        stageName(words)
            .filter(n -> stages.stream().noneMatch(s -> s.equalsIgnoreCase(n)))
            .ifPresent(stages::add);
      } else if (instruction.keyword().equals("ARG")) {
        // ARG may declare several: ARG A=1 B
        for (String word : words.subList(1, words.size())) {
          Arg arg = arg(word);
          if (arg != null) {
            args.putIfAbsent(arg.name(), arg);
          }
        }
      }
    }
    return new DockerfileOutline(stages, List.copyOf(args.values()));
  }

  /** FROM [--platform=…] image [AS name]. */
  private static Optional<String> stageName(List<String> words) {
    List<String> rest = new ArrayList<>();
    for (String w : words.subList(1, words.size())) {
      if (!w.startsWith("--")) {
        rest.add(w);
      }
    }
    if (rest.size() >= 3 && rest.get(1).toLowerCase(Locale.ROOT).equals("as")) {
      return Optional.of(rest.get(2));
    }
    return Optional.empty();
  }

  private static Arg arg(String word) {
    int eq = word.indexOf('=');
    String name = eq < 0 ? word : word.substring(0, eq);
    if (name.isEmpty() || !name.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '_')) {
      return null;
    }
    if (eq < 0) {
      return new Arg(name, Optional.empty());
    }
    return new Arg(name, Optional.of(unquote(word.substring(eq + 1))));
  }

  private static String unquote(String value) {
    if (value.length() >= 2
        && (value.startsWith("\"") && value.endsWith("\"")
            || value.startsWith("'") && value.endsWith("'"))) {
      return value.substring(1, value.length() - 1);
    }
    return value;
  }

  /** Splits on white space, keeping quoted parts ("a b") together. */
  private static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    char quote = 0;
    for (char c : text.toCharArray()) {
      if (quote != 0) {
        current.append(c);
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
        current.append(c);
      } else if (Character.isWhitespace(c)) {
        if (current.length() > 0) {
          out.add(current.toString());
          current.setLength(0);
        }
      } else {
        current.append(c);
      }
    }
    if (current.length() > 0) {
      out.add(current.toString());
    }
    return out;
  }
}
