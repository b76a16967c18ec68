package io.slipway.core.build.buildkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.SlipwayException;
import io.slipway.core.build.BuildArg;
import io.slipway.core.build.BuildEvent;
import io.slipway.core.build.BuildEvent.LogLine;
import io.slipway.core.build.BuildEvent.StepFinished;
import io.slipway.core.build.BuildEvent.StepStarted;
import io.slipway.core.build.BuildHandle;
import io.slipway.core.build.BuildRequest;
import io.slipway.core.build.BuildResult;
import io.slipway.core.build.BuildStatus;
import io.slipway.core.context.Compression;
import io.slipway.core.engine.Engine;
import io.slipway.core.testing.EngineTestSupport;
import io.slipway.core.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The BuildKit builder against the real engine. */
class BuildKitBuilderIT {

  @TempDir Path context;

  private Engine engine;
  private TestImages images;
  private Set<String> containersBefore;
  private final List<BuildEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    engine = EngineTestSupport.engineOrSkip();
    images = new TestImages(engine);
    containersBefore = images.containerIds();
  }

  @AfterEach
  void cleanUp() {
    images.removeContainersNotIn(containersBefore);
    images.close();
  }

  private BuildKitBuilder builder(Map<String, String> env) {
    return new BuildKitBuilder(engine, env, Clock.systemUTC());
  }

  private BuildResult build(BuildRequest request) {
    return build(builder(Map.of()), request);
  }

  private BuildResult build(BuildKitBuilder builder, BuildRequest request) {
    events.clear();
    BuildResult result =
        builder.start(request, events::add).result().orTimeout(120, TimeUnit.SECONDS).join();
    result.imageId().ifPresent(images::remember);
    return result;
  }

  private void dockerfile(String... lines) throws IOException {
    Files.writeString(context.resolve("Dockerfile"), String.join("\n", lines) + "\n");
  }

  /** Makes the steps of this test's build its own, so that no other build's cache answers. */
  private static String unique() {
    return UUID.randomUUID().toString();
  }

  private <T> List<T> of(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private StepStarted step(String namePrefix) {
    return of(StepStarted.class).stream()
        .filter(s -> s.name().startsWith(namePrefix))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no step " + namePrefix + " in " + events));
  }

  private StepFinished finished(StepStarted step) {
    return of(StepFinished.class).stream()
        .filter(f -> f.stepId().equals(step.stepId()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("never finished: " + step.name()));
  }

  private void assertEndsWithOneBuildFinished(BuildStatus status) {
    assertThat(of(BuildEvent.BuildFinished.class)).hasSize(1);
    assertThat(events.get(events.size() - 1))
        .isInstanceOfSatisfying(
            BuildEvent.BuildFinished.class, f -> assertThat(f.status()).isEqualTo(status));
  }

  @Test
  void independentStagesRunSideBySideAndTheImageRuns() throws Exception {
    String run = unique();
    Files.writeString(context.resolve("greeting.txt"), "from the context\n");
    dockerfile(
        "FROM " + TestImages.BASE + " AS left",
        "RUN echo left " + run + " > /left && sleep 2",
        "FROM " + TestImages.BASE + " AS right",
        "RUN echo right " + run + " > /right && sleep 2",
        "FROM " + TestImages.BASE,
        "ARG GREETING=default",
        "ARG FROM_ENV",
        "COPY greeting.txt /greeting.txt",
        "COPY --from=left /left /left",
        "COPY --from=right /right /right",
        "RUN echo \"$GREETING $FROM_ENV\" > /said",
        "CMD cat /said /greeting.txt");
    String tag = images.uniqueTag("bk-multi");
    String second = images.uniqueTag("bk-multi-second");
    Path iid = context.resolve("../iid-" + System.nanoTime()).normalize();

    BuildResult result =
        build(
            builder(Map.of("FROM_ENV", "env-value")),
            BuildRequest.builder(context)
                .tag(tag)
                .tag(second)
                .buildArg("GREETING", "hello")
                .buildArg(BuildArg.parse("FROM_ENV"))
                .label("org.example.team", "builds")
                .iidFile(iid)
                .compression(Compression.GZIP)
                .build());

    assertThat(result.status()).as(result.error().orElse("")).isEqualTo(BuildStatus.SUCCEEDED);
    assertThat(result.imageId()).get().asString().startsWith("sha256:");
    assertThat(images.run(tag)).isEqualTo("hello env-value\nfrom the context\n");
    assertThat(engine.client().inspectImageCmd(second).exec().getId())
        .isEqualTo(result.imageId().get());
    assertThat(engine.client().inspectImageCmd(tag).exec().getConfig().getLabels())
        .containsEntry("org.example.team", "builds");
    assertThat(Files.readString(iid)).isEqualTo(result.imageId().get());
    Files.delete(iid);

    // The two stages ran at the same time: each started before the other finished.
    StepStarted left = step("[left 2/2] RUN");
    StepStarted right = step("[right 2/2] RUN");
    assertThat(left.time()).isBefore(finished(right).time());
    assertThat(right.time()).isBefore(finished(left).time());
    assertThat(left.dockerfileLine()).contains(2);
    assertThat(right.dockerfileLine()).contains(4);

    // The graph: the COPYs depend on the stage they copy from.
    // One FROM vertex serves all three stages (same image); whichever stage names it.
    StepStarted from =
        of(StepStarted.class).stream()
            .filter(s -> s.name().matches("^\\[\\S+ 1/\\d\\] FROM .*"))
            .findFirst()
            .orElseThrow();
    StepStarted copyLeft = step("[stage-2 3/5] COPY --from=left");
    StepStarted copyRight = step("[stage-2 4/5] COPY --from=right");
    assertThat(left.parents()).containsExactly(from.stepId());
    assertThat(right.parents()).containsExactly(from.stepId());
    assertThat(copyLeft.parents()).contains(left.stepId()).hasSize(2);
    assertThat(copyRight.parents()).containsExactly(copyLeft.stepId(), right.stepId());
    assertThat(copyLeft.dockerfileLine()).contains(9);

    // The context comes through the session: BuildKit's own vertex, not an upload step.
    assertThat(of(StepStarted.class)).noneMatch(s -> s.stepId().equals("context"));
    assertThat(of(StepStarted.class))
        .anyMatch(s -> s.name().equals("[internal] load build context"));
    assertThat(of(StepStarted.class).stream().map(StepStarted::index).toList())
        .isEqualTo(
            java.util.stream.IntStream.rangeClosed(1, of(StepStarted.class).size())
                .boxed()
                .toList());
    assertThat(of(StepStarted.class))
        .extracting(StepStarted::stepId)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(
            of(StepFinished.class).stream().map(StepFinished::stepId).toList());
    assertThat(of(StepFinished.class)).noneMatch(StepFinished::failed);
    assertThat(of(BuildEvent.ImageBuilt.class))
        .singleElement()
        .extracting(BuildEvent.ImageBuilt::tags)
        .isEqualTo(List.of(tag, second));
    assertEndsWithOneBuildFinished(BuildStatus.SUCCEEDED);
  }

  @Test
  void aRebuildMarksTheStepsCached() throws IOException {
    dockerfile(
        "FROM " + TestImages.BASE, "ENV A=1", "RUN echo built " + unique() + " > /f", "RUN cat /f");
    String tag = images.uniqueTag("bk-cached");
    BuildRequest request = BuildRequest.builder(context).tag(tag).build();
    assertThat(build(request).succeeded()).isTrue();
    assertThat(finished(step("[2/3] RUN")).cached()).isFalse();
    assertThat(finished(step("[3/3] RUN")).cached()).isFalse();

    BuildResult again = build(request);

    assertThat(again.succeeded()).isTrue();
    assertThat(finished(step("[2/3] RUN")).cached()).isTrue();
    assertThat(finished(step("[3/3] RUN")).cached()).isTrue();
    assertThat(of(LogLine.class)).noneMatch(l -> l.stream() == LogLine.Stream.STDOUT);
    assertEndsWithOneBuildFinished(BuildStatus.SUCCEEDED);
  }

  @Test
  void aFailingRunPutsItsErrorAndItsOutputOnItsStep() throws IOException {
    dockerfile(
        "FROM " + TestImages.BASE,
        "RUN echo fine " + unique(),
        "RUN echo out; echo boom >&2; exit 7",
        "RUN echo never");

    BuildResult result = build(BuildRequest.builder(context).build());

    assertThat(result.status()).isEqualTo(BuildStatus.FAILED);
    assertThat(result.exitCode()).contains(7);
    assertThat(result.error().orElseThrow()).contains("exit code: 7");
    StepStarted failing = step("[3/4] RUN");
    StepFinished failed = finished(failing);
    assertThat(failed.failed()).isTrue();
    assertThat(failed.exitCode()).contains(7);
    assertThat(failing.dockerfileLine()).contains(3);
    assertThat(of(LogLine.class))
        .anyMatch(
            l ->
                l.stepId().equals(Optional.of(failing.stepId()))
                    && l.stream() == LogLine.Stream.STDERR
                    && l.text().equals("boom"))
        .anyMatch(
            l ->
                l.stepId().equals(Optional.of(failing.stepId()))
                    && l.stream() == LogLine.Stream.STDOUT
                    && l.text().equals("out"));
    assertThat(of(StepFinished.class).stream().filter(StepFinished::failed))
        .extracting(StepFinished::stepId)
        .containsExactly(failing.stepId());
    assertThat(of(StepStarted.class)).noneMatch(s -> s.name().startsWith("[4/4]"));
    assertEndsWithOneBuildFinished(BuildStatus.FAILED);
  }

  @Test
  void aDockerfileSyntaxErrorIsAClearError() throws IOException {
    dockerfile("FROM " + TestImages.BASE, "RUNN echo typo");

    BuildResult result = build(BuildRequest.builder(context).build());

    assertThat(result.status()).isEqualTo(BuildStatus.FAILED);
    assertThat(result.error().orElseThrow())
        .isEqualTo(
            "The Dockerfile has an error on line 2: unknown instruction: RUNN. Fix that line and"
                + " build again.");
    assertEndsWithOneBuildFinished(BuildStatus.FAILED);
  }

  @Test
  void aCancelledBuildEndsCancelledWithinTwoSeconds() throws Exception {
    dockerfile("FROM " + TestImages.BASE, "RUN echo started " + unique() + "; sleep 30");
    BuildHandle handle =
        builder(Map.of()).start(BuildRequest.builder(context).build(), events::add);
    waitFor(
        () -> of(LogLine.class).stream().anyMatch(l -> l.text().startsWith("started ")),
        "the RUN step to print");

    Instant cancelled = Instant.now();
    handle.cancel();
    BuildResult result = handle.result().get(10, TimeUnit.SECONDS);

    assertThat(result.status()).isEqualTo(BuildStatus.CANCELLED);
    assertThat(Duration.between(cancelled, Instant.now())).isLessThan(Duration.ofSeconds(2));
    StepStarted run = step("[2/2] RUN");
    assertThat(finished(run).error()).contains(BuildKitTraceDecoder.CANCELLED);
    assertEndsWithOneBuildFinished(BuildStatus.CANCELLED);
    assertThat(images.containerIds()).isSubsetOf(containersBefore);
    handle.cancel(); // idempotent after the end
  }

  @Test
  void aBuildCancelledAtOnceEndsCancelledOnce() throws Exception {
    dockerfile("FROM " + TestImages.BASE, "RUN echo " + unique() + "; sleep 30");
    BuildHandle handle =
        builder(Map.of()).start(BuildRequest.builder(context).build(), events::add);
    handle.cancel();
    handle.cancel();

    BuildResult result = handle.result().get(5, TimeUnit.SECONDS);

    assertThat(result.status()).isEqualTo(BuildStatus.CANCELLED);
    assertEndsWithOneBuildFinished(BuildStatus.CANCELLED);
    assertThat(of(StepFinished.class)).noneMatch(f -> f.failed() && !f.cancelled());
    // Whatever had started has ended, before the build's end.
    assertThat(of(StepFinished.class).stream().map(StepFinished::stepId))
        .containsExactlyInAnyOrderElementsOf(
            of(StepStarted.class).stream().map(StepStarted::stepId).toList());
  }

  @Test
  void quietBuildsStillYieldTheImage() throws IOException {
    dockerfile("FROM " + TestImages.BASE, "RUN echo quiet " + unique());
    String tag = images.uniqueTag("bk-quiet");
    Path iid = context.resolve("iid");

    BuildResult result =
        build(BuildRequest.builder(context).tag(tag).quiet(true).iidFile(iid).build());

    assertThat(result.succeeded()).isTrue();
    assertThat(Files.readString(iid)).isEqualTo(result.imageId().orElseThrow());
    assertThat(engine.client().inspectImageCmd(tag).exec().getId())
        .isEqualTo(result.imageId().get());
    assertThat(of(LogLine.class)).noneMatch(l -> l.text().startsWith("quiet"));
    assertEndsWithOneBuildFinished(BuildStatus.SUCCEEDED);
  }

  @Test
  void networkModesBuildKitCannotUseAreRefusedBeforeAnythingIsSent() throws IOException {
    dockerfile("FROM " + TestImages.BASE);
    BuildKitBuilder builder = builder(Map.of());
    assertThatThrownBy(
            () ->
                builder.start(BuildRequest.builder(context).network("bridge").build(), events::add))
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining("--network bridge")
        .hasMessageContaining("classic builder");
    assertThatThrownBy(
            () -> builder.start(BuildRequest.builder(context).tag("Bad:Tag").build(), events::add))
        .hasMessageContaining("must be lowercase");
    assertThat(events).isEmpty();

    BuildResult none = build(builder, BuildRequest.builder(context).network("none").build());
    assertThat(none.succeeded()).as(none.error().orElse("")).isTrue();
  }

  private static void waitFor(java.util.function.BooleanSupplier condition, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }
}
