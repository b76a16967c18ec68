package io.slipway.core.build.classic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.core.build.BuildEvent;
import io.slipway.core.build.BuildEvent.LogLine;
import io.slipway.core.build.BuildEvent.StepFinished;
import io.slipway.core.build.BuildEvent.StepStarted;
import io.slipway.core.build.DockerfileLines;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Feeds streams recorded from a real dockerd 20.10 (see the README beside the fixtures). */
class ClassicStreamParserTest {

  private final List<BuildEvent> events = new ArrayList<>();
  private final TickingClock clock = new TickingClock();

  private ClassicStreamParser parse(String fixture, List<DockerfileLines.Instruction> lines)
      throws IOException {
    ClassicStreamParser parser = new ClassicStreamParser(clock, events::add, lines);
    try (InputStream in = getClass().getResourceAsStream(fixture);
        MappingIterator<JsonNode> it =
            new ObjectMapper().readerFor(JsonNode.class).readValues(in)) {
      while (it.hasNextValue()) {
        parser.accept(it.nextValue());
      }
    }
    parser.end();
    return parser;
  }

  private List<DockerfileLines.Instruction> successDockerfile() throws IOException {
    try (InputStream in = getClass().getResourceAsStream("success.Dockerfile")) {
      return DockerfileLines.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void stepsStartAndFinishInOrderWithTheirDockerfileLines() throws IOException {
    ClassicStreamParser parser = parse("classic-success.jsonl", successDockerfile());

    List<StepStarted> started = of(StepStarted.class);
    assertThat(started)
        .extracting(StepStarted::stepId)
        .containsExactly("1", "2", "3", "4", "5", "6");
    assertThat(started).extracting(StepStarted::total).containsOnly(6);
    assertThat(started.get(4).name()).isEqualTo("RUN echo \"$GREETING $WHO\" && cat /hello.txt");
    assertThat(started)
        .extracting(s -> s.dockerfileLine().orElseThrow())
        .containsExactly(1, 2, 3, 4, 5, 6);
    List<StepFinished> finished = of(StepFinished.class);
    assertThat(finished)
        .extracting(StepFinished::stepId)
        .containsExactly("1", "2", "3", "4", "5", "6");
    assertThat(finished).noneMatch(StepFinished::cached).noneMatch(StepFinished::failed);
    assertThat(finished).allMatch(f -> f.duration().compareTo(Duration.ZERO) > 0);
    assertThat(parser.imageId())
        .contains("sha256:81c1970bb5ff0f76bb2594828c6e88d740014b742837ffaea32a0557ec89ed92");
    assertThat(parser.error()).isEmpty();
    assertThat(parser.taggedAs()).containsExactly("slipway-fixture:1");
  }

  @Test
  void runOutputIsAttributedToItsStepAndStderrIsTold() throws IOException {
    parse("classic-success.jsonl", successDockerfile());

    assertThat(logs(LogLine.Stream.STDOUT, "5")).containsExactly("hello world", "file content");
    assertThat(logs(LogLine.Stream.STDOUT, "6")).containsExactly("done");
    assertThat(logs(LogLine.Stream.STDERR, "6")).containsExactly("to-stderr");
    // The line after the red stderr chunk is not polluted by the reset code.
    assertThat(logs(LogLine.Stream.BUILDER, "6"))
        .contains("Removing intermediate container f8c35b96c1e4");
  }

  @Test
  void unusedBuildArgsBecomeAWarning() throws IOException {
    parse("classic-success.jsonl", successDockerfile());

    assertThat(of(BuildEvent.Warning.class))
        .extracting(BuildEvent.Warning::message)
        .containsExactly("One or more build-args [UNUSED] were not consumed");
  }

  @Test
  void aRebuildMarksCachedSteps() throws IOException {
    parse("classic-cached.jsonl", successDockerfile());

    assertThat(of(StepFinished.class))
        .filteredOn(StepFinished::cached)
        .extracting(StepFinished::stepId)
        .containsExactly("2", "3", "4", "5", "6");
  }

  @Test
  void aFailingRunKeepsItsExitCodeOnTheFailingStep() throws IOException {
    ClassicStreamParser parser = parse("classic-failed-run.jsonl", List.of());

    StepFinished failed =
        of(StepFinished.class).stream().filter(StepFinished::failed).findFirst().orElseThrow();
    assertThat(failed.stepId()).isEqualTo("3");
    assertThat(failed.exitCode()).contains(3);
    assertThat(failed.error().orElseThrow()).contains("returned a non-zero code: 3");
    assertThat(parser.exitCode()).contains(3);
    assertThat(parser.failedStepId()).contains("3");
    assertThat(parser.containers()).containsExactly("6a6ad739d662", "6b0f62b5e3b1");
    assertThat(of(StepStarted.class))
        .extracting(StepStarted::stepId)
        .containsExactly("1", "2", "3");
  }

  @Test
  void quietModeYieldsTheImageId() throws IOException {
    ClassicStreamParser parser = parse("classic-quiet.jsonl", List.of());

    assertThat(parser.imageId())
        .contains("sha256:255fea5df9e15cf0402458dd04a2d8f0e76cf061483dca824d96c3f7f0f726aa");
    assertThat(of(LogLine.class)).isEmpty();
  }

  @Test
  void linesSplitAcrossChunksAreReassembled() {
    ObjectMapper json = new ObjectMapper();
    ClassicStreamParser parser = new ClassicStreamParser(clock, events::add, List.of());
    parser.accept(json.createObjectNode().put("stream", "Step 1/1 : RUN echo"));
    parser.accept(json.createObjectNode().put("stream", " hi\npart"));
    parser.accept(json.createObjectNode().put("stream", "ial line"));
    parser.end();

    assertThat(of(StepStarted.class).get(0).name()).isEqualTo("RUN echo hi");
    assertThat(logs(LogLine.Stream.STDOUT, "1")).containsExactly("partial line");
  }

  private <T> List<T> of(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private List<String> logs(LogLine.Stream stream, String step) {
    return of(LogLine.class).stream()
        .filter(l -> l.stream() == stream && l.stepId().equals(Optional.of(step)))
        .map(LogLine::text)
        .toList();
  }

  /** Advances 10 ms per reading, so durations are positive and deterministic. */
  private static final class TickingClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      now = now.plusMillis(10);
      return now;
    }
  }
}
