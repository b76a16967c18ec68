package io.slipway.core.build.buildkit;

import io.slipway.core.build.DockerfileLines.Instruction;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the Dockerfile line of a BuildKit vertex from its name. The Dockerfile frontend names a
 * vertex {@code [stage k/n] INSTRUCTION …}: the stage's name (its {@code AS} name, or {@code
 * stage-i} for the i-th stage counted from 0; absent when there is only one stage), then the k-th
 * of the n instructions of that stage that make a vertex (FROM an image, ADD, COPY, RUN, and with
 * newer frontends WORKDIR), k padded with spaces to n's width.
 *
 * <p>The line is given only when the count and the keyword agree with the Dockerfile; anything else
 * (internal vertices, ONBUILD triggers, a Dockerfile changed since) gets none.
 */
final class VertexLines {

  private static final Pattern PREFIX =
      Pattern.compile("^\\[([^\\]]*?)\\s*(\\d+)/(\\d+)\\] +([A-Za-z]+)");

  private record Stage(String name, Instruction from, List<Instruction> commands) {}

  private final List<Stage> stages = new ArrayList<>();

  VertexLines(List<Instruction> instructions) {
    Instruction from = null;
    List<Instruction> commands = null;
    for (Instruction instruction : instructions) {
      if (instruction.keyword().equals("FROM")) {
        if (from != null) {
          stages.add(new Stage(stageName(from, stages.size()), from, commands));
        }
        from = instruction;
        commands = new ArrayList<>();
      } else if (from != null) {
        commands.add(instruction);
      }
    }
    if (from != null) {
      stages.add(new Stage(stageName(from, stages.size()), from, commands));
    }
  }

  Optional<Integer> lineOf(String vertexName) {
    if (stages.isEmpty() || vertexName.isEmpty() || vertexName.charAt(0) != '[') {
      return Optional.empty();
    }
    Matcher m = PREFIX.matcher(vertexName);
    if (!m.find()) {
      return Optional.empty();
    }
    Stage stage = stage(m.group(1).strip());
    if (stage == null) {
      return Optional.empty();
    }
    int k = Integer.parseInt(m.group(2));
    int n = Integer.parseInt(m.group(3));
    String keyword = m.group(4).toUpperCase(Locale.ROOT);
    Integer line = null;
    // Which instructions count depends on the base (an image, scratch, another stage) and on the
    // frontend's version (WORKDIR); every reading that gives n must agree on the line.
    for (boolean fromCounts : new boolean[] {true, false}) {
      for (boolean workdirCounts : new boolean[] {false, true}) {
        List<Instruction> counted = counted(stage, fromCounts, workdirCounts);
        if (counted.size() != n || k < 1 || k > n) {
          continue;
        }
        Instruction candidate = counted.get(k - 1);
        if (!candidate.keyword().equals(keyword)) {
          continue;
        }
        if (line != null && line != candidate.line()) {
          return Optional.empty();
        }
        line = candidate.line();
      }
    }
    return Optional.ofNullable(line);
  }

  private Stage stage(String prefix) {
    // A platform may come first ("linux/arm64 build"); the stage's name is the last word.
    int space = prefix.lastIndexOf(' ');
    String name = space < 0 ? prefix : prefix.substring(space + 1);
    for (Stage stage : stages) {
      if (stage.name().equals(name.toLowerCase(Locale.ROOT))) {
        return stage;
      }
    }
    // With a single stage the frontend leaves the name out.
    boolean unnamed = name.isEmpty() || name.contains("/");
    return unnamed && stages.size() == 1 ? stages.get(0) : null;
  }

  private static List<Instruction> counted(Stage stage, boolean fromCounts, boolean workdirCounts) {
    List<Instruction> counted = new ArrayList<>();
    if (fromCounts) {
      counted.add(stage.from());
    }
    for (Instruction c : stage.commands()) {
      switch (c.keyword()) {
        case "ADD", "COPY", "RUN" -> counted.add(c);
        case "WORKDIR" -> {
          if (workdirCounts) {
            counted.add(c);
          }
        }
        default -> {}
      }
    }
    return counted;
  }

  /** {@code FROM image AS name} → name (stage names are case-insensitive); else stage-i. */
  private static String stageName(Instruction from, int index) {
    String[] words = from.text().strip().split("\\s+");
    if (words.length >= 4 && words[words.length - 2].equalsIgnoreCase("AS")) {
      return words[words.length - 1].toLowerCase(Locale.ROOT);
    }
    return "stage-" + index;
  }
}
