package io.slipway.core.timeline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.core.build.BuildEvent.LogLine;
import io.slipway.core.build.BuildStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The stable JSON form of a {@link TimelineSnapshot}, log included: what the history stores, read
 * back by {@link #read}. Written as a stream, so a long log is never held twice in memory.
 *
 * <h2>Schema, version 1</h2>
 *
 * <p>One object. Times are ISO-8601 UTC strings, except log lines' {@code timeMs} (epoch
 * milliseconds). Optional fields are absent (never {@code null}) when unknown. Fields are only ever
 * added within a version; readers must ignore fields they do not know. A change that would break a
 * reader raises {@code version}; {@link #read} refuses versions above {@link #VERSION}.
 *
 * <pre>
 * {
 *   "format": "slipway-timeline",   always
 *   "version": 1,
 *   "status": "SUCCEEDED" | "FAILED" | "CANCELLED"   absent while the build ran
 *   "start", "end", "lastEventTime"                  (end absent while running)
 *   "imageId", "tags": [..], "error", "exitCode"
 *   "figures": {"wallTimeMs", "stepTimeMs", "steps", "cachedSteps", "cacheHitRatio",
 *               "criticalPath": [row ids]}          derived; informative, recomputed on read
 *   "warnings": [{"time", "step"?, "message"}]
 *   "rows": [{                                      ordered by start
 *       "id", "index", "total", "name", "parents": [ids], "start", "end"?,
 *       "state": "RUNNING" | "DONE" | "CACHED" | "FAILED" | "CANCELLED",
 *       "error"?, "exitCode"?, "line"? (Dockerfile line),
 *       "progress"?: {"label", "current", "total"}, "logLines" (informative)}]
 *   "log": [{"timeMs", "step"?, "stream": "stdout" | "stderr" | "builder", "text"}]
 *                                                   every line, in order; last, so that a
 *                                                   reader wanting the summary can stop early
 * }
 * </pre>
 */
public final class TimelineJson {

  public static final String FORMAT = "slipway-timeline";
  public static final int VERSION = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private TimelineJson() {}

  /** Writes the snapshot as UTF-8 JSON; does not close {@code out}. */
  public static void write(TimelineSnapshot snapshot, OutputStream out) throws IOException {
    JsonOutput.write(FACTORY, snapshot, out, TimelineJson::write);
  }

  public static String toJson(TimelineSnapshot snapshot) {
    return JsonOutput.toJson(FACTORY, snapshot, TimelineJson::write);
  }

  private static void write(TimelineSnapshot s, JsonGenerator g) throws IOException {
    g.writeStartObject();
    g.writeStringField("format", FORMAT);
    g.writeNumberField("version", VERSION);
    if (s.status().isPresent()) {
      g.writeStringField("status", s.status().get().name());
    }
    time(g, "start", s.start());
    time(g, "end", s.end());
    time(g, "lastEventTime", s.lastEventTime());
    string(g, "imageId", s.imageId());
    g.writeArrayFieldStart("tags");
    for (String tag : s.tags()) {
      g.writeString(tag);
    }
    g.writeEndArray();
    string(g, "error", s.error());
    integer(g, "exitCode", s.exitCode());

    g.writeObjectFieldStart("figures");
    g.writeNumberField("wallTimeMs", s.wallTime().toMillis());
    g.writeNumberField("stepTimeMs", s.stepTime().toMillis());
    g.writeNumberField("steps", s.steps());
    g.writeNumberField("cachedSteps", s.cachedSteps());
    g.writeNumberField("cacheHitRatio", s.cacheHitRatio());
    g.writeArrayFieldStart("criticalPath");
    for (String id : s.criticalPath()) {
      g.writeString(id);
    }
    g.writeEndArray();
    g.writeEndObject();

    g.writeArrayFieldStart("warnings");
    for (TimelineWarning w : s.warnings()) {
      g.writeStartObject();
      g.writeStringField("time", w.time().toString());
      string(g, "step", w.stepId());
      g.writeStringField("message", w.message());
      g.writeEndObject();
    }
    g.writeEndArray();

    g.writeArrayFieldStart("rows");
    for (TimelineRow r : s.rows()) {
      g.writeStartObject();
      g.writeStringField("id", r.id());
      g.writeNumberField("index", r.index());
      g.writeNumberField("total", r.total());
      g.writeStringField("name", r.name());
      g.writeArrayFieldStart("parents");
      for (String p : r.parents()) {
        g.writeString(p);
      }
      g.writeEndArray();
      g.writeStringField("start", r.start().toString());
      time(g, "end", r.end());
      g.writeStringField("state", r.state().name());
      string(g, "error", r.error());
      integer(g, "exitCode", r.exitCode());
      integer(g, "line", r.dockerfileLine());
      if (r.progress().isPresent()) {
        RowProgress p = r.progress().get();
        g.writeObjectFieldStart("progress");
        g.writeStringField("label", p.label());
        g.writeNumberField("current", p.current());
        g.writeNumberField("total", p.total());
        g.writeEndObject();
      }
      g.writeNumberField("logLines", r.logLines());
      g.writeEndObject();
    }
    g.writeEndArray();

    g.writeArrayFieldStart("log");
    TimelineLog log = s.log();
    int size = log.size();
    for (int i = 0; i < size; i += 4096) {
      for (TimelineLogLine line : log.lines(i, Math.min(size, i + 4096))) {
        g.writeStartObject();
        g.writeNumberField("timeMs", line.time().toEpochMilli());
        string(g, "step", line.stepId());
        g.writeStringField("stream", line.stream().name().toLowerCase(Locale.ROOT));
        g.writeStringField("text", line.text());
        g.writeEndObject();
      }
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void time(JsonGenerator g, String name, Optional<Instant> value)
      throws IOException {
    if (value.isPresent()) {
      g.writeStringField(name, value.get().toString());
    }
  }

  private static void string(JsonGenerator g, String name, Optional<String> value)
      throws IOException {
    if (value.isPresent()) {
      g.writeStringField(name, value.get());
    }
  }

  private static void integer(JsonGenerator g, String name, Optional<Integer> value)
      throws IOException {
    if (value.isPresent()) {
      g.writeNumberField(name, value.get());
    }
  }

  /**
   * Reads a snapshot back from what {@link #write} wrote (this version or an older one); does not
   * close {@code in}.
   *
   * @throws IOException if it is not JSON, not a timeline, of a newer version, or inconsistent (a
   *     log line naming a row that is not there); the message says which
   */
  public static TimelineSnapshot read(InputStream in) throws IOException {
    try (JsonParser p = FACTORY.createParser(in)) {
      p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
      return new Reader(p).read();
    }
  }

  public static TimelineSnapshot fromJson(String json) throws IOException {
    return read(new java.io.ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  private static final class Reader {
    private final JsonParser p;
    private final LogStore store = new LogStore();
    private final LineRuns buildLines = new LineRuns();
    private final Map<String, Integer> ordinals = new HashMap<>();
    private final List<TimelineRow> rows = new ArrayList<>();
    private final List<LineRuns> runs = new ArrayList<>();
    private final List<String> pendingIds = new ArrayList<>();
    private String format;
    private int version = -1;
    private Optional<BuildStatus> status = Optional.empty();
    private Optional<Instant> start = Optional.empty();
    private Optional<Instant> end = Optional.empty();
    private Optional<Instant> lastEventTime = Optional.empty();
    private Optional<String> imageId = Optional.empty();
    private List<String> tags = List.of();
    private Optional<String> error = Optional.empty();
    private Optional<Integer> exitCode = Optional.empty();
    private final List<TimelineWarning> warnings = new ArrayList<>();

    Reader(JsonParser p) {
      this.p = p;
    }

    TimelineSnapshot read() throws IOException {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw problem("a timeline export is a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        switch (field) {
          case "format" -> {
            format = p.getValueAsString();
            if (!FORMAT.equals(format)) {
              throw problem("not a Slipway timeline (format \"" + format + "\")");
            }
          }
          case "version" -> {
            version = p.getValueAsInt(-1);
            if (version < 1) {
              throw problem("the version must be a positive number");
            }
            if (version > VERSION) {
              throw problem(
                  "written by a newer Slipway (timeline version "
                      + version
                      + "); this one reads up to version "
                      + VERSION
                      + ". Update Slipway to open it.");
            }
          }
          case "log" -> readLog(value);
          case "rows" -> readRows(value);
          default -> readField(field, MAPPER.readTree(p));
        }
      }
      if (format == null) {
        throw problem("not a Slipway timeline (no \"format\")");
      }
      if (version < 0) {
        throw problem("no \"version\"");
      }
      for (String id : pendingIds) {
        if (ordinals.get(id) >= rows.size() || rows.get(ordinals.get(id)) == null) {
          throw problem(
              "a log line belongs to the row \"" + id + "\", which is not among the rows");
        }
      }
      List<LineRuns.Frozen> frozen = new ArrayList<>();
      for (LineRuns r : runs) {
        frozen.add(r.freeze());
      }
      List<TimelineRow> withCounts = new ArrayList<>();
      for (int i = 0; i < rows.size(); i++) {
        TimelineRow r = rows.get(i);
        withCounts.add(withLogLines(r, runs.get(i).count()));
      }
      return new TimelineSnapshot(
          new TimelineSnapshot.Facts(
              status, start, end, lastEventTime, imageId, tags, error, exitCode, warnings),
          withCounts,
          frozen,
          buildLines.freeze(),
          store.freeze());
    }

    private void readField(String field, JsonNode v) throws IOException {
      switch (field) {
        case "status" -> status = Optional.of(enumValue(BuildStatus.class, v, "status"));
        case "start" -> start = Optional.of(instant(v, "start"));
        case "end" -> end = Optional.of(instant(v, "end"));
        case "lastEventTime" -> lastEventTime = Optional.of(instant(v, "lastEventTime"));
        case "imageId" -> imageId = Optional.of(v.asText());
        case "tags" -> {
          List<String> t = new ArrayList<>();
          v.forEach(tag -> t.add(tag.asText()));
          tags = t;
        }
        case "error" -> error = Optional.of(v.asText());
        case "exitCode" -> exitCode = Optional.of(v.asInt());
        case "warnings" -> {
          for (JsonNode w : v) {
            warnings.add(
                new TimelineWarning(
                    instant(w.get("time"), "warning time"),
                    optionalText(w, "step"),
                    w.path("message").asText()));
          }
        }
        default -> {
          // figures are derived; unknown fields are ignored
        }
      }
    }

    private void readRows(JsonToken value) throws IOException {
      if (value != JsonToken.START_ARRAY) {
        throw problem("\"rows\" must be an array");
      }
      while (p.nextToken() == JsonToken.START_OBJECT) {
        JsonNode r = MAPPER.readTree(p);
        String id = requiredText(r, "id");
        List<String> parents = new ArrayList<>();
        r.path("parents").forEach(parent -> parents.add(parent.asText()));
        Optional<RowProgress> progress = Optional.empty();
        JsonNode pr = r.get("progress");
        if (pr != null && pr.isObject()) {
          progress =
              Optional.of(
                  new RowProgress(
                      pr.path("label").asText(),
                      pr.path("current").asLong(),
                      pr.path("total").asLong(-1)));
        }
        TimelineRow row;
        try {
          row =
              new TimelineRow(
                  id,
                  r.path("index").asInt(-1),
                  r.path("total").asInt(0),
                  r.path("name").asText(id),
                  parents,
                  instant(r.get("start"), "row start"),
                  r.has("end") ? Optional.of(instant(r.get("end"), "row end")) : Optional.empty(),
                  enumValue(RowState.class, r.get("state"), "row state"),
                  optionalText(r, "error"),
                  optionalInt(r, "exitCode"),
                  optionalInt(r, "line"),
                  progress,
                  0);
        } catch (IllegalArgumentException e) {
          throw problem("row \"" + id + "\": " + e.getMessage());
        }
        int ordinal = ordinal(id);
        while (rows.size() <= ordinal) {
          rows.add(null);
        }
        if (rows.get(ordinal) != null) {
          throw problem("two rows with the id \"" + id + "\"");
        }
        rows.set(ordinal, row);
      }
      if (p.currentToken() != JsonToken.END_ARRAY) {
        throw problem("\"rows\" must hold objects");
      }
      if (rows.contains(null)) {
        // Only when the log came first and named a row the rows never listed.
        throw problem("a log line belongs to a row that is not among the rows");
      }
    }

    private void readLog(JsonToken value) throws IOException {
      if (value != JsonToken.START_ARRAY) {
        throw problem("\"log\" must be an array");
      }
      while (p.nextToken() == JsonToken.START_OBJECT) {
        JsonNode l = MAPPER.readTree(p);
        JsonNode time = l.get("timeMs");
        if (time == null || !time.canConvertToLong()) {
          throw problem("a log line without \"timeMs\"");
        }
        LogLine.Stream stream = enumValue(LogLine.Stream.class, l.get("stream"), "log stream");
        String text = l.path("text").asText();
        Instant at = Instant.ofEpochMilli(time.asLong());
        JsonNode step = l.get("step");
        if (step == null) {
          buildLines.add(store.append(at, -1, stream, text));
        } else {
          String id = step.asText();
          boolean known = ordinals.containsKey(id);
          int ordinal = ordinal(id);
          if (!known) {
            pendingIds.add(id);
          }
          runs.get(ordinal).add(store.append(at, ordinal, stream, text));
        }
      }
      if (p.currentToken() != JsonToken.END_ARRAY) {
        throw problem("\"log\" must hold objects");
      }
    }

    private int ordinal(String id) {
      Integer known = ordinals.get(id);
      if (known != null) {
        return known;
      }
      int ordinal = ordinals.size();
      ordinals.put(id, ordinal);
      runs.add(new LineRuns());
      return ordinal;
    }

    private static TimelineRow withLogLines(TimelineRow r, int lines) {
      return new TimelineRow(
          r.id(),
          r.index(),
          r.total(),
          r.name(),
          r.parents(),
          r.start(),
          r.end(),
          r.state(),
          r.error(),
          r.exitCode(),
          r.dockerfileLine(),
          r.progress(),
          lines);
    }

    private Instant instant(JsonNode v, String what) throws IOException {
      if (v == null || !v.isTextual()) {
        throw problem("no " + what);
      }
      try {
        return Instant.parse(v.asText());
      } catch (DateTimeParseException e) {
        throw problem(what + " is not an ISO-8601 time: " + v.asText());
      }
    }

    private <E extends Enum<E>> E enumValue(Class<E> type, JsonNode v, String what)
        throws IOException {
      if (v == null || !v.isTextual()) {
        throw problem("no " + what);
      }
      try {
        return Enum.valueOf(type, v.asText().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw problem("unknown " + what + " \"" + v.asText() + "\"");
      }
    }

    private String requiredText(JsonNode o, String field) throws IOException {
      JsonNode v = o.get(field);
      if (v == null || !v.isTextual()) {
        throw problem("a row without \"" + field + "\"");
      }
      return v.asText();
    }

    private static Optional<String> optionalText(JsonNode o, String field) {
      JsonNode v = o.get(field);
      return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    private static Optional<Integer> optionalInt(JsonNode o, String field) {
      JsonNode v = o.get(field);
      return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asInt());
    }

    private IOException problem(String message) {
      return new IOException(
          "Cannot read the timeline: "
              + message
              + " (at line "
              + p.currentLocation().getLineNr()
              + ", column "
              + p.currentLocation().getColumnNr()
              + ").");
    }
  }
}
