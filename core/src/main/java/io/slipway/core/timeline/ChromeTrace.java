package io.slipway.core.timeline;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a snapshot in the Chrome trace event format (the JSON object form), which Perfetto ({@code
 * ui.perfetto.dev}) and {@code chrome://tracing} open.
 *
 * <ul>
 *   <li>One process ({@code pid} 1). Thread 0 holds the whole build as one slice (category {@code
 *       build}) and the warnings as instant events ({@code ph "i"}, category {@code warning}).
 *   <li>Each row is a complete event ({@code ph "X"}) named after the row, with {@code ts} and
 *       {@code dur} in microseconds from the build's start. Rows are laid out on threads 1, 2, … as
 *       lanes: a row goes on the first lane whose previous row has ended, so steps that ran side by
 *       side appear side by side and no two slices on a lane overlap (the trace viewers only accept
 *       nested slices on one thread). A classic build fits on lane 1.
 *   <li>The category is the row's state: {@code done}, {@code cached}, {@code failed}, {@code
 *       cancelled}, {@code running}. A cached row is a slice of its real, usually tiny or zero,
 *       duration. A running row is drawn to the latest event.
 *   <li>{@code args}: {@code id}, {@code index}, {@code state}, {@code parents}, {@code logLines},
 *       {@code criticalPath} (whether the row is on it), and when known {@code error}, {@code
 *       exitCode}, {@code dockerfileLine}.
 * </ul>
 */
public final class ChromeTrace {

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final int PID = 1;

  private ChromeTrace() {}

  /** Writes the trace as UTF-8 JSON; does not close {@code out}. */
  public static void write(TimelineSnapshot snapshot, OutputStream out) throws IOException {
    JsonOutput.write(FACTORY, snapshot, out, ChromeTrace::write);
  }

  public static String toJson(TimelineSnapshot snapshot) {
    return JsonOutput.toJson(FACTORY, snapshot, ChromeTrace::write);
  }

  /**
   * The lane (thread id, from 1) of each row of {@code snapshot.rows()}, in that order: the first
   * lane whose last slice ended before the row starts. Slices may touch (one ends as the next
   * starts) unless either has no duration: a zero-length slice at another's edge could be read as
   * nested in it, so it needs a lane free strictly before.
   */
  static int[] lanes(TimelineSnapshot snapshot) {
    Instant now = snapshot.lastEventTime().orElse(Instant.EPOCH);
    List<Instant> laneEnds = new ArrayList<>();
    List<Boolean> laneEndsZero = new ArrayList<>();
    List<TimelineRow> rows = snapshot.rows();
    int[] lanes = new int[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      TimelineRow row = rows.get(i);
      Instant end = row.end().orElse(now);
      if (end.isBefore(row.start())) {
        end = row.start();
      }
      boolean zero = end.equals(row.start());
      int lane = 0;
      while (lane < laneEnds.size()
          && !fits(laneEnds.get(lane), laneEndsZero.get(lane), row, zero)) {
        lane++;
      }
      if (lane == laneEnds.size()) {
        laneEnds.add(end);
        laneEndsZero.add(zero);
      } else {
        laneEnds.set(lane, end);
        laneEndsZero.set(lane, zero);
      }
      lanes[i] = lane + 1;
    }
    return lanes;
  }

  private static boolean fits(Instant laneEnd, boolean laneEndZero, TimelineRow row, boolean zero) {
    int c = laneEnd.compareTo(row.start());
    return c < 0 || (c == 0 && !laneEndZero && !zero);
  }

  private static void write(TimelineSnapshot s, JsonGenerator g) throws IOException {
    Instant origin = s.start().orElse(Instant.EPOCH);
    Instant now = s.lastEventTime().orElse(origin);
    int[] lanes = lanes(s);
    int laneCount = 0;
    for (int lane : lanes) {
      laneCount = Math.max(laneCount, lane);
    }
    Set<String> critical = new HashSet<>(s.criticalPath());

    g.writeStartObject();
    g.writeArrayFieldStart("traceEvents");
    metadata(g, "process_name", 0, "Slipway build");
    metadata(g, "thread_name", 0, "build");
    for (int lane = 1; lane <= laneCount; lane++) {
      metadata(g, "thread_name", lane, laneCount == 1 ? "steps" : "lane " + lane);
    }

    if (s.start().isPresent()) {
      g.writeStartObject();
      g.writeStringField("name", "build " + s.status().map(Enum::name).orElse("RUNNING"));
      g.writeStringField("cat", "build");
      g.writeStringField("ph", "X");
      g.writeNumberField("ts", 0);
      g.writeNumberField("dur", micros(s.wallTime()));
      g.writeNumberField("pid", PID);
      g.writeNumberField("tid", 0);
      g.writeObjectFieldStart("args");
      g.writeStringField("status", s.status().map(Enum::name).orElse("RUNNING"));
      string(g, "imageId", s.imageId());
      string(g, "error", s.error());
      integer(g, "exitCode", s.exitCode());
      g.writeNumberField("steps", s.steps());
      g.writeNumberField("cachedSteps", s.cachedSteps());
      g.writeEndObject();
      g.writeEndObject();
    }

    for (TimelineWarning w : s.warnings()) {
      g.writeStartObject();
      g.writeStringField("name", w.message());
      g.writeStringField("cat", "warning");
      g.writeStringField("ph", "i");
      g.writeStringField("s", "t");
      g.writeNumberField("ts", micros(Duration.between(origin, w.time())));
      g.writeNumberField("pid", PID);
      g.writeNumberField("tid", 0);
      g.writeObjectFieldStart("args");
      string(g, "step", w.stepId());
      g.writeEndObject();
      g.writeEndObject();
    }

    List<TimelineRow> rows = s.rows();
    for (int i = 0; i < rows.size(); i++) {
      TimelineRow r = rows.get(i);
      Instant end = r.end().orElse(now);
      g.writeStartObject();
      g.writeStringField("name", r.name());
      g.writeStringField("cat", r.state().name().toLowerCase(Locale.ROOT));
      g.writeStringField("ph", "X");
      g.writeNumberField("ts", micros(Duration.between(origin, r.start())));
      g.writeNumberField("dur", Math.max(0, micros(Duration.between(r.start(), end))));
      g.writeNumberField("pid", PID);
      g.writeNumberField("tid", lanes[i]);
      g.writeObjectFieldStart("args");
      g.writeStringField("id", r.id());
      g.writeNumberField("index", r.index());
      g.writeStringField("state", r.state().name());
      g.writeArrayFieldStart("parents");
      for (String p : r.parents()) {
        g.writeString(p);
      }
      g.writeEndArray();
      string(g, "error", r.error());
      integer(g, "exitCode", r.exitCode());
      integer(g, "dockerfileLine", r.dockerfileLine());
      g.writeNumberField("logLines", r.logLines());
      g.writeBooleanField("criticalPath", critical.contains(r.id()));
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("displayTimeUnit", "ms");
    g.writeObjectFieldStart("otherData");
    g.writeStringField("producer", "Slipway");
    time(g, "buildStart", s.start());
    g.writeStringField("status", s.status().map(Enum::name).orElse("RUNNING"));
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void metadata(JsonGenerator g, String name, int tid, String value)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("name", name);
    g.writeStringField("ph", "M");
    g.writeNumberField("pid", PID);
    g.writeNumberField("tid", tid);
    g.writeObjectFieldStart("args");
    g.writeStringField("name", value);
    g.writeEndObject();
    g.writeEndObject();
  }

  private static long micros(Duration d) {
    return d.getSeconds() * 1_000_000L + d.getNano() / 1_000;
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

  private static void time(JsonGenerator g, String name, Optional<Instant> value)
      throws IOException {
    if (value.isPresent()) {
      g.writeStringField(name, value.get().toString());
    }
  }
}
