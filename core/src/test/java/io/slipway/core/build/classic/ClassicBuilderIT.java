package io.slipway.core.build.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.SlipwayException;
import io.slipway.core.build.BuildArg;
import io.slipway.core.build.BuildEvent;
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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classic builder against the real engine. */
class ClassicBuilderIT {

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

  private ClassicBuilder builder(Map<String, String> env) {
    return new ClassicBuilder(engine, env, Clock.systemUTC());
  }

  private BuildResult build(BuildRequest request) {
    return build(builder(Map.of()), request);
  }

  private BuildResult build(ClassicBuilder builder, BuildRequest request) {
    events.clear();
    return builder.start(request, events::add).result().orTimeout(120, TimeUnit.SECONDS).join();
  }

  private void dockerfile(String... lines) throws IOException {
    Files.writeString(context.resolve("Dockerfile"), String.join("\n", lines) + "\n");
  }

  private <T> List<T> of(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  @Test
  void aMultiStepBuildRunsAndTheImagePrintsWhatTheBuildArgSaid() throws Exception {
    Files.writeString(context.resolve("greeting.txt"), "from the context\n");
    dockerfile(
        "FROM " + TestImages.BASE,
        "ARG GREETING=default",
        "ARG FROM_ENV",
        "ENV WHO=world",
        "COPY greeting.txt /greeting.txt",
        "RUN echo \"$GREETING $WHO $FROM_ENV\" > /said && cat /greeting.txt",
        "CMD cat /said /greeting.txt");
    String tag = images.uniqueTag("multi");
    String second = images.uniqueTag("multi-second");
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

    assertThat(result.status()).isEqualTo(BuildStatus.SUCCEEDED);
    assertThat(result.imageId()).get().asString().startsWith("sha256:");
    assertThat(images.run(tag)).isEqualTo("hello world env-value\nfrom the context\n");
    assertThat(engine.client().inspectImageCmd(second).exec().getId())
        .isEqualTo(result.imageId().get());
    assertThat(engine.client().inspectImageCmd(tag).exec().getConfig().getLabels())
        .containsEntry("org.example.team", "builds");
    assertThat(Files.readString(iid)).isEqualTo(result.imageId().get());
    Files.delete(iid);

    // Steps: the upload, then one per instruction with its Dockerfile line, then the LABEL step
    // the engine adds for --label (no line of its own).
    List<StepStarted> started = of(StepStarted.class);
    assertThat(started)
        .extracting(StepStarted::stepId)
        .containsExactly("context", "1", "2", "3", "4", "5", "6", "7", "8");
    assertThat(started.get(6).name()).startsWith("RUN echo");
    assertThat(started.get(6).dockerfileLine()).contains(6);
    assertThat(started.get(8).name()).startsWith("LABEL org.example.team");
    assertThat(started.get(8).dockerfileLine()).isEmpty();
    assertThat(of(StepFinished.class)).hasSize(9).noneMatch(StepFinished::failed);
    assertThat(of(BuildEvent.ImageBuilt.class))
        .singleElement()
        .extracting(BuildEvent.ImageBuilt::tags)
        .isEqualTo(List.of(tag, second));
    assertThat(events.get(events.size() - 1)).isInstanceOf(BuildEvent.BuildFinished.class);
    assertThat(of(BuildEvent.LogLine.class))
        .anyMatch(l -> l.stepId().equals(Optional.of("6")) && l.text().equals("from the context"));
  }

  @Test
  void aRebuildReportsTheCachedSteps() throws IOException {
    dockerfile("FROM " + TestImages.BASE, "ENV A=1", "RUN echo built > /f", "RUN cat /f");
    String tag = images.uniqueTag("cached");
    BuildRequest request = BuildRequest.builder(context).tag(tag).build();
    assertThat(build(request).succeeded()).isTrue();
    assertThat(of(StepFinished.class)).noneMatch(StepFinished::cached);

    BuildResult again = build(request);

    assertThat(again.succeeded()).isTrue();
    assertThat(of(StepFinished.class))
        .filteredOn(StepFinished::cached)
        .extracting(StepFinished::stepId)
        .containsExactly("2", "3", "4");
  }

  @Test
  void aFailingRunReportsItsExitCodeOnTheFailingStep() throws IOException {
    dockerfile(
        "FROM " + TestImages.BASE, "RUN echo fine", "RUN echo boom >&2; exit 7", "RUN echo never");

    BuildResult result = build(BuildRequest.builder(context).build());

    assertThat(result.status()).isEqualTo(BuildStatus.FAILED);
    assertThat(result.exitCode()).contains(7);
    assertThat(result.error().orElseThrow()).contains("returned a non-zero code: 7");
    StepFinished failed =
        of(StepFinished.class).stream().filter(StepFinished::failed).findFirst().orElseThrow();
    assertThat(failed.stepId()).isEqualTo("3");
    assertThat(failed.exitCode()).contains(7);
    assertThat(of(BuildEvent.LogLine.class))
        .anyMatch(
            l ->
                l.stepId().equals(Optional.of("3"))
                    && l.stream() == BuildEvent.LogLine.Stream.STDERR
                    && l.text().equals("boom"));
    assertThat(of(StepStarted.class)).extracting(StepStarted::stepId).doesNotContain("4");
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
  }

  @Test
  void aCancelledBuildEndsCancelledAndLeavesNoContainers() throws Exception {
    dockerfile("FROM " + TestImages.BASE, "RUN echo started; sleep 30");
    BuildHandle handle =
        builder(Map.of()).start(BuildRequest.builder(context).build(), events::add);
    waitFor(() -> of(BuildEvent.LogLine.class).stream().anyMatch(l -> l.text().equals("started")));

    Instant cancelled = Instant.now();
    handle.cancel();
    BuildResult result = handle.result().get(10, TimeUnit.SECONDS);

    assertThat(result.status()).isEqualTo(BuildStatus.CANCELLED);
    assertThat(Duration.between(cancelled, Instant.now())).isLessThan(Duration.ofSeconds(5));
    assertThat(events.get(events.size() - 1))
        .isInstanceOfSatisfying(
            BuildEvent.BuildFinished.class,
            f -> assertThat(f.status()).isEqualTo(BuildStatus.CANCELLED));
    assertThat(images.containerIds()).isSubsetOf(containersBefore);
  }

  @Test
  void quietBuildsStillYieldTheImage() throws IOException {
    dockerfile("FROM " + TestImages.BASE, "RUN echo quiet");
    BuildResult result = build(BuildRequest.builder(context).quiet(true).build());
    images.remember(result.imageId().orElseThrow());
    assertThat(result.succeeded()).isTrue();
    assertThat(of(BuildEvent.LogLine.class)).noneMatch(l -> l.text().equals("quiet"));
  }

  @Test
  void badInputIsRefusedBeforeAnythingIsSent() throws IOException {
    dockerfile("FROM " + TestImages.BASE);
    ClassicBuilder builder = builder(Map.of());
    assertThatThrownBy(
            () -> builder.start(BuildRequest.builder(context).tag("Bad:Tag").build(), events::add))
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining("must be lowercase");
    assertThatThrownBy(
            () ->
                builder.start(
                    BuildRequest.builder(context.resolve("missing")).build(), events::add))
        .hasMessageContaining("does not exist");
    assertThatThrownBy(
            () ->
                builder.start(
                    BuildRequest.builder(context).extraHost("nocolon").build(), events::add))
        .hasMessageContaining("HOST:IP");
    assertThat(events).isEmpty();
  }

  private static void waitFor(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting");
      }
      Thread.sleep(50);
    }
  }
}
