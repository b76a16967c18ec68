package io.slipway.core.timeline;

import static io.slipway.core.timeline.Events.DEPS;
import static io.slipway.core.timeline.Events.MAKE;
import static io.slipway.core.timeline.Events.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.build.BuildEvent.LogLine;
import io.slipway.core.build.BuildEvent.StepStarted;
import io.slipway.core.build.BuildStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TimelineLogTest {

  @Test
  void theWholeLogIsKeptAcrossChunksWithItsStreamsAndTimes() {
    // Over 200,000 lines of varied length, non-ASCII included: many text and index chunks.
    Random random = new Random(42);
    BuildTimeline timeline = new BuildTimeline();
    timeline.accept(started(0, "1"));
    List<String> expected = new ArrayList<>();
    long bytes = 0;
    for (int i = 0; i < 200_000; i++) {
      String text = line(random, i);
      expected.add(text);
      bytes += text.getBytes(StandardCharsets.UTF_8).length;
      LogLine.Stream stream = i % 3 == 0 ? LogLine.Stream.STDERR : LogLine.Stream.STDOUT;
      timeline.accept(new LogLine(at(i * 0.001), Optional.of("1"), stream, text));
    }

    TimelineSnapshot s = timeline.snapshot();
    TimelineLog log = s.log();

    assertThat(log.size()).isEqualTo(expected.size());
    assertThat(s.log("1").size()).isEqualTo(expected.size());
    assertThat(s.row("1").orElseThrow().logLines()).isEqualTo(expected.size());
    assertThat(s.logTextBytes()).isEqualTo(bytes);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(log.text(i)).isEqualTo(expected.get(i));
    }
    TimelineLogLine third = s.log("1").line(3);
    assertThat(third.number()).isEqualTo(3);
    assertThat(third.stepId()).contains("1");
    assertThat(third.stream()).isEqualTo(LogLine.Stream.STDERR);
    assertThat(third.time()).isEqualTo(at(0.003));
    assertThat(log.lines(199_990, 200_000))
        .extracting(TimelineLogLine::text)
        .containsExactlyElementsOf(expected.subList(199_990, 200_000));
  }

  private static String line(Random random, int i) {
    return switch (i % 7) {
      case 0 -> "";
      case 1 -> "Étape " + i + " terminée — ✓ 成功 🐳";
      case 2 -> "\u001b[32m" + "x".repeat(random.nextInt(300)) + "\u001b[0m";
      default -> "line " + i + " " + "abcdefghij".repeat(random.nextInt(12));
    };
  }

  @Test
  void aLineLongerThanAChunkIsKeptWhole() {
    String huge = "y".repeat(200_000) + "é" + "z".repeat(70_000);
    BuildTimeline timeline = new BuildTimeline();
    timeline.accept(log(0, null, "before"));
    timeline.accept(log(0, null, huge));
    timeline.accept(log(0, null, "after"));

    TimelineLog log = timeline.snapshot().buildLog();

    assertThat(log.size()).isEqualTo(3);
    assertThat(log.text(1)).isEqualTo(huge);
    assertThat(log.text(2)).isEqualTo("after");
    assertThat(log.search("éz", true)).containsExactly(1);
  }

  @Test
  void linesBelongToTheirRowOrToTheBuild() {
    TimelineSnapshot s = Events.buildKitParallel().feed().snapshot();

    TimelineLog make = s.log(MAKE);
    TimelineLog deps = s.log(DEPS);
    assertThat(make.size()).isEqualTo(20);
    assertThat(deps.size()).isEqualTo(10);
    assertThat(make.lines(0, 20))
        .extracting(TimelineLogLine::text)
        .containsExactlyElementsOf(
            java.util.stream.IntStream.range(0, 20)
                .mapToObj(i -> "cc -c file" + i + ".c")
                .toList());
    assertThat(deps.lines(0, 10)).allMatch(l -> l.stepId().equals(Optional.of(DEPS)));
    // Interleaved in the whole log, in the order printed.
    assertThat(s.log().lines(0, 4))
        .extracting(TimelineLogLine::text)
        .containsExactly("cc -c file0.c", "fetched dep 0", "cc -c file1.c", "fetched dep 1");
    assertThat(make.line(1).number()).isEqualTo(2);
    assertThat(s.buildLog().size()).isZero();

    TimelineSnapshot classic = Events.classicSuccess().feed().snapshot();
    assertThat(classic.buildLog().lines(0, 2))
        .extracting(TimelineLogLine::text, TimelineLogLine::stepId)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "Successfully built 81c1970bb5ff", Optional.empty()),
            org.assertj.core.groups.Tuple.tuple(
                "Successfully tagged slipway-fixture:1", Optional.empty()));
    assertThat(classic.log("6").lines(0, 5))
        .extracting(TimelineLogLine::stream)
        .containsExactly(
            LogLine.Stream.BUILDER,
            LogLine.Stream.STDOUT,
            LogLine.Stream.STDERR,
            LogLine.Stream.BUILDER,
            LogLine.Stream.BUILDER);
  }

  @Test
  void aRowReadByRangeAcrossManyRunsGivesItsLinesInOrder() {
    // Two steps printing in turns of varying length: many runs per row.
    BuildTimeline timeline = new BuildTimeline();
    timeline.accept(started(0, "a"));
    timeline.accept(started(0, "b"));
    Random random = new Random(7);
    List<String> a = new ArrayList<>();
    List<String> b = new ArrayList<>();
    for (int turn = 0; turn < 2_000; turn++) {
      boolean first = turn % 2 == 0;
      int n = 1 + random.nextInt(5);
      for (int i = 0; i < n; i++) {
        List<String> into = first ? a : b;
        String text = (first ? "a" : "b") + into.size();
        into.add(text);
        timeline.accept(log(turn, first ? "a" : "b", text));
      }
    }
    TimelineSnapshot s = timeline.snapshot();

    TimelineLog rowA = s.log("a");
    assertThat(rowA.size()).isEqualTo(a.size());
    for (int from = 0; from < a.size(); from += 97) {
      int to = Math.min(a.size(), from + 50);
      assertThat(rowA.lines(from, to))
          .extracting(TimelineLogLine::text)
          .containsExactlyElementsOf(a.subList(from, to));
    }
    for (int i = 0; i < b.size(); i++) {
      assertThat(s.log("b").text(i)).isEqualTo(b.get(i));
    }
    assertThatThrownBy(() -> rowA.line(a.size())).isInstanceOf(IndexOutOfBoundsException.class);
    assertThatThrownBy(() -> rowA.lines(5, 4)).isInstanceOf(IndexOutOfBoundsException.class);
  }

  @Test
  void searchFindsLinesInTheViewsOwnNumbering() {
    BuildTimeline timeline = new BuildTimeline();
    timeline.accept(started(0, "a"));
    timeline.accept(started(0, "b"));
    timeline.accept(log(1, "a", "Compiling main.c"));
    timeline.accept(log(1, "b", "warning: unused variable"));
    timeline.accept(log(1, "a", "WARNING: deprecated flag"));
    timeline.accept(log(1, "b", "L'ÉCHEC de la tâche"));
    timeline.accept(log(1, "a", "done, no warnings"));
    timeline.accept(log(1, null, "warning from the builder"));
    TimelineSnapshot s = timeline.snapshot();

    assertThat(s.log().search("warning", true)).containsExactly(1, 4, 5);
    assertThat(s.log().search("warning", false)).containsExactly(1, 2, 4, 5);
    assertThat(s.log("a").search("WARN", false)).containsExactly(1, 2);
    assertThat(s.log("a").search("WARN", true)).containsExactly(1);
    assertThat(s.log("b").search("échec", false)).containsExactly(1);
    assertThat(s.log("b").search("échec", true)).isEmpty();
    assertThat(s.log("b").search("ÉCHEC", true)).containsExactly(1);
    assertThat(s.buildLog().search("builder", false)).containsExactly(0);
    assertThat(s.log().search("", false)).isEmpty();
    assertThat(s.log().search("absent", false)).isEmpty();
  }

  @Test
  void aSnapshotKeepsItsLinesWhileTheBuildGoesOn() {
    BuildTimeline timeline = new BuildTimeline();
    timeline.accept(started(0, "1"));
    for (int i = 0; i < 5_000; i++) {
      timeline.accept(log(i, "1", "first " + i));
    }
    TimelineSnapshot before = timeline.snapshot();
    for (int i = 0; i < 50_000; i++) {
      timeline.accept(log(i, i % 2 == 0 ? "1" : null, "second " + i));
    }
    timeline.accept(
        new io.slipway.core.build.BuildEvent.BuildFinished(
            at(100),
            BuildStatus.SUCCEEDED,
            java.time.Duration.ofSeconds(100),
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));

    assertThat(before.log().size()).isEqualTo(5_000);
    assertThat(before.log("1").size()).isEqualTo(5_000);
    assertThat(before.log("1").text(4_999)).isEqualTo("first 4999");
    assertThat(before.log().search("second", true)).isEmpty();
    assertThat(timeline.snapshot().log("1").size()).isEqualTo(30_000);
    assertThat(timeline.snapshot().buildLog().size()).isEqualTo(25_000);
  }

  @Test
  void snapshotsCanBeReadOnAnotherThreadWhileTheTimelineIsFed() throws Exception {
    BlockingQueue<TimelineSnapshot> handOver = new ArrayBlockingQueue<>(1_000);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    int lines = 300_000;
    Thread builder =
        new Thread(
            () -> {
              BuildTimeline timeline = new BuildTimeline();
              timeline.accept(started(0, "1"));
              timeline.accept(started(0, "2"));
              for (int i = 0; i < lines; i++) {
                timeline.accept(log(i, i % 3 == 0 ? "2" : "1", "line " + i));
                if (i % 1_000 == 0) {
                  handOver.offer(timeline.snapshot());
                }
              }
              handOver.offer(timeline.snapshot());
            });
    Thread reader =
        new Thread(
            () -> {
              try {
                int seen = -1;
                while (seen < lines) {
                  TimelineSnapshot s = handOver.poll(10, TimeUnit.SECONDS);
                  if (s == null) {
                    throw new AssertionError("no snapshot came");
                  }
                  TimelineLog log = s.log();
                  int size = log.size();
                  assertThat(size).isGreaterThanOrEqualTo(seen);
                  seen = size;
                  if (size > 0) {
                    assertThat(log.text(size - 1)).isEqualTo("line " + (size - 1));
                    TimelineLog two = s.log("2");
                    if (two.size() > 0) {
                      assertThat(two.text(two.size() - 1))
                          .isEqualTo("line " + 3 * (two.size() - 1));
                    }
                  }
                  if (size == lines) {
                    break;
                  }
                }
              } catch (Throwable t) {
                failure.set(t);
              }
            });
    reader.start();
    builder.start();
    builder.join();
    reader.join();

    assertThat(failure.get()).isNull();
  }

  private static StepStarted started(double s, String id) {
    return new StepStarted(at(s), id, 1, 0, "step " + id, List.of(), Optional.empty());
  }

  private static LogLine log(double s, String stepId, String text) {
    Instant time = at(s);
    return new LogLine(time, Optional.ofNullable(stepId), LogLine.Stream.STDOUT, text);
  }
}
