package io.slipway.core.build.buildkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.slipway.core.build.BuildEvent;
import io.slipway.core.build.BuildEvent.LogLine;
import io.slipway.core.build.BuildEvent.StepFinished;
import io.slipway.core.build.BuildEvent.StepProgress;
import io.slipway.core.build.BuildEvent.StepStarted;
import io.slipway.core.build.DockerfileLines;
import io.slipway.core.build.JsonMessageStream;
import io.slipway.core.build.buildkit.proto.StatusResponse;
import io.slipway.core.build.buildkit.proto.Vertex;
import io.slipway.core.build.buildkit.proto.VertexLog;
import io.slipway.core.build.buildkit.proto.VertexStatus;
import io.slipway.core.build.buildkit.proto.VertexWarning;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Feeds streams recorded from a real dockerd 20.10 (see the README beside the fixtures). */
class BuildKitTraceDecoderTest {

  private static final Instant NOW = Instant.parse("2026-11-28T06:00:00Z");

  private final List<BuildEvent> events = new ArrayList<>();
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  private BuildKitTraceDecoder decode(String fixture, String dockerfile) throws IOException {
    BuildKitTraceDecoder decoder =
        new BuildKitTraceDecoder(clock, events::add, instructions(dockerfile));
    try (InputStream in = getClass().getResourceAsStream(fixture)) {
      new JsonMessageStream(in, BuildKitTraceDecoder.TRACE_ID).readAll(decoder);
    }
    decoder.end();
    return decoder;
  }

  private List<DockerfileLines.Instruction> instructions(String dockerfile) throws IOException {
    if (dockerfile == null) {
      return List.of();
    }
    try (InputStream in = getClass().getResourceAsStream(dockerfile)) {
      return DockerfileLines.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private <T> List<T> of(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private StepStarted step(String namePrefix) {
    return of(StepStarted.class).stream()
        .filter(s -> s.name().startsWith(namePrefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no step " + namePrefix));
  }

  private StepFinished finished(StepStarted step) {
    return of(StepFinished.class).stream()
        .filter(f -> f.stepId().equals(step.stepId()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("step never finished: " + step.name()));
  }

  private List<String> lines(StepStarted step, LogLine.Stream stream) {
    return of(LogLine.class).stream()
        .filter(l -> l.stepId().equals(Optional.of(step.stepId())) && l.stream() == stream)
        .map(LogLine::text)
        .toList();
  }

  private void assertEachStepStartsAndFinishesOnce() {
    List<String> started = of(StepStarted.class).stream().map(StepStarted::stepId).toList();
    List<String> finished = of(StepFinished.class).stream().map(StepFinished::stepId).toList();
    assertThat(started).doesNotHaveDuplicates();
    assertThat(finished).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(started);
    assertThat(of(StepStarted.class))
        .extracting(StepStarted::index)
        .containsExactlyElementsOf(IntStream.rangeClosed(1, started.size()).boxed().toList());
    Set<String> seen = new HashSet<>();
    for (BuildEvent e : events) {
      if (e instanceof StepStarted s) {
        seen.add(s.stepId());
      } else if (e instanceof StepFinished f) {
        assertThat(seen).as("finished after it started").contains(f.stepId());
      } else if (e instanceof LogLine l && l.stepId().isPresent()) {
        assertThat(seen).as("output of a started step").contains(l.stepId().get());
      }
    }
  }

  @Test
  void independentStagesRunSideBySideAndTheGraphIsKept() throws IOException {
    BuildKitTraceDecoder decoder = decode("buildkit-multistage.jsonl", "multistage.Dockerfile");

    assertEachStepStartsAndFinishesOnce();
    StepStarted left = step("[left 2/2] RUN");
    StepStarted right = step("[right 2/2] RUN");
    StepStarted from = step("[left 1/2] FROM");
    StepStarted copyHello = step("[stage-2 2/5] COPY hello.txt");
    StepStarted copyLeft = step("[stage-2 3/5] COPY --from=left");
    StepStarted copyRight = step("[stage-2 4/5] COPY --from=right");
    StepStarted last = step("[stage-2 5/5] RUN");
    StepStarted context = step("copy /context /");

    // The daemon's own times: both RUNs started before either finished.
    assertThat(left.time()).isEqualTo(Instant.ofEpochSecond(1795843011L, 746030323));
    assertThat(finished(left).time()).isEqualTo(Instant.ofEpochSecond(1795843013L, 10402884));
    assertThat(finished(left).duration()).isEqualTo(Duration.ofNanos(1264372561L));
    assertThat(left.time()).isBefore(finished(right).time());
    assertThat(right.time()).isBefore(finished(left).time());
    assertThat(finished(left).duration()).isGreaterThan(Duration.ofSeconds(1));

    // The graph: each step's parents are the digests of its inputs.
    assertThat(left.parents()).containsExactly(from.stepId());
    assertThat(right.parents()).containsExactly(from.stepId());
    assertThat(copyHello.parents()).containsExactly(from.stepId(), context.stepId());
    assertThat(copyLeft.parents()).containsExactly(copyHello.stepId(), left.stepId());
    assertThat(copyRight.parents()).containsExactly(copyLeft.stepId(), right.stepId());
    assertThat(last.parents()).containsExactly(copyRight.stepId());
    assertThat(left.stepId()).startsWith("sha256:");
    assertThat(left.total()).isZero();

    // Dockerfile lines from the names; none for the builder's own vertices.
    assertThat(from.dockerfileLine()).contains(1);
    assertThat(left.dockerfileLine()).contains(2);
    assertThat(right.dockerfileLine()).contains(4);
    assertThat(copyHello.dockerfileLine()).contains(6);
    assertThat(copyLeft.dockerfileLine()).contains(7);
    assertThat(last.dockerfileLine()).contains(9);
    assertThat(context.dockerfileLine()).isEmpty();
    assertThat(step("[internal] load remote build context").dockerfileLine()).isEmpty();

    assertThat(lines(last, LogLine.Stream.STDOUT))
        .containsExactly("left", "right", "hello from the context");
    assertThat(of(StepFinished.class)).noneMatch(StepFinished::failed);
    assertThat(of(StepFinished.class)).noneMatch(StepFinished::cached);
    assertThat(decoder.imageId())
        .contains("sha256:f96f580505fc89285b865e44aaa2fabd175a76051657207e4578af61f54c8de6");
    assertThat(decoder.error()).isEmpty();
    assertThat(decoder.taggedAs()).containsExactly("slipway-fixture-bk:multi");
  }

  @Test
  void statusesBecomeProgressOfTheirStep() throws IOException {
    decode("buildkit-multistage.jsonl", "multistage.Dockerfile");

    StepStarted export = step("exporting to image");
    List<StepProgress> progress =
        of(StepProgress.class).stream().filter(p -> p.stepId().equals(export.stepId())).toList();
    assertThat(progress)
        .extracting(StepProgress::label)
        .containsExactly(
            "exporting layers",
            "exporting layers",
            "writing image"
                + " sha256:f96f580505fc89285b865e44aaa2fabd175a76051657207e4578af61f54c8de6",
            "writing image"
                + " sha256:f96f580505fc89285b865e44aaa2fabd175a76051657207e4578af61f54c8de6",
            "naming to docker.io/library/slipway-fixture-bk:multi",
            "naming to docker.io/library/slipway-fixture-bk:multi");
    assertThat(progress).allMatch(p -> p.total() == -1 && p.current() == 0);
  }

  @Test
  void aRebuildMarksTheDockerfileStepsCached() throws IOException {
    decode("buildkit-multistage-cached.jsonl", "multistage.Dockerfile");

    assertEachStepStartsAndFinishesOnce();
    List<StepStarted> dockerfileSteps =
        of(StepStarted.class).stream()
            .filter(s -> s.name().matches("^\\[(left|right|stage-2) [0-9]/[0-9]\\] (RUN|COPY).*"))
            .toList();
    assertThat(dockerfileSteps).hasSize(6);
    assertThat(dockerfileSteps).allMatch(s -> finished(s).cached());
    assertThat(dockerfileSteps).allMatch(s -> finished(s).duration().toMillis() < 1);
    // A cached step starts and finishes at once, in that order.
    for (StepStarted s : dockerfileSteps) {
      assertThat(events.indexOf(finished(s))).isGreaterThan(events.indexOf(s));
    }
    assertThat(of(LogLine.class)).noneMatch(l -> l.stream() != LogLine.Stream.BUILDER);
  }

  @Test
  void aFailingRunHasItsErrorExitCodeAndOutputOnItsStep() throws IOException {
    BuildKitTraceDecoder decoder = decode("buildkit-failed-run.jsonl", "failed-run.Dockerfile");

    assertEachStepStartsAndFinishesOnce();
    StepStarted failing = step("[3/4] RUN");
    StepFinished end = finished(failing);
    String message =
        "executor failed running [/bin/sh -c echo partial-no-newline; echo boom >&2; printf 'last"
            + " words'; exit 3]: exit code: 3";
    assertThat(end.error()).contains(message);
    assertThat(end.exitCode()).contains(3);
    assertThat(failing.dockerfileLine()).contains(3);
    assertThat(lines(failing, LogLine.Stream.STDOUT))
        .containsExactly("partial-no-newline", "last words");
    assertThat(lines(failing, LogLine.Stream.STDERR)).containsExactly("boom");
    assertThat(lines(failing, LogLine.Stream.BUILDER)).containsExactly(message);
    // The unfinished line is flushed before the step ends.
    assertThat(events.indexOf(end))
        .isGreaterThan(
            events.indexOf(
                of(LogLine.class).stream()
                    .filter(l -> l.text().equals("last words"))
                    .findFirst()
                    .orElseThrow()));
    assertThat(finished(step("[2/4] RUN echo fine")).failed()).isFalse();
    assertThat(lines(step("[2/4] RUN echo fine"), LogLine.Stream.STDOUT)).containsExactly("fine");
    assertThat(of(StepStarted.class)).noneMatch(s -> s.name().startsWith("[4/4]"));

    assertThat(decoder.error()).contains(message);
    assertThat(decoder.exitCode()).contains(3);
    assertThat(decoder.failedStepId()).contains(failing.stepId());
    assertThat(decoder.endedCancelled()).isFalse();
    assertThat(decoder.imageId()).isEmpty();
  }

  @Test
  void outputIsSplitIntoLinesPerStreamWhateverTheChunks() throws IOException {
    decode("buildkit-many-lines.jsonl", "many-lines.Dockerfile");

    assertEachStepStartsAndFinishesOnce();
    StepStarted run = step("[2/2] RUN");
    List<String> expectedOut = new ArrayList<>();
    List<String> expectedErr = new ArrayList<>();
    for (int i = 1; i <= 300; i++) {
      expectedOut.add("out line " + i);
      expectedErr.add("err line " + i);
    }
    expectedOut.addAll(List.of("split across chunks", "crlf line", "tail without newline"));
    assertThat(lines(run, LogLine.Stream.STDOUT)).containsExactlyElementsOf(expectedOut);
    assertThat(lines(run, LogLine.Stream.STDERR)).containsExactlyElementsOf(expectedErr);
    assertThat(run.dockerfileLine()).contains(2);
    // Lines carry the time the daemon read them, never later than the step's end.
    List<LogLine> output =
        of(LogLine.class).stream().filter(l -> l.stream() != LogLine.Stream.BUILDER).toList();
    assertThat(output).allMatch(l -> !l.time().isAfter(finished(run).time()));
    assertThat(output).allMatch(l -> !l.time().isBefore(run.time()));
  }

  @Test
  void aCancelledBuildMarksTheRunningStepCancelled() throws IOException {
    BuildKitTraceDecoder decoder = decode("buildkit-cancelled.jsonl", "cancelled.Dockerfile");

    assertEachStepStartsAndFinishesOnce();
    StepStarted run = step("[2/2] RUN echo started; sleep 30");
    assertThat(lines(run, LogLine.Stream.STDOUT)).containsExactly("started");
    assertThat(finished(run).error()).contains(BuildKitTraceDecoder.CANCELLED);
    assertThat(finished(run).exitCode()).isEmpty();
    assertThat(decoder.endedCancelled()).isTrue();
    assertThat(decoder.failedStepId()).isEmpty();
  }

  @Test
  void aDockerfileSyntaxErrorIsAClearError() throws IOException {
    BuildKitTraceDecoder decoder = decode("buildkit-parse-error.jsonl", null);

    assertEachStepStartsAndFinishesOnce();
    String expected =
        "The Dockerfile has an error on line 2: unknown instruction: RUNN. Fix that line and build"
            + " again.";
    assertThat(decoder.error()).contains(expected);
    assertThat(decoder.exitCode()).isEmpty();
    assertThat(of(LogLine.class))
        .anySatisfy(
            l -> {
              assertThat(l.text()).isEqualTo(expected);
              assertThat(l.stepId()).isEmpty();
            });
  }

  @Test
  void tracesGivenAsTreesDecodeAlike() throws IOException {
    decode("buildkit-many-lines.jsonl", "many-lines.Dockerfile");
    List<BuildEvent> binary = List.copyOf(events);
    events.clear();

    BuildKitTraceDecoder decoder =
        new BuildKitTraceDecoder(clock, events::add, instructions("many-lines.Dockerfile"));
    try (InputStream in = getClass().getResourceAsStream("buildkit-many-lines.jsonl");
        MappingIterator<JsonNode> it =
            new ObjectMapper().readerFor(JsonNode.class).readValues(in)) {
      while (it.hasNextValue()) {
        decoder.onMessage(it.nextValue());
      }
    }
    decoder.end();

    assertThat(events).isEqualTo(binary);
  }

  // ---- synthesized deltas: what the recorded daemon does not send ----

  private static final String A = "sha256:aaaa";
  private static final String B = "sha256:bbbb";

  private static Timestamp at(long second) {
    return Timestamp.newBuilder().setSeconds(1_800_000_000L + second).build();
  }

  private static Vertex.Builder vertex(String digest, String name) {
    return Vertex.newBuilder().setDigest(digest).setName(name);
  }

  private static VertexLog log(String digest, int stream, ByteString bytes) {
    return VertexLog.newBuilder()
        .setVertex(digest)
        .setStream(stream)
        .setTimestamp(at(1))
        .setMsg(bytes)
        .build();
  }

  private static StatusResponse vertices(Vertex.Builder... vs) {
    StatusResponse.Builder r = StatusResponse.newBuilder();
    for (Vertex.Builder v : vs) {
      r.addVertexes(v);
    }
    return r.build();
  }

  private BuildKitTraceDecoder decoder() {
    return new BuildKitTraceDecoder(clock, events::add, List.of());
  }

  @Test
  void repeatedDeltasChangeNothingAndARestartStaysOneStep() {
    BuildKitTraceDecoder d = decoder();
    d.accept(vertices(vertex(A, "a")));
    d.accept(vertices(vertex(A, "a").setStarted(at(1))));
    d.accept(vertices(vertex(A, "a").setStarted(at(1))));
    d.accept(vertices(vertex(A, "a").setStarted(at(1)).setCompleted(at(2))));
    d.accept(vertices(vertex(A, "a").setStarted(at(1)).setCompleted(at(2))));
    d.accept(vertices(vertex(A, "a").setStarted(at(3)).setCompleted(at(4)).setCached(true)));
    d.end();

    assertThat(events)
        .containsExactly(
            new StepStarted(
                Instant.ofEpochSecond(1_800_000_001L), A, 1, 0, "a", List.of(), Optional.empty()),
            new StepFinished(
                Instant.ofEpochSecond(1_800_000_002L),
                A,
                false,
                Optional.empty(),
                Optional.empty(),
                Duration.ofSeconds(1)));
  }

  @Test
  void aStepThatFailsWhenRunAgainIsReportedFailed() {
    BuildKitTraceDecoder d = decoder();
    d.accept(vertices(vertex(A, "a").setStarted(at(1)).setCompleted(at(2))));
    d.accept(vertices(vertex(A, "a").setStarted(at(3))));
    d.accept(
        vertices(vertex(A, "a").setStarted(at(3)).setCompleted(at(5)).setError("exit code: 2")));

    List<StepFinished> finished = of(StepFinished.class);
    assertThat(finished).hasSize(2);
    assertThat(finished.get(1).error()).contains("exit code: 2");
    assertThat(finished.get(1).exitCode()).contains(2);
    assertThat(finished.get(1).duration()).isEqualTo(Duration.ofSeconds(2));
    assertThat(d.failedStepId()).contains(A);
  }

  @Test
  void aCachedVertexWithoutAStartTimeStillStartsAndFinishes() {
    BuildKitTraceDecoder d = decoder();
    d.accept(vertices(vertex(A, "a").setCached(true).setCompleted(at(1))));

    assertThat(of(StepStarted.class)).extracting(StepStarted::stepId).containsExactly(A);
    assertThat(of(StepFinished.class)).singleElement().matches(StepFinished::cached);
  }

  @Test
  void aCharacterSplitAcrossChunksIsKeptWhole() {
    BuildKitTraceDecoder d = decoder();
    d.accept(vertices(vertex(A, "a").setStarted(at(1))));
    byte[] text = "größer\nnext".getBytes(StandardCharsets.UTF_8);
    // Cut inside the two bytes of "ö".
    d.accept(
        StatusResponse.newBuilder().addLogs(log(A, 1, ByteString.copyFrom(text, 0, 3))).build());
    d.accept(
        StatusResponse.newBuilder()
            .addLogs(log(A, 1, ByteString.copyFrom(text, 3, text.length - 3)))
            .build());
    d.end();

    assertThat(of(LogLine.class)).extracting(LogLine::text).containsExactly("größer", "next");
    assertThat(of(StepFinished.class))
        .singleElement()
        .satisfies(f -> assertThat(f.error()).contains(BuildKitTraceDecoder.CANCELLED));
  }

  @Test
  void outputSentWithTheStepsEndComesBeforeTheEnd() {
    BuildKitTraceDecoder d = decoder();
    d.accept(
        StatusResponse.newBuilder()
            .addVertexes(vertex(A, "a").setStarted(at(1)).setCompleted(at(2)))
            .addLogs(log(A, 1, bytes("last\ntail")))
            .build());

    assertThat(events)
        .extracting(e -> e.getClass().getSimpleName())
        .containsExactly("StepStarted", "LogLine", "LogLine", "StepFinished");
    assertThat(of(LogLine.class)).extracting(LogLine::text).containsExactly("last", "tail");
  }

  @Test
  void streamsKeepTheirOwnUnfinishedLines() {
    BuildKitTraceDecoder d = decoder();
    d.accept(vertices(vertex(A, "a").setStarted(at(1)), vertex(B, "b").setStarted(at(1))));
    d.accept(
        StatusResponse.newBuilder()
            .addLogs(log(A, 1, bytes("out-")))
            .addLogs(log(A, 2, bytes("err-")))
            .addLogs(log(B, 1, bytes("b-")))
            .addLogs(log(A, 1, bytes("one\nout-two\n")))
            .addLogs(log(A, 2, bytes("one\n")))
            .build());
    d.accept(vertices(vertex(B, "b").setStarted(at(1)).setCompleted(at(2))));

    assertThat(of(LogLine.class))
        .extracting(l -> l.stepId().orElseThrow() + " " + l.stream() + " " + l.text())
        .containsExactly(
            A + " STDOUT out-one", A + " STDOUT out-two", A + " STDERR err-one", B + " STDOUT b-");
  }

  @Test
  void warningsAndProgressWithSizes() {
    BuildKitTraceDecoder d = decoder();
    d.accept(vertices(vertex(A, "a").setStarted(at(1))));
    d.accept(
        StatusResponse.newBuilder()
            .addWarnings(
                VertexWarning.newBuilder()
                    .setVertex(A)
                    .setLevel(1)
                    .setShort(bytes("FromAsCasing: 'as' and 'FROM' keywords' casing do not match"))
                    .addDetail(bytes("The 'as' keyword should match the case of 'FROM'"))
                    .setUrl("https://docs.docker.com/go/dockerfile/rule/from-as-casing/"))
            .addStatuses(
                VertexStatus.newBuilder()
                    .setId("sha256:layer")
                    .setVertex(A)
                    .setCurrent(512)
                    .setTotal(2048)
                    .setTimestamp(at(2)))
            .addStatuses(
                VertexStatus.newBuilder()
                    .setId("sha256:layer")
                    .setVertex(A)
                    .setCurrent(512)
                    .setTotal(2048)
                    .setTimestamp(at(3)))
            .build());

    assertThat(of(BuildEvent.Warning.class))
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.stepId()).contains(A);
              assertThat(w.message())
                  .isEqualTo(
                      "FromAsCasing: 'as' and 'FROM' keywords' casing do not match: The 'as'"
                          + " keyword should match the case of 'FROM'"
                          + " (https://docs.docker.com/go/dockerfile/rule/from-as-casing/)");
            });
    assertThat(of(StepProgress.class))
        .containsExactly(
            new StepProgress(Instant.ofEpochSecond(1_800_000_002L), A, "sha256:layer", 512, 2048));
  }

  @Test
  void undecodableTracesAreSkipped() {
    BuildKitTraceDecoder d = decoder();
    byte[] garbage = {(byte) 0x0a, (byte) 0xff, (byte) 0xff};
    d.acceptTrace(garbage, 0, garbage.length);
    d.accept(vertices(vertex(A, "a").setStarted(at(1))));

    assertThat(of(StepStarted.class)).hasSize(1);
  }

  @Test
  void theQuietAnswerIsTheImageId() throws IOException {
    BuildKitTraceDecoder d = decoder();
    String id = "sha256:" + "ab".repeat(32);
    d.onMessage(new ObjectMapper().readTree("{\"stream\":\"" + id + "\\n\"}"));
    d.end();

    assertThat(d.imageId()).contains(id);
    assertThat(events).isEmpty();
  }

  private static ByteString bytes(String s) {
    return ByteString.copyFromUtf8(s);
  }
}
