package io.slipway.core.timeline;

import static io.slipway.core.timeline.Events.BASE;
import static io.slipway.core.timeline.Events.COPY_SRC;
import static io.slipway.core.timeline.Events.DEPS;
import static io.slipway.core.timeline.Events.MAKE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.core.build.BuildEvent;
import io.slipway.core.build.BuildStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChromeTraceTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode trace(TimelineSnapshot s) throws IOException {
    JsonNode trace = JSON.readTree(ChromeTrace.toJson(s));
    assertWellFormed(trace);
    return trace;
  }

  private static List<JsonNode> slices(JsonNode trace) {
    List<JsonNode> out = new ArrayList<>();
    trace
        .get("traceEvents")
        .forEach(
            e -> {
              if (e.get("ph").asText().equals("X") && !e.get("cat").asText().equals("build")) {
                out.add(e);
              }
            });
    return out;
  }

  private static JsonNode slice(JsonNode trace, String id) {
    return slices(trace).stream()
        .filter(e -> e.get("args").get("id").asText().equals(id))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void parallelVerticesGoOnDifferentThreadsAndSequentialOnesShareOne() throws IOException {
    JsonNode trace = trace(Events.buildKitParallel().feed().snapshot());

    JsonNode make = slice(trace, MAKE);
    JsonNode deps = slice(trace, DEPS);
    assertThat(make.get("ts").asLong()).isEqualTo(950_000);
    assertThat(make.get("dur").asLong()).isEqualTo(4_050_000);
    assertThat(deps.get("dur").asLong()).isEqualTo(1_050_000);
    assertThat(make.get("tid").asInt()).isNotEqualTo(deps.get("tid").asInt());
    assertThat(make.get("args").get("criticalPath").asBoolean()).isTrue();
    assertThat(deps.get("args").get("criticalPath").asBoolean()).isFalse();
    assertThat(make.get("args").get("parents").get(0).asText()).isEqualTo(COPY_SRC);
    assertThat(make.get("name").asText()).isEqualTo("[builder 3/3] RUN make");

    JsonNode classic = trace(Events.classicSuccess().feed().snapshot());
    assertThat(slices(classic)).extracting(e -> e.get("tid").asInt()).containsOnly(1);
    assertThat(slices(classic)).hasSize(7);
  }

  @Test
  void cachedRowsAreTinySlicesOfTheirOwnCategory() throws IOException {
    JsonNode trace = trace(Events.buildKitParallel().feed().snapshot());

    JsonNode base = slice(trace, BASE);
    assertThat(base.get("cat").asText()).isEqualTo("cached");
    assertThat(base.get("dur").asLong()).isZero();
    assertThat(base.get("args").get("state").asText()).isEqualTo("CACHED");
    assertThat(slice(trace, MAKE).get("cat").asText()).isEqualTo("done");
  }

  @Test
  void theBuildIsASliceOnThreadZeroWithItsWarnings() throws IOException {
    Events e = Events.classicSuccess();
    JsonNode trace = trace(e.feed().snapshot());

    List<JsonNode> events = new ArrayList<>();
    trace.get("traceEvents").forEach(events::add);
    JsonNode build =
        events.stream()
            .filter(x -> x.path("cat").asText().equals("build"))
            .findFirst()
            .orElseThrow();
    assertThat(build.get("tid").asInt()).isZero();
    assertThat(build.get("ts").asLong()).isZero();
    assertThat(build.get("dur").asLong()).isEqualTo(2_430_000);
    assertThat(build.get("args").get("status").asText()).isEqualTo("SUCCEEDED");
    JsonNode warning =
        events.stream()
            .filter(x -> x.path("cat").asText().equals("warning"))
            .findFirst()
            .orElseThrow();
    assertThat(warning.get("ph").asText()).isEqualTo("i");
    assertThat(warning.get("s").asText()).isEqualTo("t");
    assertThat(warning.get("ts").asLong()).isEqualTo(2_410_000);
    assertThat(events)
        .filteredOn(x -> x.get("ph").asText().equals("M"))
        .extracting(x -> x.get("args").get("name").asText())
        .containsExactly("Slipway build", "build", "steps");
    assertThat(trace.get("displayTimeUnit").asText()).isEqualTo("ms");
  }

  @Test
  void failedAndCancelledRowsCarryTheirErrorAndExitCode() throws IOException {
    Events e = new Events();
    e.started(0, BASE, 1, 0, "[base 1/1] FROM alpine").cached(0, BASE, 0);
    e.started(0.1, MAKE, 2, 0, "[builder 2/2] RUN make", BASE)
        .started(0.1, DEPS, 3, 0, "[deps 2/2] RUN fetch", BASE)
        .failed(1.0, DEPS, 0.1, "exit code: 2", 2)
        .finished(1.2, BuildStatus.FAILED, 0, null, "failed to solve", 2);

    JsonNode trace = trace(e.feed().snapshot());

    JsonNode deps = slice(trace, DEPS);
    assertThat(deps.get("cat").asText()).isEqualTo("failed");
    assertThat(deps.get("args").get("error").asText()).isEqualTo("exit code: 2");
    assertThat(deps.get("args").get("exitCode").asInt()).isEqualTo(2);
    JsonNode make = slice(trace, MAKE);
    assertThat(make.get("cat").asText()).isEqualTo("cancelled");
    assertThat(make.get("args").has("exitCode")).isFalse();
    assertThat(make.get("dur").asLong()).isEqualTo(1_100_000);
  }

  @Test
  void aRunningBuildDrawsRunningRowsToTheLatestEvent() throws IOException {
    List<BuildEvent> all = Events.buildKitParallel().events();
    BuildTimeline timeline = new BuildTimeline();
    all.subList(0, 30).forEach(timeline::accept);
    TimelineSnapshot s = timeline.snapshot();

    JsonNode trace = trace(s);

    JsonNode make = slice(trace, MAKE);
    assertThat(make.get("cat").asText()).isEqualTo("running");
    long latest =
        java.time.Duration.between(Events.T0, s.lastEventTime().orElseThrow()).toNanos() / 1000;
    assertThat(make.get("ts").asLong() + make.get("dur").asLong()).isEqualTo(latest);
  }

  @Test
  void manyCachedVerticesAtOneInstantNeverShareALane() throws IOException {
    Events e = new Events();
    for (int i = 0; i < 5; i++) {
      e.started(1, "v" + i, i + 1, 0, "[s " + i + "] COPY x").cached(1, "v" + i, 1);
    }
    e.started(1, "run", 9, 0, "RUN x").done(2, "run", 1);
    e.finished(2, BuildStatus.SUCCEEDED, 0, null, null, null);

    trace(e.feed().snapshot()); // assertWellFormed checks the lanes
  }

  /**
   * What Perfetto and chrome://tracing need: the object form with a traceEvents array; every event
   * a name, a phase, pid and tid; times as non-negative integers (microseconds); and on each
   * thread, slices that never overlap (touching is fine unless one has no duration).
   */
  static void assertWellFormed(JsonNode trace) {
    assertThat(trace.isObject()).isTrue();
    assertThat(trace.get("traceEvents").isArray()).isTrue();
    Map<Integer, List<JsonNode>> byThread = new HashMap<>();
    for (JsonNode e : trace.get("traceEvents")) {
      assertThat(e.get("name").isTextual()).as("name of %s", e).isTrue();
      assertThat(e.get("ph").asText()).isIn("X", "i", "M");
      assertThat(e.get("pid").isIntegralNumber()).isTrue();
      assertThat(e.get("tid").isIntegralNumber()).isTrue();
      if (!e.get("ph").asText().equals("M")) {
        assertThat(e.get("ts").isIntegralNumber()).as("ts of %s", e).isTrue();
        assertThat(e.get("ts").asLong()).isNotNegative();
        assertThat(e.get("cat").isTextual()).isTrue();
      }
      if (e.get("ph").asText().equals("X")) {
        assertThat(e.get("dur").isIntegralNumber()).isTrue();
        assertThat(e.get("dur").asLong()).isNotNegative();
        byThread.computeIfAbsent(e.get("tid").asInt(), t -> new ArrayList<>()).add(e);
      }
    }
    for (List<JsonNode> slices : byThread.values()) {
      slices.sort(Comparator.comparingLong(e -> e.get("ts").asLong()));
      for (int i = 1; i < slices.size(); i++) {
        JsonNode previous = slices.get(i - 1);
        JsonNode next = slices.get(i);
        long previousEnd = previous.get("ts").asLong() + previous.get("dur").asLong();
        long nextStart = next.get("ts").asLong();
        boolean touching = previousEnd == nextStart;
        boolean zero = previous.get("dur").asLong() == 0 || next.get("dur").asLong() == 0;
        assertThat(previousEnd < nextStart || (touching && !zero))
            .as("%s then %s on one thread", previous, next)
            .isTrue();
      }
    }
  }
}
