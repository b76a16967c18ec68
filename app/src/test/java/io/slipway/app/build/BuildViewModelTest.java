package io.slipway.app.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.build.BuildEvent;
import io.slipway.core.build.BuildEvent.BuildFinished;
import io.slipway.core.build.BuildEvent.ImageBuilt;
import io.slipway.core.build.BuildEvent.LogLine;
import io.slipway.core.build.BuildEvent.StepFinished;
import io.slipway.core.build.BuildEvent.StepStarted;
import io.slipway.core.build.BuildListener;
import io.slipway.core.build.BuildStatus;
import io.slipway.core.history.HistoryEntry;
import io.slipway.core.history.HistoryStore;
import io.slipway.core.timeline.RowState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.collections.ListChangeListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build view's state, without the toolkit: same-thread executors, a hand-cranked pulse. */
class BuildViewModelTest {
  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  static final String IMAGE = "sha256:0123456789abcdef0123456789abcdef";

  @TempDir Path tmp;

  final List<Runnable> pulses = new ArrayList<>();
  final BuildViewModel model =
      new BuildViewModel(
          Runnable::run,
          Runnable::run,
          (task, delay) -> pulses.add(task),
          Clock.fixed(T0.plusSeconds(5), ZoneOffset.UTC),
          () -> 0L);

  void pulse() {
    List<Runnable> due = List.copyOf(pulses);
    pulses.clear();
    due.forEach(Runnable::run);
  }

  static Instant at(double s) {
    return T0.plusMillis(Math.round(s * 1000));
  }

  static StepStarted started(double s, String id, int index, String name, Integer line) {
    return new StepStarted(at(s), id, index, 2, name, List.of(), Optional.ofNullable(line));
  }

  static LogLine log(double s, String id, String text) {
    return new LogLine(at(s), Optional.ofNullable(id), LogLine.Stream.STDOUT, text);
  }

  static StepFinished done(double s, String id, boolean cached) {
    return new StepFinished(at(s), id, cached, Optional.empty(), Optional.empty(), Duration.ZERO);
  }

  static BuildFinished finished(double s, BuildStatus status, String error) {
    return new BuildFinished(
        at(s),
        status,
        Duration.ofMillis(Math.round(s * 1000)),
        status == BuildStatus.SUCCEEDED ? Optional.of(IMAGE) : Optional.empty(),
        Optional.ofNullable(error),
        Optional.empty());
  }

  static void emit(BuildListener l, BuildEvent... events) {
    for (BuildEvent e : events) {
      l.onEvent(e);
    }
  }

  @Test
  void aLiveBuildArrivesOnceAPulseAndEndsWithASummaryAndAHistoryEntry() {
    HistoryStore store = new HistoryStore(tmp.resolve("history"));
    List<HistoryEntry> saved = new ArrayList<>();
    model.setHistory(store, saved::add);
    model.setImageInspector(id -> OptionalLong.of(4_321_000));
    BuildListener l = model.attach("api", tmp, null, "BuildKit");
    assertThat(model.phaseProperty().get()).isEqualTo(BuildViewModel.Phase.RUNNING);

    emit(l, started(0, "a", 1, "[1/2] FROM base", 1), done(0.1, "a", true));
    emit(l, started(0.1, "b", 2, "[2/2] RUN make", 2));
    for (int i = 0; i < 1000; i++) {
      l.onEvent(log(0.2, "b", "line " + i));
    }
    assertThat(pulses).as("one pending drain, however many events").hasSize(1);
    assertThat(model.snapshotProperty().get()).isNull();
    pulse();

    assertThat(model.snapshotProperty().get().rows()).hasSize(2);
    assertThat(model.shownLinesProperty().get()).hasSize(1000);
    assertThat(model.logTitleProperty().get()).isEqualTo("Whole build · 1,000 lines");
    assertThat(model.progressTextProperty().get()).isEqualTo("1 of 2 steps done · 1 running");
    assertThat(model.clockTextProperty().get()).isEqualTo("5.0s");

    emit(
        l,
        done(3, "b", false),
        new ImageBuilt(at(3), IMAGE, List.of("api:latest")),
        finished(3.2, BuildStatus.SUCCEEDED, null));
    pulse();

    assertThat(model.phaseProperty().get()).isEqualTo(BuildViewModel.Phase.FINISHED);
    assertThat(model.summaryTitleProperty().get()).isEqualTo("Build succeeded");
    assertThat(model.totalTimeProperty().get()).isEqualTo("3.2s");
    assertThat(model.stepsTextProperty().get()).isEqualTo("2");
    assertThat(model.cacheTextProperty().get()).isEqualTo("1 of 2 (50%)");
    assertThat(model.imageIdShortProperty().get()).isEqualTo("0123456789ab");
    assertThat(model.imageSizeProperty().get()).isEqualTo("4.3 MB");
    assertThat(model.tags()).containsExactly("api:latest");
    assertThat(model.dockerRunCommandProperty().get()).isEqualTo("docker run --rm -it api:latest");
    assertThat(model.contextDirProperty().get()).isEqualTo(tmp);
    assertThat(saved).hasSize(1);
    assertThat(store.list("api")).containsExactlyElementsOf(saved);
    assertThat(store.open(saved.get(0)).log().size()).isEqualTo(1000);
  }

  @Test
  void aFailedBuildOpensOnTheFailingRowWithItsDockerfileLine() throws Exception {
    Path dockerfile = Files.writeString(tmp.resolve("Dockerfile"), "FROM base\n  RUN make test\n");
    BuildListener l = model.attach("api", tmp, dockerfile, null);
    emit(
        l,
        started(0, "a", 1, "[1/2] FROM base", 1),
        done(0.1, "a", false),
        started(0.1, "b", 2, "[2/2] RUN make test", 2),
        log(0.2, "b", "cc: error"),
        new StepFinished(
            at(1),
            "b",
            false,
            Optional.of("process \"/bin/sh -c make test\" did not complete successfully"),
            Optional.of(2),
            Duration.ZERO),
        finished(1.1, BuildStatus.FAILED, "failed to solve"));
    pulse();

    assertThat(model.selectedRowIdProperty().get()).isEqualTo("b");
    assertThat(model.failureTextProperty().get())
        .isEqualTo(
            "Step #2 failed with exit code 2: process \"/bin/sh -c make test\" did not complete"
                + " successfully");
    assertThat(model.dockerfileLineProperty().get()).isEqualTo("Dockerfile:2  RUN make test");
    assertThat(model.shownLinesProperty().get())
        .extracting(LogLineItem::text)
        .containsExactly("cc: error");
    assertThat(model.logTitleProperty().get()).isEqualTo("#2 [2/2] RUN make test · 1 line");
    assertThat(model.snapshotProperty().get().row("b").orElseThrow().state())
        .isEqualTo(RowState.FAILED);
  }

  @Test
  void theSelectedRowsLogGrowsByAddingLinesWithoutReplacingTheList() {
    BuildListener l = model.attach("api", null, null, null);
    emit(l, started(0, "a", 1, "[1/1] RUN x", null), log(0.1, "a", "one"), log(0.1, null, "other"));
    pulse();
    model.selectedRowIdProperty().set("a");
    LogLines lines = model.shownLinesProperty().get();
    assertThat(lines).extracting(LogLineItem::text).containsExactly("one");
    AtomicInteger added = new AtomicInteger();
    lines.addListener(
        (ListChangeListener<LogLineItem>)
            c -> {
              while (c.next()) {
                added.addAndGet(c.getAddedSize());
              }
            });

    emit(l, log(0.2, "a", "two"), log(0.3, "a", "three"));
    pulse();

    assertThat(model.shownLinesProperty().get()).isSameAs(lines);
    assertThat(added.get()).isEqualTo(2);
    assertThat(lines).extracting(LogLineItem::text).containsExactly("one", "two", "three");
    model.showWholeLog();
    assertThat(model.shownLinesProperty().get()).hasSize(4);
  }

  @Test
  void searchFindsEveryMatchAndStepsThroughThemBothWays() {
    BuildListener l = model.attach("api", null, null, null);
    emit(l, started(0, "a", 1, "[1/1] RUN x", null));
    for (int i = 0; i < 50; i++) {
      l.onEvent(log(0.1, "a", i % 10 == 3 ? "\u001b[31mERROR\u001b[0m at " + i : "fine " + i));
    }
    l.onEvent(finished(1, BuildStatus.SUCCEEDED, null));
    pulse();

    model.searchQueryProperty().set("error");
    assertThat(model.searchStatusProperty().get()).isEqualTo("1 of 5");
    assertThat(model.currentMatchProperty().get()).isEqualTo(3);
    assertThat(model.isMatch(13)).isTrue();
    assertThat(model.isMatch(14)).isFalse();
    model.searchNext();
    assertThat(model.currentMatchProperty().get()).isEqualTo(13);
    model.searchPrevious();
    model.searchPrevious();
    assertThat(model.currentMatchProperty().get()).as("wraps").isEqualTo(43);
    assertThat(model.searchStatusProperty().get()).isEqualTo("5 of 5");
    model.searchQueryProperty().set("nothing like it");
    assertThat(model.searchStatusProperty().get()).isEqualTo("No match");
    model.searchQueryProperty().set("");
    assertThat(model.searchStatusProperty().get()).isEmpty();
  }

  @Test
  void savesAndCopiesTheShownLogAsPlainText() throws Exception {
    BuildListener l = model.attach("api", null, null, null);
    emit(
        l,
        started(0, "a", 1, "[1/1] RUN x", null),
        log(0.1, "a", "\u001b[1;32mok\u001b[0m"),
        log(0.2, "a", "é"),
        finished(1, BuildStatus.SUCCEEDED, null));
    pulse();

    Path file = tmp.resolve("out.log");
    model.saveLog(file);
    assertThat(Files.readString(file)).isEqualTo("ok\né\n");
    assertThat(model.messageProperty().get()).isEqualTo("Saved 2 lines to " + file + ".");
    List<String> copied = new ArrayList<>();
    model.wholeLogText(copied::add);
    assertThat(copied).containsExactly("ok\né\n");
    model.text(1, 1, copied::add);
    assertThat(copied).containsExactly("ok\né\n", "é\n");
  }

  @Test
  void reopeningAFinishedBuildShowsItAtOnceAndALaterLiveBuildIgnoresTheOldOnesEvents() {
    BuildListener first = model.attach("api", null, null, null);
    emit(first, started(0, "a", 1, "[1/1] RUN x", null), finished(1, BuildStatus.SUCCEEDED, null));
    pulse();
    var old = model.snapshotProperty().get();

    BuildListener second = model.attach("api", null, null, null);
    first.onEvent(log(2, "a", "late"));
    pulse();
    assertThat(model.snapshotProperty().get()).isNull();

    model.showTimeline(old);
    assertThat(model.phaseProperty().get()).isEqualTo(BuildViewModel.Phase.FINISHED);
    assertThat(model.summaryTitleProperty().get()).isEqualTo("Build succeeded");
    second.onEvent(log(2, "a", "also late"));
    pulse();
    assertThat(model.snapshotProperty().get()).isSameAs(old);
  }

  @Test
  void sizesReadLikeTheDockerCli() {
    assertThat(BuildViewModel.humanBytes(999)).isEqualTo("999 B");
    assertThat(BuildViewModel.humanBytes(1_234)).isEqualTo("1.2 kB");
    assertThat(BuildViewModel.humanBytes(56_700_000)).isEqualTo("57 MB");
  }
}
