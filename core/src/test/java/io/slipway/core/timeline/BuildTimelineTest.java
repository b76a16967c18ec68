package io.slipway.core.timeline;

import static io.slipway.core.timeline.Events.BASE;
import static io.slipway.core.timeline.Events.CONTEXT;
import static io.slipway.core.timeline.Events.COPY_SRC;
import static io.slipway.core.timeline.Events.DEF;
import static io.slipway.core.timeline.Events.DEPS;
import static io.slipway.core.timeline.Events.EXPORT;
import static io.slipway.core.timeline.Events.FINAL_APP;
import static io.slipway.core.timeline.Events.FINAL_DEPS;
import static io.slipway.core.timeline.Events.IMAGE;
import static io.slipway.core.timeline.Events.MAKE;
import static io.slipway.core.timeline.Events.at;
import static io.slipway.core.timeline.Events.seconds;
import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.build.BuildEvent;
import io.slipway.core.build.BuildEvent.LogLine;
import io.slipway.core.build.BuildStatus;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BuildTimelineTest {

  @Test
  void aClassicBuildIsTheContextUploadThenItsStepsInOrder() {
    TimelineSnapshot s = Events.classicSuccess().feed().snapshot();

    assertThat(s.rows())
        .extracting(TimelineRow::id)
        .containsExactly("context", "1", "2", "3", "4", "5", "6");
    assertThat(s.rows()).extracting(TimelineRow::state).containsOnly(RowState.DONE);
    TimelineRow run = s.row("5").orElseThrow();
    assertThat(run.name()).isEqualTo("RUN echo \"$GREETING $WHO\" && cat /hello.txt");
    assertThat(run.index()).isEqualTo(5);
    assertThat(run.total()).isEqualTo(6);
    assertThat(run.dockerfileLine()).contains(5);
    assertThat(run.start()).isEqualTo(at(0.60));
    assertThat(run.end()).contains(at(1.60));
    assertThat(run.duration()).contains(Duration.ofSeconds(1));
    assertThat(run.logLines()).isEqualTo(5);
    assertThat(run.parents()).isEmpty();
    assertThat(s.row("context").orElseThrow().progress())
        .contains(new RowProgress("context", 1200, 1200));

    assertThat(s.status()).contains(BuildStatus.SUCCEEDED);
    assertThat(s.finished()).isTrue();
    assertThat(s.start()).contains(at(0)); // the reported duration reaches before the first event
    assertThat(s.end()).contains(at(2.43));
    assertThat(s.imageId()).contains(IMAGE);
    assertThat(s.tags()).containsExactly("slipway-fixture:1");
    assertThat(s.error()).isEmpty();
    assertThat(s.warnings())
        .containsExactly(
            new TimelineWarning(
                at(2.41), Optional.empty(), "One or more build-args [UNUSED] were not consumed"));
  }

  @Test
  void classicFiguresCountStepsButNotTheContextAndFollowTheSequence() {
    TimelineSnapshot s = Events.classicSuccess().feed().snapshot();

    assertThat(s.wallTime()).isEqualTo(seconds(2.43));
    // context 0.03 + steps from 0.10 to 2.40 back to back
    assertThat(s.stepTime()).isEqualTo(seconds(0.03).plus(seconds(2.30)));
    assertThat(s.steps()).isEqualTo(6);
    assertThat(s.cachedSteps()).isZero();
    assertThat(s.cacheHitRatio()).isZero();
    assertThat(s.criticalPath()).containsExactly("context", "1", "2", "3", "4", "5", "6");
  }

  @Test
  void aCachedClassicBuildCountsItsCacheHits() {
    Events e = new Events();
    e.started(0, "context", 0, 0, "Sending build context").done(0.01, "context", 0);
    e.step(0.02, 1, 3, "FROM busybox", 1).done(0.03, "1", 0.02);
    e.step(0.03, 2, 3, "COPY a /a", 2)
        .log(0.03, "2", LogLine.Stream.BUILDER, " ---> Using cache")
        .cached(0.04, "2", 0.03);
    e.step(0.04, 3, 3, "RUN make", 3)
        .log(0.04, "3", LogLine.Stream.BUILDER, " ---> Using cache")
        .cached(0.05, "3", 0.04);
    e.finished(0.06, BuildStatus.SUCCEEDED, 0, IMAGE, null, null);

    TimelineSnapshot s = e.feed().snapshot();

    assertThat(s.rows())
        .extracting(TimelineRow::state)
        .containsExactly(RowState.DONE, RowState.DONE, RowState.CACHED, RowState.CACHED);
    assertThat(s.steps()).isEqualTo(3);
    assertThat(s.cachedSteps()).isEqualTo(2);
    assertThat(s.cacheHitRatio()).isEqualTo(2.0 / 3);
  }

  @Test
  void aFailedClassicStepKeepsItsErrorAndExitCodeAndEndsThePath() {
    String error = "The command '/bin/sh -c exit 3' returned a non-zero code: 3";
    Events e = new Events();
    e.started(0, "context", 0, 0, "Sending build context").done(0.01, "context", 0);
    e.step(0.02, 1, 3, "FROM busybox", 1).done(0.03, "1", 0.02);
    e.step(0.03, 2, 3, "RUN exit 3", 2)
        .log(0.50, "2", LogLine.Stream.BUILDER, error)
        .failed(0.50, "2", 0.03, error, 3)
        .finished(0.60, BuildStatus.FAILED, 0, null, error, 3);

    TimelineSnapshot s = e.feed().snapshot();

    TimelineRow failed = s.row("2").orElseThrow();
    assertThat(failed.state()).isEqualTo(RowState.FAILED);
    assertThat(failed.error()).contains(error);
    assertThat(failed.exitCode()).contains(3);
    assertThat(failed.dockerfileLine()).contains(2);
    assertThat(s.firstFailure()).contains(failed);
    assertThat(s.status()).contains(BuildStatus.FAILED);
    assertThat(s.error()).contains(error);
    assertThat(s.exitCode()).contains(3);
    assertThat(s.imageId()).isEmpty();
    assertThat(s.row("3")).isEmpty();
    assertThat(s.criticalPath()).containsExactly("context", "1", "2");
  }

  @Test
  void aCancelledClassicBuildMarksTheInterruptedStepCancelled() {
    // ClassicStreamParser.cancelled() finishes the open step with the error "cancelled".
    Events e = new Events();
    e.started(0, "context", 0, 0, "Sending build context").done(0.01, "context", 0);
    e.step(0.02, 1, 2, "RUN sleep 100", 1)
        .log(0.5, "1", "sleeping")
        .failed(3.0, "1", 0.02, "cancelled", null)
        .finished(3.1, BuildStatus.CANCELLED, 0, null, "The build was cancelled.", null);

    TimelineSnapshot s = e.feed().snapshot();

    TimelineRow row = s.row("1").orElseThrow();
    assertThat(row.state()).isEqualTo(RowState.CANCELLED);
    assertThat(row.end()).contains(at(3.0));
    assertThat(s.firstFailure()).isEmpty();
    assertThat(s.status()).contains(BuildStatus.CANCELLED);
  }

  @Test
  void rowsStillRunningWhenTheBuildIsCancelledBecomeCancelledAtItsEnd() {
    Events e = new Events();
    e.started(0, "context", 0, 0, "Sending build context") // the upload never finished
        .progress(0.5, "context", "context", 1000, 5000)
        .finished(1.0, BuildStatus.CANCELLED, 0, null, "The build was cancelled.", null);

    TimelineRow context = e.feed().snapshot().row("context").orElseThrow();

    assertThat(context.state()).isEqualTo(RowState.CANCELLED);
    assertThat(context.end()).contains(at(1.0));
    assertThat(context.error()).isEmpty();
  }

  @Test
  void buildKitParallelStagesOverlapAndTheCriticalPathTakesTheSlowerBranch() {
    TimelineSnapshot s = Events.buildKitParallel().feed().snapshot();

    TimelineRow make = s.row(MAKE).orElseThrow();
    TimelineRow deps = s.row(DEPS).orElseThrow();
    assertThat(make.parents()).containsExactly(COPY_SRC);
    assertThat(make.start()).isEqualTo(deps.start());
    assertThat(deps.end().orElseThrow()).isBefore(make.end().orElseThrow());
    assertThat(s.row(FINAL_DEPS).orElseThrow().parents()).containsExactly(FINAL_APP, DEPS);

    assertThat(s.criticalPath())
        .containsExactly(CONTEXT, COPY_SRC, MAKE, FINAL_APP, FINAL_DEPS, EXPORT);
    // Side by side, the steps took more time than the build.
    assertThat(s.stepTime()).isGreaterThan(s.wallTime());
    assertThat(s.wallTime()).isEqualTo(seconds(6));
  }

  @Test
  void buildKitRowsAreOrderedByStartWithTiesInArrivalOrder() {
    TimelineSnapshot s = Events.buildKitParallel().feed().snapshot();

    assertThat(s.rows().get(0).id()).isEqualTo(DEF);
    assertThat(s.rows())
        .extracting(TimelineRow::start)
        .isSortedAccordingTo(java.util.Comparator.naturalOrder());
    List<String> ids = s.rows().stream().map(TimelineRow::id).toList();
    assertThat(ids.indexOf(COPY_SRC)).isLessThan(ids.indexOf(MAKE));
    assertThat(ids.indexOf(MAKE)).isLessThan(ids.indexOf(DEPS));
  }

  @Test
  void buildKitCachedVerticesTakeNoTimeAndInternalOnesAreNotSteps() {
    TimelineSnapshot s = Events.buildKitParallel().feed().snapshot();

    TimelineRow base = s.row(BASE).orElseThrow();
    assertThat(base.state()).isEqualTo(RowState.CACHED);
    assertThat(base.duration()).contains(Duration.ZERO);
    assertThat(s.row(CONTEXT).orElseThrow().internal()).isTrue();
    assertThat(s.row(CONTEXT).orElseThrow().countsAsStep()).isFalse();
    assertThat(s.row(CONTEXT).orElseThrow().progress())
        .contains(new RowProgress("transferring context", 2048, -1));
    // 11 vertices: 4 internal and "exporting to image" are the builder's own; BASE and COPY_SRC
    // cached.
    assertThat(s.row(EXPORT).orElseThrow().countsAsStep()).isFalse();
    assertThat(s.steps()).isEqualTo(6);
    assertThat(s.cachedSteps()).isEqualTo(2);
    assertThat(s.cacheHitRatio()).isEqualTo(2.0 / 6);
  }

  @Test
  void aFailedBuildKitBuildCancelsTheSiblingsOfTheFailingVertex() {
    Events e = new Events();
    e.started(0, BASE, 1, 0, "[base 1/1] FROM alpine").cached(0, BASE, 0);
    e.started(0.1, MAKE, 2, 0, "[builder 2/2] RUN make", BASE)
        .started(0.1, DEPS, 3, 0, "[deps 2/2] RUN fetch", BASE)
        .started(0.1, FINAL_APP, 4, 0, "[other 2/2] RUN sleep 5", BASE)
        .failed(
            1.0,
            DEPS,
            0.1,
            "process \"/bin/sh -c fetch\" did not complete successfully: exit code: 2",
            2)
        .failed(1.1, MAKE, 0.1, "context canceled", null) // FINAL_APP never hears back
        .finished(1.2, BuildStatus.FAILED, 0, null, "failed to solve: exit code: 2", 2);

    TimelineSnapshot s = e.feed().snapshot();

    assertThat(s.row(DEPS).orElseThrow().state()).isEqualTo(RowState.FAILED);
    assertThat(s.row(DEPS).orElseThrow().exitCode()).contains(2);
    assertThat(s.row(MAKE).orElseThrow().state()).isEqualTo(RowState.CANCELLED);
    assertThat(s.row(MAKE).orElseThrow().error()).contains("context canceled");
    TimelineRow orphan = s.row(FINAL_APP).orElseThrow();
    assertThat(orphan.state()).isEqualTo(RowState.CANCELLED);
    assertThat(orphan.end()).contains(at(1.2));
    assertThat(s.row(BASE).orElseThrow().state()).isEqualTo(RowState.CACHED);
    assertThat(s.firstFailure().map(TimelineRow::id)).contains(DEPS);
  }

  @Test
  void aSnapshotShowsTheBuildWhileItRunsAndNeverChangesAfterwards() {
    List<BuildEvent> all = Events.buildKitParallel().events();
    BuildTimeline timeline = new BuildTimeline();
    int half = all.size() / 2;
    all.subList(0, half).forEach(timeline::accept);

    TimelineSnapshot running = timeline.snapshot();
    TimelineRow makeThen = running.row(MAKE).orElseThrow();
    int linesThen = running.log().size();
    List<TimelineRow> rowsThen = List.copyOf(running.rows());

    all.subList(half, all.size()).forEach(timeline::accept);
    TimelineSnapshot done = timeline.snapshot();

    assertThat(running.status()).isEmpty();
    assertThat(running.finished()).isFalse();
    assertThat(running.end()).isEmpty();
    assertThat(makeThen.state()).isEqualTo(RowState.RUNNING);
    assertThat(makeThen.end()).isEmpty();
    assertThat(makeThen.duration()).isEmpty();
    assertThat(running.wallTime())
        .isEqualTo(java.time.Duration.between(at(0), running.lastEventTime().orElseThrow()));
    // The path so far ends on the running step, as if it ended now.
    assertThat(running.criticalPath()).endsWith(MAKE);

    assertThat(running.rows()).isEqualTo(rowsThen);
    assertThat(running.log().size()).isEqualTo(linesThen);
    assertThat(running.log(MAKE).size()).isEqualTo(makeThen.logLines());
    assertThat(done.row(MAKE).orElseThrow().state()).isEqualTo(RowState.DONE);
    assertThat(done.log().size()).isGreaterThan(linesThen);
  }

  @Test
  void aRowFirstSeenInALogLineIsFilledInByItsStart() {
    Events e = new Events();
    e.log(0.1, MAKE, "early line")
        .started(0.2, MAKE, 7, 0, "[builder 3/3] RUN make", COPY_SRC)
        .done(0.3, MAKE, 0.2);

    BuildTimeline timeline = new BuildTimeline();
    e.events().subList(0, 1).forEach(timeline::accept);
    TimelineRow early = timeline.snapshot().row(MAKE).orElseThrow();
    e.events().subList(1, 3).forEach(timeline::accept);
    TimelineRow later = timeline.snapshot().row(MAKE).orElseThrow();

    assertThat(early.name()).isEqualTo(MAKE);
    assertThat(early.index()).isEqualTo(-1);
    assertThat(early.countsAsStep()).isFalse();
    assertThat(later.name()).isEqualTo("[builder 3/3] RUN make");
    assertThat(later.index()).isEqualTo(7);
    assertThat(later.start()).isEqualTo(at(0.1));
    assertThat(later.logLines()).isEqualTo(1);
    assertThat(later.state()).isEqualTo(RowState.DONE);
  }

  @Test
  void aStepFinishingBeforeItStartedEndsAtItsStart() {
    // Daemon and client clocks may disagree by a little.
    Events e = new Events();
    e.started(1.0, MAKE, 1, 0, "RUN make").done(0.9, MAKE, 1.0);

    TimelineRow row = e.feed().snapshot().row(MAKE).orElseThrow();

    assertThat(row.end()).contains(at(1.0));
    assertThat(row.duration()).contains(Duration.ZERO);
  }

  @Test
  void eventsAfterTheEndAreIgnored() {
    Events e = Events.classicSuccess();
    e.log(9, "6", "too late").buildLog(9, "too late");
    TimelineSnapshot s = e.feed().snapshot();

    assertThat(s.log().size()).isEqualTo(Events.classicSuccess().feed().snapshot().log().size());
    assertThat(s.lastEventTime()).contains(at(2.43));
  }

  @Test
  void anEmptyTimelineHasNoRowsAndZeroFigures() {
    TimelineSnapshot s = new BuildTimeline().snapshot();

    assertThat(s.rows()).isEmpty();
    assertThat(s.start()).isEmpty();
    assertThat(s.wallTime()).isZero();
    assertThat(s.stepTime()).isZero();
    assertThat(s.cacheHitRatio()).isZero();
    assertThat(s.criticalPath()).isEmpty();
    assertThat(s.log().isEmpty()).isTrue();
    assertThat(s.log("nope").size()).isZero();
  }

  @Test
  void aTimelineIsABuildListener() {
    BuildTimeline timeline = new BuildTimeline();
    io.slipway.core.build.BuildListener listener = timeline;
    Events.classicSuccess().events().forEach(listener::onEvent);

    assertThat(timeline.snapshot().rows()).hasSize(7);
  }
}
