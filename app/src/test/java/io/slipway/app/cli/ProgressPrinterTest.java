package io.slipway.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.build.BuildEvent;
import io.slipway.core.build.BuildEvent.BuildFinished;
import io.slipway.core.build.BuildEvent.LogLine;
import io.slipway.core.build.BuildEvent.StepFinished;
import io.slipway.core.build.BuildEvent.StepProgress;
import io.slipway.core.build.BuildEvent.StepStarted;
import io.slipway.core.build.BuildStatus;
import io.slipway.core.build.JsonMessageStream;
import io.slipway.core.build.buildkit.BuildKitTraceDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The plain progress, for both builders' events. */
class ProgressPrinterTest {

  private static final Instant T = Instant.parse("2026-11-28T06:00:00Z");

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final ProgressPrinter plain =
      ProgressPrinter.plain(new PrintWriter(out), new PrintWriter(err));

  /** Runs a stream recorded from the engine (core's test fixtures) through the real decoder. */
  private void buildKit(String fixture) throws IOException {
    BuildKitTraceDecoder decoder =
        new BuildKitTraceDecoder(Clock.fixed(T, ZoneOffset.UTC), plain, List.of());
    try (InputStream in =
        getClass().getResourceAsStream("/io/slipway/core/build/buildkit/" + fixture)) {
      new JsonMessageStream(in, BuildKitTraceDecoder.TRACE_ID).readAll(decoder);
    }
    decoder.end();
  }

  private static String lines(String... lines) {
    return String.join(System.lineSeparator(), lines) + System.lineSeparator();
  }

  @Test
  void buildKitLooksLikeBuildxPlainProgress() throws IOException {
    buildKit("buildkit-multistage.jsonl");

    assertThat(out.toString())
        .isEqualTo(
            lines(
                "#1 [internal] load remote build context",
                "#1 DONE 0.0s",
                "",
                "#2 copy /context /",
                "#2 DONE 0.1s",
                "",
                "#3 [internal] load metadata for docker.io/slipway-test/busybox:1",
                "#3 DONE 0.0s",
                "",
                "#4 [left 1/2] FROM docker.io/slipway-test/busybox:1",
                "#4 DONE 0.0s",
                "",
                "#5 [right 2/2] RUN echo right > /right && sleep 1",
                "",
                "#6 [left 2/2] RUN echo left > /left && sleep 1",
                "",
                "#7 [stage-2 2/5] COPY hello.txt /hello.txt",
                "#7 DONE 0.0s",
                "#5 DONE 1.2s",
                "#6 DONE 1.3s",
                "",
                "#8 [stage-2 3/5] COPY --from=left /left /left",
                "#8 DONE 0.0s",
                "",
                "#9 [stage-2 4/5] COPY --from=right /right /right",
                "#9 DONE 0.0s",
                "",
                "#10 [stage-2 5/5] RUN cat /left /right /hello.txt",
                "#10 left",
                "#10 right",
                "#10 hello from the context",
                "#10 DONE 0.2s",
                "",
                "#11 exporting to image",
                "#11 exporting layers",
                "#11 writing image"
                    + " sha256:f96f580505fc89285b865e44aaa2fabd175a76051657207e4578af61f54c8de6",
                "#11 naming to docker.io/library/slipway-fixture-bk:multi",
                "#11 DONE 0.0s"));
  }

  @Test
  void buildKitFailuresAndCancelsAreMarkedOnTheirStep() throws IOException {
    buildKit("buildkit-failed-run.jsonl");
    buildKit("buildkit-cancelled.jsonl");

    assertThat(out.toString())
        .contains(
            lines(
                "#4 [1/4] FROM docker.io/slipway-test/busybox:1",
                "#4 CACHED",
                "",
                "#5 [2/4] RUN echo fine",
                "#5 fine",
                "#5 DONE 0.2s",
                "",
                "#6 [3/4] RUN echo partial-no-newline; echo boom >&2; printf 'last words'; exit 3",
                "#6 partial-no-newline",
                "#6 boom",
                "#6 last words",
                "#6 ERROR: executor failed running [/bin/sh -c echo partial-no-newline; echo boom"
                    + " >&2; printf 'last words'; exit 3]: exit code: 3",
                ""))
        .contains(lines("#5 [2/2] RUN echo started; sleep 30", "#5 started", "#5 CANCELED"));
  }

  @Test
  void classicStepsAreNumberedByTheirIndexAndTheUploadIsStepZero() {
    String three = "3";
    plain.onEvent(
        new StepStarted(
            T, "context", 0, 0, "Sending build context (2.0 kB)", List.of(), Optional.empty()));
    plain.onEvent(new StepProgress(T, "context", "context", 2048, 2048));
    plain.onEvent(
        new StepFinished(
            T, "context", false, Optional.empty(), Optional.empty(), Duration.ofMillis(40)));
    plain.onEvent(new StepStarted(T, three, 3, 5, "RUN make", List.of(), Optional.of(3)));
    plain.onEvent(new LogLine(T, Optional.of(three), LogLine.Stream.STDOUT, "cc -o app main.c"));
    plain.onEvent(
        new LogLine(
            T, Optional.of(three), LogLine.Stream.BUILDER, " ---> Running in 0123456789ab"));
    plain.onEvent(new BuildEvent.Warning(T, Optional.of(three), "unused arg X"));
    plain.onEvent(
        new StepFinished(
            T, three, false, Optional.of("boom"), Optional.of(2), Duration.ofMillis(1200)));
    plain.onEvent(
        new BuildFinished(
            T,
            BuildStatus.FAILED,
            Duration.ofSeconds(2),
            Optional.empty(),
            Optional.of("boom"),
            Optional.of(2)));

    assertThat(out.toString())
        .isEqualTo(
            lines(
                "#0 Sending build context (2.0 kB)",
                "#0 context 2.0 kB / 2.0 kB done",
                "#0 DONE 0.0s",
                "",
                "#3 [3/5] RUN make",
                "#3 cc -o app main.c",
                "#3 WARN: unused arg X",
                "#3 ERROR: boom"));
    assertThat(err.toString()).isEqualTo(lines("slipway: build failed after 2.0s: boom"));
  }

  @Test
  void progressIsShownWhenItStartsAndWhenItIsComplete() {
    plain.onEvent(new StepStarted(T, "c", 0, 0, "Sending", List.of(), Optional.empty()));
    plain.onEvent(new StepProgress(T, "c", "context", 8_000_000, 20_000_000));
    plain.onEvent(new StepProgress(T, "c", "context", 16_000_000, 20_000_000));
    plain.onEvent(new StepProgress(T, "c", "context", 20_000_000, 20_000_000));

    assertThat(out.toString())
        .isEqualTo(
            lines(
                "#0 Sending",
                "#0 context " + Human.bytes(8_000_000) + " / " + Human.bytes(20_000_000),
                "#0 context "
                    + Human.bytes(20_000_000)
                    + " / "
                    + Human.bytes(20_000_000)
                    + " done"));
  }
}
