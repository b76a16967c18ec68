package io.slipway.core.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.build.BuildStatus;
import io.slipway.core.history.BuildComparison.Change;
import io.slipway.core.history.BuildComparison.StepChange;
import io.slipway.core.timeline.TimelineSnapshot;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BuildComparisonTest {

  @Test
  void showsWhichStepWasRebuiltAndHowMuchSlowerItWas() {
    TimelineSnapshot before = Builds.typical(0, true, 0.1);
    TimelineSnapshot after = Builds.typical(60, false, 4.1);

    BuildComparison c = BuildComparison.of(before, after);

    assertThat(c.steps())
        .extracting(StepChange::key)
        .containsExactly(
            "[internal] load build definition from Dockerfile",
            "FROM docker.io/slipway-test/busybox:1",
            "COPY . /src",
            "RUN make");
    assertThat(c.steps())
        .extracting(StepChange::change)
        .containsExactly(Change.RAN, Change.CACHED, Change.REBUILT, Change.REBUILT);
    StepChange make = c.steps().get(3);
    assertThat(make.beforeDuration()).contains(Duration.ofMillis(100));
    assertThat(make.afterDuration()).contains(Duration.ofMillis(4100));
    assertThat(make.delta()).isEqualTo(Duration.ofMillis(4000));
    assertThat(c.biggestSlowdown()).contains(make);
    assertThat(c.rebuilt()).extracting(StepChange::key).containsExactly("COPY . /src", "RUN make");
    assertThat(c.wallTimeDelta()).isEqualTo(Duration.ofMillis(4000));
    assertThat(c.dockerfileSteps()).hasSize(3);
  }

  @Test
  void matchesStepsByInstructionWhenPositionsShiftAndListsAddedAndRemovedInPlace() {
    Builds b1 = new Builds(0);
    b1.step("a1", "[1/4] FROM base", 0, 1, true);
    b1.step("a2", "[2/4] RUN apt-get update", 1, 5, false, "a1");
    b1.step("a3", "[3/4] RUN old-step", 5, 6, false, "a2");
    b1.step("a4", "[4/4] COPY . /app", 6, 7, false, "a3");
    TimelineSnapshot before = b1.finish(7, BuildStatus.SUCCEEDED);

    Builds b2 = new Builds(100);
    b2.step("b1", "[1/4] FROM base", 0, 1, true);
    b2.step("b2", "[2/4] RUN apt-get update", 1, 2, true, "b1");
    b2.step("b3", "[3/4] RUN new-step", 2, 3, false, "b2");
    b2.step("b4", "[4/4] COPY . /app", 3, 3.5, false, "b3");
    TimelineSnapshot after = b2.finish(3.5, BuildStatus.SUCCEEDED);

    BuildComparison c = BuildComparison.of(before, after);

    assertThat(c.steps())
        .extracting(StepChange::key, StepChange::change)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("FROM base", Change.CACHED),
            org.assertj.core.groups.Tuple.tuple("RUN apt-get update", Change.NOW_CACHED),
            org.assertj.core.groups.Tuple.tuple("RUN old-step", Change.REMOVED),
            org.assertj.core.groups.Tuple.tuple("RUN new-step", Change.ADDED),
            org.assertj.core.groups.Tuple.tuple("COPY . /app", Change.RAN));
    assertThat(c.steps().get(2).delta()).isEqualTo(Duration.ofSeconds(-1));
    assertThat(c.steps().get(3).delta()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.steps().get(2).name()).isEqualTo("[3/4] RUN old-step");
  }

  @Test
  void keysKeepTheStageAndIgnoreTheContextSize() {
    Builds b = new Builds(0);
    b.step("context", "Sending build context (1.2 kB)", 0, 0.1, false);
    b.step("x", "[build 2/6] RUN make", 0.1, 1, false);
    TimelineSnapshot s = b.finish(1, BuildStatus.SUCCEEDED);
    // Builds gives every step index 1; the key of the context comes from index 0 only.
    assertThat(BuildComparison.key(s.row("x").orElseThrow())).isEqualTo("build: RUN make");
  }

  @Test
  void aFailedStepIsADifferentOutcome() {
    Builds b1 = new Builds(0);
    b1.step("a", "[1/1] RUN test", 0, 1, false);
    TimelineSnapshot before = b1.finish(1, BuildStatus.SUCCEEDED);
    Builds b2 = new Builds(10);
    b2.failed("b", "[1/1] RUN test", 0, 2);
    TimelineSnapshot after = b2.finish(2, BuildStatus.FAILED);

    assertThat(BuildComparison.of(before, after).steps())
        .extracting(StepChange::change)
        .containsExactly(Change.DIFFERENT_OUTCOME);
  }
}
