package io.slipway.core.build.buildkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Timestamp;
import io.slipway.core.build.BuildEvent;
import io.slipway.core.build.BuildEvent.LogLine;
import io.slipway.core.build.BuildEvent.StepFinished;
import io.slipway.core.build.BuildEvent.StepProgress;
import io.slipway.core.build.BuildEvent.StepStarted;
import io.slipway.core.build.BuildListener;
import io.slipway.core.build.DockerfileLines;
import io.slipway.core.build.EngineMessages;
import io.slipway.core.build.JsonMessageStream;
import io.slipway.core.build.buildkit.proto.StatusResponse;
import io.slipway.core.build.buildkit.proto.Vertex;
import io.slipway.core.build.buildkit.proto.VertexLog;
import io.slipway.core.build.buildkit.proto.VertexStatus;
import io.slipway.core.build.buildkit.proto.VertexWarning;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the answer of a BuildKit {@code POST /build} into {@link BuildEvent}s, the same events the
 * classic builder emits.
 *
 * <p>BuildKit reports progress as {@code {"id":"moby.buildkit.trace","aux":"<base64>"}} lines, each
 * a protobuf {@code StatusResponse} holding <em>deltas</em>: vertices (the build graph's nodes,
 * keyed by digest), statuses (keyed by vertex and ID), chunks of output and warnings. This decoder
 * merges them and emits one event per change of state:
 *
 * <ul>
 *   <li>{@link StepStarted} when a vertex first starts (at the daemon's {@code started} time), with
 *       the vertex digest as the step id, {@code index} numbering vertices in the order they start
 *       from 1 (buildx's {@code #N}), {@code total} 0, the vertex's inputs as parents, and the
 *       Dockerfile line when the name gives it away ({@link VertexLines});
 *   <li>{@link StepFinished} when it first completes: {@code cached}, the vertex's error (with the
 *       exit code BuildKit writes into it), the duration of that run. A vertex that the daemon runs
 *       again later (it does: a context load, a FROM) stays one step; only a later failure is
 *       reported again, since that is a new state. A vertex cancelled ("context canceled") ends
 *       with the error {@value #CANCELLED};
 *   <li>{@link StepProgress} for every change of a status; {@code total} -1 when unknown;
 *   <li>{@link LogLine} per complete line of a vertex's output, per stream; a line split across
 *       chunks is kept as bytes (so is a character split across them) until its end arrives, the
 *       vertex completes, or the stream ends;
 *   <li>{@link BuildEvent.Warning} per vertex warning.
 * </ul>
 *
 * <p>Other lines give the image id ({@code moby.image.id}), the tags, and the error that ends a
 * failed build ({@code errorDetail}; BuildKit sends no exit code: it is read from the message).
 * Progress groups (newer daemons) are not merged: their vertices are steps of their own.
 *
 * <p>Memory: per vertex its name, inputs, state and any unfinished line; nothing per delta. A trace
 * is decoded from the aux string's bytes once, and its output chunks are read where they lie.
 *
 * <p>Not thread-safe: one decoder per build, fed from one thread.
 */
public final class BuildKitTraceDecoder implements JsonMessageStream.Handler {

  /** The id of the progress lines. */
  public static final String TRACE_ID = "moby.buildkit.trace";

  /** The id of the line that carries the built image's id. */
  public static final String IMAGE_ID = "moby.image.id";

  /** The error of a step that BuildKit cancelled (the build was cancelled, or another failed). */
  public static final String CANCELLED = StepFinished.CANCELLED;

  private static final Logger log = LoggerFactory.getLogger(BuildKitTraceDecoder.class);
  private static final Pattern EXIT_CODE = Pattern.compile("exit code: (-?\\d+)");
  private static final Pattern QUIET_ID = Pattern.compile("^(sha256:[0-9a-f]{64})$");
  private static final String CONTEXT_CANCELED = "context canceled";
  private static final String TAGGED = "Successfully tagged ";

  private final Clock clock;
  private final BuildListener out;
  private final VertexLines lines;
  private final Map<String, VertexState> vertices = new HashMap<>();
  private final Map<StatusKey, StatusState> statuses = new HashMap<>();
  private final StringBuilder partialStream = new StringBuilder();
  private final List<String> taggedAs = new ArrayList<>();
  private int started;
  private int undecodable;

  private String imageId;
  private String error;
  private Integer exitCode;
  private String failedStepId;

  /**
   * @param instructions the Dockerfile's instructions, to find each vertex's line (empty: none)
   */
  public BuildKitTraceDecoder(
      Clock clock, BuildListener out, List<DockerfileLines.Instruction> instructions) {
    this.clock = clock;
    this.out = out;
    this.lines = new VertexLines(instructions);
  }

  // ---- input ----

  /** One JSON message of the stream; trace lines may come this way too (their aux as text). */
  @Override
  public void onMessage(JsonNode message) {
    String id = message.path("id").asText("");
    JsonNode aux = message.get("aux");
    if (aux != null && id.equals(TRACE_ID) && aux.isTextual()) {
      byte[] data = Base64.getDecoder().decode(aux.asText());
      acceptTrace(data, 0, data.length);
    } else if (aux != null && id.equals(IMAGE_ID) && aux.hasNonNull("ID")) {
      imageId = aux.get("ID").asText();
    }
    JsonNode stream = message.get("stream");
    if (stream != null && stream.isTextual()) {
      appendStream(stream.asText());
    }
    JsonNode status = message.get("status");
    if (status != null && status.isTextual()) {
      String statusId = message.path("id").asText("");
      String text = statusId.isEmpty() ? status.asText() : statusId + ": " + status.asText();
      out.onEvent(new LogLine(clock.instant(), Optional.empty(), LogLine.Stream.BUILDER, text));
    }
    JsonNode detail = message.get("errorDetail");
    if (detail != null || message.hasNonNull("error")) {
      String text =
          detail != null && detail.hasNonNull("message")
              ? detail.get("message").asText()
              : message.path("error").asText("the build failed");
      fail(text);
    }
  }

  /** The decoded aux of a trace line. */
  @Override
  public void onBinaryAux(byte[] data, int length) {
    acceptTrace(data, 0, length);
  }

  /**
   * One {@code StatusResponse} in protobuf form. The bytes are only read during this call (output
   * chunks are read in place, not copied).
   */
  public void acceptTrace(byte[] data, int offset, int length) {
    StatusResponse response;
    try {
      CodedInputStream in = CodedInputStream.newInstance(data, offset, length);
      in.enableAliasing(true);
      response = StatusResponse.parseFrom(in);
    } catch (IOException e) {
      // Progress only: a message we cannot read costs its lines, never the build.
      if (undecodable++ == 0) {
        log.warn("Skipping a BuildKit progress message that cannot be decoded", e);
      }
      return;
    }
    accept(response);
  }

  /**
   * One {@code StatusResponse}. A message lists vertices, statuses and output apart, so their order
   * is lost; they are taken as starts first, then progress, output and warnings, then ends, so that
   * a step's output always lies between its start and its end.
   */
  public void accept(StatusResponse response) {
    int vertexCount = response.getVertexesCount();
    for (int i = 0; i < vertexCount; i++) {
      onVertexStart(response.getVertexes(i));
    }
    for (int i = 0, n = response.getStatusesCount(); i < n; i++) {
      onStatus(response.getStatuses(i));
    }
    for (int i = 0, n = response.getLogsCount(); i < n; i++) {
      onLog(response.getLogs(i));
    }
    for (int i = 0, n = response.getWarningsCount(); i < n; i++) {
      onWarning(response.getWarnings(i));
    }
    for (int i = 0; i < vertexCount; i++) {
      onVertexEnd(response.getVertexes(i));
    }
  }

  /**
   * The stream ended, or was broken off: unfinished lines are flushed, and steps still open end as
   * {@value #CANCELLED} (BuildKit completes every vertex it runs before it ends a stream, so an
   * open one was stopped).
   */
  public void end() {
    flushStream();
    List<VertexState> byIndex = new ArrayList<>(vertices.values());
    byIndex.sort(Comparator.comparingInt(s -> s.index));
    Instant now = clock.instant();
    for (VertexState s : byIndex) {
      flush(s);
      if (s.index > 0 && !s.finished) {
        s.finished = true;
        s.failed = true;
        Duration d = Duration.between(s.startedAt, now);
        out.onEvent(
            new StepFinished(
                now,
                s.digest,
                false,
                Optional.of(CANCELLED),
                Optional.empty(),
                d.isNegative() ? Duration.ZERO : d));
      }
    }
  }

  // ---- results ----

  public Optional<String> imageId() {
    return Optional.ofNullable(imageId);
  }

  /** The error that ended the build, if it failed. */
  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  /** The failed process's exit code, read from the error (BuildKit sends no code of its own). */
  public Optional<Integer> exitCode() {
    return Optional.ofNullable(exitCode);
  }

  /** The first step that failed other than by cancellation. */
  public Optional<String> failedStepId() {
    return Optional.ofNullable(failedStepId);
  }

  /** Whether the build's error says it was cancelled. */
  public boolean endedCancelled() {
    return error != null && error.endsWith(CONTEXT_CANCELED);
  }

  public List<String> taggedAs() {
    return List.copyOf(taggedAs);
  }

  // ---- vertices ----

  private static final class VertexState {
    final String digest;
    final Optional<String> stepRef;
    String name = "";

    /** 1-based in the order vertices started; 0 until the vertex starts. */
    int index;

    boolean finished;
    boolean failed;
    Instant startedAt;
    PartialLine stdout;
    PartialLine stderr;

    VertexState(String digest) {
      this.digest = digest;
      this.stepRef = Optional.of(digest);
    }

    PartialLine partial(LogLine.Stream stream) {
      if (stream == LogLine.Stream.STDERR) {
        return stderr == null ? stderr = new PartialLine() : stderr;
      }
      return stdout == null ? stdout = new PartialLine() : stdout;
    }
  }

  private VertexState state(String digest) {
    VertexState s = vertices.get(digest);
    if (s == null) {
      s = new VertexState(digest);
      vertices.put(digest, s);
    }
    return s;
  }

  private void onVertexStart(Vertex v) {
    VertexState s = state(v.getDigest());
    if (!v.getName().isEmpty() && !v.getName().equals(s.name)) {
      s.name = v.getName();
    }
    boolean hasStarted = v.hasStarted();
    boolean hasCompleted = v.hasCompleted();
    if (s.index == 0 && (hasStarted || hasCompleted)) {
      s.index = ++started;
      s.startedAt = instant(hasStarted ? v.getStarted() : v.getCompleted());
      out.onEvent(
          new StepStarted(
              s.startedAt,
              s.digest,
              s.index,
              0,
              s.name,
              List.copyOf(v.getInputsList()),
              lines.lineOf(s.name)));
    }
  }

  private void onVertexEnd(Vertex v) {
    if (!v.hasCompleted()) {
      return;
    }
    VertexState s = state(v.getDigest());
    boolean hasStarted = v.hasStarted();
    String vertexError = v.getError();
    if (!s.finished) {
      Instant runStarted = hasStarted ? instant(v.getStarted()) : s.startedAt;
      finish(s, instant(v.getCompleted()), runStarted, v.getCached(), vertexError);
    } else if (!s.failed && !vertexError.isEmpty()) {
      // Ran again after it had finished, and failed this time: that is news.
      Instant runStarted = hasStarted ? instant(v.getStarted()) : s.startedAt;
      finish(s, instant(v.getCompleted()), runStarted, false, vertexError);
    }
  }

  private void finish(
      VertexState s, Instant completed, Instant runStarted, boolean cached, String vertexError) {
    flush(s);
    Optional<String> stepError = Optional.empty();
    Optional<Integer> stepExit = Optional.empty();
    if (!vertexError.isEmpty()) {
      if (vertexError.endsWith(CONTEXT_CANCELED)) {
        stepError = Optional.of(CANCELLED);
      } else {
        stepError = Optional.of(vertexError);
        stepExit = exitCodeIn(vertexError);
        if (failedStepId == null) {
          failedStepId = s.digest;
        }
        // In the step's own log too, where someone reading it looks for the reason.
        out.onEvent(new LogLine(completed, s.stepRef, LogLine.Stream.BUILDER, vertexError));
      }
    }
    s.finished = true;
    s.failed = stepError.isPresent();
    Duration duration = Duration.between(runStarted, completed);
    out.onEvent(
        new StepFinished(
            completed,
            s.digest,
            cached,
            stepError,
            stepExit,
            duration.isNegative() ? Duration.ZERO : duration));
  }

  // ---- statuses ----

  private record StatusKey(String vertex, String id) {}

  private static final class StatusState {
    long current;
    long total;
    boolean completed;
  }

  private void onStatus(VertexStatus status) {
    String label = status.getId().isEmpty() ? status.getName() : status.getId();
    long total = status.getTotal() > 0 ? status.getTotal() : -1;
    boolean completed = status.hasCompleted();
    StatusKey key = new StatusKey(status.getVertex(), label);
    StatusState last = statuses.get(key);
    if (last == null) {
      last = new StatusState();
      statuses.put(key, last);
    } else if (last.current == status.getCurrent()
        && last.total == total
        && last.completed == completed) {
      return;
    }
    last.current = status.getCurrent();
    last.total = total;
    last.completed = completed;
    Instant time =
        status.hasTimestamp()
            ? instant(status.getTimestamp())
            : completed
                ? instant(status.getCompleted())
                : status.hasStarted() ? instant(status.getStarted()) : clock.instant();
    out.onEvent(new StepProgress(time, status.getVertex(), label, status.getCurrent(), total));
  }

  // ---- output ----

  private void onLog(VertexLog chunk) {
    VertexState s = state(chunk.getVertex());
    LogLine.Stream stream = chunk.getStream() == 2 ? LogLine.Stream.STDERR : LogLine.Stream.STDOUT;
    Instant time = chunk.hasTimestamp() ? instant(chunk.getTimestamp()) : clock.instant();
    ByteString msg = chunk.getMsg();
    int size = msg.size();
    int from = 0;
    PartialLine partial = s.partial(stream);
    if (!partial.isEmpty()) {
      int nl = indexOfNewline(msg, 0, size);
      if (nl < 0) {
        partial.append(msg, 0, size, time);
        return;
      }
      partial.append(msg, 0, nl, time);
      emitLine(s, stream, time, partial.takeString());
      from = nl + 1;
    }
    int nl;
    while (from < size && (nl = indexOfNewline(msg, from, size)) >= 0) {
      emitLine(s, stream, time, line(msg, from, nl));
      from = nl + 1;
    }
    if (from < size) {
      partial.append(msg, from, size, time);
    }
  }

  private static int indexOfNewline(ByteString msg, int from, int to) {
    for (int i = from; i < to; i++) {
      if (msg.byteAt(i) == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** The line in [from, to) without a trailing carriage return. */
  private static String line(ByteString msg, int from, int to) {
    if (to > from && msg.byteAt(to - 1) == '\r') {
      to--;
    }
    return msg.substring(from, to).toStringUtf8();
  }

  private void emitLine(VertexState s, LogLine.Stream stream, Instant time, String text) {
    out.onEvent(new LogLine(time, s.stepRef, stream, text));
  }

  /** Emits the unfinished lines of a vertex, with the time their last part arrived. */
  private void flush(VertexState s) {
    if (s.stdout != null && !s.stdout.isEmpty()) {
      emitLine(s, LogLine.Stream.STDOUT, s.stdout.time, s.stdout.takeString());
    }
    if (s.stderr != null && !s.stderr.isEmpty()) {
      emitLine(s, LogLine.Stream.STDERR, s.stderr.time, s.stderr.takeString());
    }
  }

  /** The unfinished end of a vertex's output on one stream, as bytes. */
  private static final class PartialLine {
    private byte[] bytes = new byte[128];
    private int size;

    /** When the last part arrived. */
    Instant time;

    boolean isEmpty() {
      return size == 0;
    }

    void append(ByteString msg, int from, int to, Instant arrived) {
      time = arrived;
      int n = to - from;
      if (size + n > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + n));
      }
      msg.substring(from, to).copyTo(bytes, size);
      size += n;
    }

    /** The bytes so far as a line (a trailing carriage return dropped); empties the buffer. */
    String takeString() {
      int n = size > 0 && bytes[size - 1] == '\r' ? size - 1 : size;
      String s = new String(bytes, 0, n, StandardCharsets.UTF_8);
      size = 0;
      if (bytes.length > 64 * 1024) {
        bytes = new byte[128];
      }
      return s;
    }
  }

  // ---- warnings ----

  private void onWarning(VertexWarning w) {
    StringBuilder text = new StringBuilder(w.getShort().toStringUtf8().strip());
    String separator = ": ";
    for (ByteString detail : w.getDetailList()) {
      String d = detail.toStringUtf8().strip();
      if (!d.isEmpty()) {
        text.append(separator).append(d);
        separator = " ";
      }
    }
    if (!w.getUrl().isEmpty()) {
      text.append(" (").append(w.getUrl()).append(')');
    }
    Optional<String> step = w.getVertex().isEmpty() ? Optional.empty() : Optional.of(w.getVertex());
    out.onEvent(new BuildEvent.Warning(clock.instant(), step, text.toString()));
  }

  // ---- the daemon's own lines ----

  private void appendStream(String text) {
    int from = 0;
    int nl;
    while ((nl = text.indexOf('\n', from)) >= 0) {
      partialStream.append(text, from, nl);
      String line = partialStream.toString();
      partialStream.setLength(0);
      onStreamLine(line);
      from = nl + 1;
    }
    partialStream.append(text, from, text.length());
  }

  private void flushStream() {
    if (partialStream.length() > 0) {
      String line = partialStream.toString();
      partialStream.setLength(0);
      onStreamLine(line);
    }
  }

  private void onStreamLine(String line) {
    if (line.endsWith("\r")) {
      line = line.substring(0, line.length() - 1);
    }
    Matcher quietId = QUIET_ID.matcher(line.trim());
    if (quietId.matches()) {
      // With q=1 the image id is all the engine sends.
      imageId = quietId.group(1);
      return;
    }
    if (line.startsWith(TAGGED)) {
      taggedAs.add(line.substring(TAGGED.length()).trim());
    }
    out.onEvent(new LogLine(clock.instant(), Optional.empty(), LogLine.Stream.BUILDER, line));
  }

  private void fail(String message) {
    flushStream();
    if (message.endsWith(CONTEXT_CANCELED)) {
      error = message;
      return;
    }
    exitCode = exitCodeIn(message).orElse(null);
    error = failedStepId == null ? EngineMessages.frontendError(message) : message;
    if (failedStepId == null) {
      out.onEvent(new LogLine(clock.instant(), Optional.empty(), LogLine.Stream.BUILDER, error));
    }
  }

  private static Optional<Integer> exitCodeIn(String message) {
    Matcher m = EXIT_CODE.matcher(message);
    if (m.find()) {
      try {
        return Optional.of(Integer.parseInt(m.group(1)));
      } catch (NumberFormatException tooLong) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static Instant instant(Timestamp t) {
    return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
  }
}
