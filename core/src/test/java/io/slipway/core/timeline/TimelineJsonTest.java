package io.slipway.core.timeline;

import static io.slipway.core.timeline.Events.MAKE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.core.build.BuildEvent;
import io.slipway.core.build.BuildEvent.LogLine;
import io.slipway.core.build.BuildStatus;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineJsonTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static TimelineSnapshot richBuild() {
    Events e = Events.buildKitParallel();
    List<BuildEvent> events = e.events();
    // Add a warning, non-ASCII and control characters, and a failed + cancelled ending.
    Events tail = new Events();
    tail.warning(5.6, MAKE, "FromAsCasing: 'as' and 'FROM' keywords' casing do not match")
        .log(
            5.7,
            Events.EXPORT,
            LogLine.Stream.STDERR,
            "naming to docker.io/library/app:1 ✓ \u001b[0m\t\"q\"");
    BuildTimeline timeline = new BuildTimeline();
    events.subList(0, events.size() - 2).forEach(timeline::accept);
    tail.events().forEach(timeline::accept);
    events.subList(events.size() - 2, events.size()).forEach(timeline::accept);
    return timeline.snapshot();
  }

  @Test
  void aFinishedBuildReadsBackAsTheSameSnapshot() throws IOException {
    TimelineSnapshot original = richBuild();

    String json = TimelineJson.toJson(original);
    TimelineSnapshot back = TimelineJson.fromJson(json);

    assertSame(back, original);
    assertThat(TimelineJson.toJson(back)).isEqualTo(json);
  }

  @Test
  void aFailedClassicBuildAndARunningOneReadBackToo() throws IOException {
    Events failed = new Events();
    failed.started(0, "context", 0, 0, "Sending build context").done(0.01, "context", 0);
    failed
        .step(0.02, 1, 2, "RUN exit 3", 1)
        .log(0.5, "1", "oops")
        .failed(0.5, "1", 0.02, "returned a non-zero code: 3", 3)
        .buildLog(0.55, "the end")
        .finished(0.6, BuildStatus.FAILED, 0, null, "returned a non-zero code: 3", 3);
    TimelineSnapshot f = failed.feed().snapshot();
    assertSame(TimelineJson.fromJson(TimelineJson.toJson(f)), f);

    List<BuildEvent> all = Events.buildKitParallel().events();
    BuildTimeline timeline = new BuildTimeline();
    all.subList(0, 30).forEach(timeline::accept);
    TimelineSnapshot running = timeline.snapshot();
    assertThat(running.rows()).anyMatch(r -> r.state() == RowState.RUNNING);
    assertSame(TimelineJson.fromJson(TimelineJson.toJson(running)), running);

    TimelineSnapshot empty = new BuildTimeline().snapshot();
    assertSame(TimelineJson.fromJson(TimelineJson.toJson(empty)), empty);
  }

  @Test
  void aLongLogRoundTripsThroughAStream() throws IOException {
    BuildTimeline timeline = new BuildTimeline();
    Events e = new Events().started(0, "1", 1, 1, "RUN seq 50000");
    e.events().forEach(timeline::accept);
    for (int i = 0; i < 50_000; i++) {
      timeline.accept(
          new LogLine(
              Events.at(i * 0.0001),
              i % 10 == 0 ? java.util.Optional.empty() : java.util.Optional.of("1"),
              LogLine.Stream.STDOUT,
              "line " + i));
    }
    TimelineSnapshot original = timeline.snapshot();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    TimelineJson.write(original, out);

    TimelineSnapshot back = TimelineJson.read(new ByteArrayInputStream(out.toByteArray()));

    assertSame(back, original);
    assertThat(back.buildLog().size()).isEqualTo(5_000);
  }

  @Test
  void theSchemaIsVersionedAndLeavesUnknownsOut() throws IOException {
    JsonNode json = JSON.readTree(TimelineJson.toJson(Events.classicSuccess().feed().snapshot()));

    assertThat(json.get("format").asText()).isEqualTo("slipway-timeline");
    assertThat(json.get("version").asInt()).isEqualTo(1);
    assertThat(json.fieldNames())
        .toIterable()
        .containsExactly(
            "format",
            "version",
            "status",
            "start",
            "end",
            "lastEventTime",
            "imageId",
            "tags",
            "figures",
            "warnings",
            "rows",
            "log");
    assertThat(json.get("start").asText()).isEqualTo("2026-03-02T10:00:00Z");
    JsonNode figures = json.get("figures");
    assertThat(figures.get("wallTimeMs").asLong()).isEqualTo(2430);
    assertThat(figures.get("steps").asInt()).isEqualTo(6);
    assertThat(figures.get("criticalPath")).hasSize(7);
    JsonNode step5 = json.get("rows").get(5);
    assertThat(step5.fieldNames())
        .toIterable()
        .containsExactly(
            "id", "index", "total", "name", "parents", "start", "end", "state", "line", "logLines");
    assertThat(step5.get("state").asText()).isEqualTo("DONE");
    assertThat(step5.get("line").asInt()).isEqualTo(5);
    JsonNode context = json.get("rows").get(0);
    assertThat(context.get("progress").get("current").asLong()).isEqualTo(1200);
    JsonNode firstLine = json.get("log").get(0);
    assertThat(firstLine.get("timeMs").isIntegralNumber()).isTrue();
    assertThat(firstLine.get("stream").asText()).isEqualTo("builder");
    assertThat(firstLine.get("step").asText()).isEqualTo("1");
    JsonNode lastLine = json.get("log").get(json.get("log").size() - 1);
    assertThat(lastLine.has("step")).isFalse();
  }

  @Test
  void unknownFieldsAreIgnored() throws IOException {
    ObjectNode json =
        (ObjectNode) JSON.readTree(TimelineJson.toJson(Events.classicSuccess().feed().snapshot()));
    json.put("addedLater", "x");
    json.putObject("nested").putArray("deep").add(1);
    ((ObjectNode) json.get("rows").get(0)).put("colour", "blue");

    TimelineSnapshot back = TimelineJson.fromJson(json.toString());

    assertThat(back.rows()).hasSize(7);
  }

  @Test
  void aNewerVersionOrAnotherFileIsRefusedWithAReason() throws IOException {
    ObjectNode newer =
        (ObjectNode) JSON.readTree(TimelineJson.toJson(Events.classicSuccess().feed().snapshot()));
    newer.put("version", 2);

    assertThatThrownBy(() -> TimelineJson.fromJson(newer.toString()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("newer Slipway")
        .hasMessageContaining("version 2");
    assertThatThrownBy(() -> TimelineJson.fromJson("{\"name\":\"api-server\"}"))
        .hasMessageContaining("not a Slipway timeline");
    assertThatThrownBy(() -> TimelineJson.fromJson("[1,2]")).hasMessageContaining("a JSON object");
    assertThatThrownBy(() -> TimelineJson.fromJson("{\"format\":\"slipway-timeline\"}"))
        .hasMessageContaining("no \"version\"");
  }

  @Test
  void aLogLineOfAMissingRowIsRefused() throws IOException {
    ObjectNode json =
        (ObjectNode) JSON.readTree(TimelineJson.toJson(Events.classicSuccess().feed().snapshot()));
    ((ObjectNode) json.get("log").get(0)).put("step", "99");

    assertThatThrownBy(() -> TimelineJson.fromJson(json.toString()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("\"99\"");
  }

  @Test
  void aRowEndingBeforeItStartsIsRefused() throws IOException {
    ObjectNode json =
        (ObjectNode) JSON.readTree(TimelineJson.toJson(Events.classicSuccess().feed().snapshot()));
    ((ObjectNode) json.get("rows").get(1)).put("end", "2000-01-01T00:00:00Z");

    assertThatThrownBy(() -> TimelineJson.fromJson(json.toString()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("row \"1\"");
  }

  static void assertSame(TimelineSnapshot back, TimelineSnapshot original) {
    assertThat(back.status()).isEqualTo(original.status());
    assertThat(back.start()).isEqualTo(original.start());
    assertThat(back.end()).isEqualTo(original.end());
    assertThat(back.lastEventTime()).isEqualTo(original.lastEventTime());
    assertThat(back.imageId()).isEqualTo(original.imageId());
    assertThat(back.tags()).isEqualTo(original.tags());
    assertThat(back.error()).isEqualTo(original.error());
    assertThat(back.exitCode()).isEqualTo(original.exitCode());
    assertThat(back.warnings()).isEqualTo(original.warnings());
    assertThat(back.rows()).isEqualTo(original.rows());
    assertThat(back.wallTime()).isEqualTo(original.wallTime());
    assertThat(back.stepTime()).isEqualTo(original.stepTime());
    assertThat(back.cacheHitRatio()).isEqualTo(original.cacheHitRatio());
    assertThat(back.criticalPath()).isEqualTo(original.criticalPath());
    assertThat(back.logTextBytes()).isEqualTo(original.logTextBytes());
    assertThat(back.log().size()).isEqualTo(original.log().size());
    assertThat(back.log().lines(0, back.log().size()))
        .isEqualTo(original.log().lines(0, original.log().size()));
    assertThat(back.buildLog().lines(0, back.buildLog().size()))
        .isEqualTo(original.buildLog().lines(0, original.buildLog().size()));
    for (TimelineRow row : original.rows()) {
      TimelineLog a = back.log(row.id());
      TimelineLog b = original.log(row.id());
      assertThat(a.lines(0, a.size())).isEqualTo(b.lines(0, b.size()));
    }
  }
}
