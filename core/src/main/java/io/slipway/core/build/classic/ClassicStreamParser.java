package io.slipway.core.build.classic;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.core.build.BuildEvent;
import io.slipway.core.build.BuildEvent.LogLine;
import io.slipway.core.build.BuildEvent.StepFinished;
import io.slipway.core.build.BuildEvent.StepProgress;
import io.slipway.core.build.BuildEvent.StepStarted;
import io.slipway.core.build.BuildListener;
import io.slipway.core.build.DockerfileLines;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the classic builder's JSON message stream into {@link BuildEvent}s. The engine sends no
 * timestamps, so a step lasts from its "Step N/M" line to the " ---> id" line that ends it, timed
 * here with the injected clock. Output chunks do not align with lines; they are reassembled.
 *
 * <p>Not thread-safe: one parser per build, fed from one thread.
 */
final class ClassicStreamParser {

  private static final Pattern STEP = Pattern.compile("^Step (\\d+)/(\\d+) : (.*)$");
  private static final Pattern RUNNING_IN = Pattern.compile("^ ---> Running in ([0-9a-f]{12,64})$");
  private static final Pattern STEP_RESULT = Pattern.compile("^ ---> ([0-9a-f]{12,64})$");
  private static final Pattern EXIT_CODE =
      Pattern.compile("returned a non-zero code: (-?\\d+)\\s*$");
  private static final Pattern QUIET_ID = Pattern.compile("^(sha256:[0-9a-f]{64})$");

  private final Clock clock;
  private final BuildListener out;
  private final List<DockerfileLines.Instruction> instructions;
  private final StringBuilder partialLine = new StringBuilder();
  private final Set<String> containers = new LinkedHashSet<>();
  private final List<String> taggedAs = new ArrayList<>();

  private OpenStep open;
  private String imageId;
  private String error;
  private Integer exitCode;
  private String failedStepId;

  private static final class OpenStep {
    final String id;
    final Instant started;
    boolean cached;

    OpenStep(String id, Instant started) {
      this.id = id;
      this.started = started;
    }
  }

  ClassicStreamParser(
      Clock clock, BuildListener out, List<DockerfileLines.Instruction> instructions) {
    this.clock = clock;
    this.out = out;
    this.instructions = List.copyOf(instructions);
  }

  void accept(JsonNode message) {
    JsonNode stream = message.get("stream");
    if (stream != null && stream.isTextual()) {
      appendStream(stream.asText());
    }
    JsonNode status = message.get("status");
    if (status != null && status.isTextual()) {
      onStatus(message, status.asText());
    }
    JsonNode aux = message.get("aux");
    if (aux != null && aux.hasNonNull("ID")) {
      imageId = aux.get("ID").asText();
    }
    JsonNode detail = message.get("errorDetail");
    if (detail != null || message.hasNonNull("error")) {
      flushPartialLine();
      String text =
          detail != null && detail.hasNonNull("message")
              ? detail.get("message").asText()
              : message.path("error").asText("the build failed");
      Integer code =
          detail != null && detail.hasNonNull("code") ? detail.get("code").asInt() : null;
      fail(text, code);
    }
  }

  /** The stream ended: flush what is pending and close the open step. */
  void end() {
    flushPartialLine();
    finishOpenStep();
  }

  /** The build was cancelled: the open step ends without success. */
  void cancelled() {
    flushPartialLine();
    if (open != null) {
      Instant now = clock.instant();
      out.onEvent(
          new StepFinished(
              now,
              open.id,
              false,
              Optional.of(StepFinished.CANCELLED),
              Optional.empty(),
              Duration.between(open.started, now)));
      open = null;
    }
  }

  Optional<String> imageId() {
    return Optional.ofNullable(imageId);
  }

  Optional<String> error() {
    return Optional.ofNullable(error);
  }

  Optional<Integer> exitCode() {
    return Optional.ofNullable(exitCode);
  }

  Optional<String> failedStepId() {
    return Optional.ofNullable(failedStepId);
  }

  /** Containers the engine started for RUN and other steps, for the clean-up after a cancel. */
  Set<String> containers() {
    return containers;
  }

  List<String> taggedAs() {
    return taggedAs;
  }

  /**
   * The engine wraps each write of a RUN's stderr in red ({@code ESC[91m … ESC[0m}); that marks the
   * text as stderr. Other ANSI codes are the program's own and are kept.
   */
  private static final String STDERR_START = "\u001b[91m";

  private static final String STDERR_END = "\u001b[0m";

  private boolean partialIsStderr;

  private void appendStream(String text) {
    boolean stderr = text.startsWith(STDERR_START);
    if (stderr) {
      text = text.substring(STDERR_START.length());
      if (text.endsWith(STDERR_END)) {
        text = text.substring(0, text.length() - STDERR_END.length());
      }
    }
    if (stderr != partialIsStderr) {
      flushPartialLine();
      partialIsStderr = stderr;
    }
    int from = 0;
    int nl;
    while ((nl = text.indexOf('\n', from)) >= 0) {
      partialLine.append(text, from, nl);
      String line = partialLine.toString();
      partialLine.setLength(0);
      onLine(stripCarriageReturn(line), stderr);
      from = nl + 1;
    }
    partialLine.append(text, from, text.length());
  }

  private void flushPartialLine() {
    if (partialLine.length() > 0) {
      String line = partialLine.toString();
      partialLine.setLength(0);
      onLine(stripCarriageReturn(line), partialIsStderr);
    }
  }

  private static String stripCarriageReturn(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  private void onLine(String line, boolean stderr) {
    Instant now = clock.instant();
    if (stderr) {
      out.onEvent(new LogLine(now, stepId(), LogLine.Stream.STDERR, line));
      return;
    }
    Matcher step = STEP.matcher(line);
    if (step.matches()) {
      finishOpenStep();
      int index = Integer.parseInt(step.group(1));
      int total = Integer.parseInt(step.group(2));
      String id = Integer.toString(index);
      open = new OpenStep(id, now);
      Optional<Integer> dockerfileLine =
          index - 1 < instructions.size()
              ? Optional.of(instructions.get(index - 1).line())
              : Optional.empty();
      out.onEvent(new StepStarted(now, id, index, total, step.group(3), List.of(), dockerfileLine));
      return;
    }
    if (line.equals(" ---> Using cache")) {
      if (open != null) {
        open.cached = true;
      }
      builderLine(now, line);
      return;
    }
    Matcher running = RUNNING_IN.matcher(line);
    if (running.matches()) {
      containers.add(running.group(1));
      builderLine(now, line);
      return;
    }
    if (STEP_RESULT.matcher(line).matches()) {
      builderLine(now, line);
      finishOpenStep();
      return;
    }
    if (line.startsWith("Removing intermediate container ")) {
      builderLine(now, line);
      return;
    }
    if (line.startsWith("Successfully built ")) {
      builderLine(now, line);
      return;
    }
    if (line.startsWith("Successfully tagged ")) {
      taggedAs.add(line.substring("Successfully tagged ".length()).trim());
      builderLine(now, line);
      return;
    }
    if (line.startsWith("[Warning] ")) {
      out.onEvent(
          new BuildEvent.Warning(now, stepId(), line.substring("[Warning] ".length()).trim()));
      return;
    }
    Matcher quietId = QUIET_ID.matcher(line.trim());
    if (open == null && quietId.matches()) {
      imageId = quietId.group(1);
      return;
    }
    out.onEvent(new LogLine(now, stepId(), LogLine.Stream.STDOUT, line));
  }

  private void onStatus(JsonNode message, String status) {
    Instant now = clock.instant();
    String id = message.path("id").asText("");
    JsonNode detail = message.get("progressDetail");
    if (open != null && detail != null && detail.hasNonNull("current")) {
      long current = detail.get("current").asLong();
      long total = detail.path("total").asLong(-1);
      out.onEvent(
          new StepProgress(
              now, open.id, id.isEmpty() ? status : id + ": " + status, current, total));
      return;
    }
    String text = id.isEmpty() ? status : id + ": " + status;
    out.onEvent(new LogLine(now, stepId(), LogLine.Stream.BUILDER, text));
  }

  private void fail(String message, Integer code) {
    error = message;
    Matcher m = EXIT_CODE.matcher(message);
    if (m.find()) {
      exitCode = Integer.parseInt(m.group(1));
    } else if (code != null && code != 0) {
      exitCode = code;
    }
    Instant now = clock.instant();
    if (open != null) {
      failedStepId = open.id;
      // In the step's own log too, where someone reading it looks for the reason.
      out.onEvent(new LogLine(now, Optional.of(open.id), LogLine.Stream.BUILDER, message));
      out.onEvent(
          new StepFinished(
              now,
              open.id,
              false,
              Optional.of(message),
              Optional.ofNullable(exitCode),
              Duration.between(open.started, now)));
      open = null;
    }
  }

  private void finishOpenStep() {
    if (open == null) {
      return;
    }
    Instant now = clock.instant();
    out.onEvent(
        new StepFinished(
            now,
            open.id,
            open.cached,
            Optional.empty(),
            Optional.empty(),
            Duration.between(open.started, now)));
    open = null;
  }

  private void builderLine(Instant now, String line) {
    out.onEvent(new LogLine(now, stepId(), LogLine.Stream.BUILDER, line));
  }

  private Optional<String> stepId() {
    return open == null ? Optional.empty() : Optional.of(open.id);
  }
}
