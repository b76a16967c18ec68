package io.slipway.app.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.build.BuildEvent.BuildFinished;
import io.slipway.core.build.BuildEvent.StepFinished;
import io.slipway.core.build.BuildEvent.StepStarted;
import io.slipway.core.build.BuildStatus;
import io.slipway.core.history.BuildComparison.Change;
import io.slipway.core.history.HistoryEntry;
import io.slipway.core.history.HistoryStore;
import io.slipway.core.timeline.BuildTimeline;
import io.slipway.core.timeline.TimelineSnapshot;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history's state without the toolkit, over a real store in a temporary folder. */
class HistoryViewModelTest {
  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  @TempDir Path tmp;

  static TimelineSnapshot build(Instant start, boolean cached, double runSeconds) {
    BuildTimeline t = new BuildTimeline();
    t.accept(new StepStarted(start, "a", 1, 2, "[1/2] FROM base", List.of(), Optional.of(1)));
    t.accept(
        new StepFinished(
            start.plusMillis(100), "a", true, Optional.empty(), Optional.empty(), Duration.ZERO));
    t.accept(
        new StepStarted(
            start.plusMillis(100), "b", 2, 2, "[2/2] RUN make", List.of("a"), Optional.of(2)));
    Instant end = start.plusMillis(100 + Math.round(runSeconds * 1000));
    t.accept(new StepFinished(end, "b", cached, Optional.empty(), Optional.empty(), Duration.ZERO));
    t.accept(
        new BuildFinished(
            end,
            BuildStatus.SUCCEEDED,
            Duration.between(start, end),
            Optional.of("sha256:1"),
            Optional.empty(),
            Optional.empty()));
    return t.snapshot();
  }

  @Test
  void listsOpensAndComparesAProfilesBuilds() {
    HistoryStore store = new HistoryStore(tmp);
    store.save("api", build(T0, true, 0.1), "BuildKit");
    store.save("api", build(T0.plusSeconds(3600), false, 4.1), "BuildKit");
    store.save("other", build(T0, true, 1), null);
    HistoryViewModel model =
        new HistoryViewModel(
            store, Runnable::run, Runnable::run, Clock.fixed(T0.plusSeconds(7200), ZoneOffset.UTC));
    List<HistoryEntry> opened = new ArrayList<>();
    model.setOnOpen((e, s) -> opened.add(e));

    model.profileProperty().set("api");

    assertThat(model.titleProperty().get()).isEqualTo("History of api");
    assertThat(model.items()).hasSize(2);
    HistoryItem newest = model.items().get(0);
    assertThat(newest.when()).isEqualTo("Today 11:00");
    assertThat(newest.ago()).isEqualTo("1 h ago");
    assertThat(newest.outcome()).isEqualTo("Succeeded");
    assertThat(newest.duration()).isEqualTo("4.2s");
    assertThat(newest.cached()).isEqualTo("1 of 2 cached");

    model.select(List.of(newest));
    assertThat(model.canOpenProperty().get()).isTrue();
    assertThat(model.canCompareProperty().get()).isFalse();
    model.openSelected();
    assertThat(model.detailProperty().get()).isEqualTo(HistoryViewModel.Detail.BUILD);
    assertThat(model.openedBuildProperty().get().rows()).hasSize(2);
    assertThat(opened).containsExactly(newest.entry());

    model.select(List.copyOf(model.items()));
    assertThat(model.canCompareProperty().get()).isTrue();
    model.compareSelected();
    assertThat(model.detailProperty().get()).isEqualTo(HistoryViewModel.Detail.COMPARISON);
    CompareViewModel c = model.compare();
    assertThat(c.rows())
        .extracting(CompareRow::change)
        .containsExactly(Change.CACHED, Change.REBUILT);
    CompareRow make = c.rows().get(1);
    assertThat(make.before()).isEqualTo("0.1s cached");
    assertThat(make.after()).isEqualTo("4.1s");
    assertThat(make.delta()).isEqualTo("+4.0s");
    assertThat(make.changeText()).isEqualTo("cached → rebuilt");
    assertThat(make.afterShare()).isEqualTo(1.0);
    assertThat(c.totalDeltaProperty().get()).isEqualTo("+4.0s");
    assertThat(c.verdictProperty().get())
        .isEqualTo(
            "The second build was 4.0s slower; most of it in [2/2] RUN make (+4.0s, it was cached"
                + " before).");

    model.select(List.of(model.items().get(1)));
    model.deleteSelected();
    assertThat(model.items()).hasSize(1);
    assertThat(store.list("api")).hasSize(1);
  }

  @Test
  void anEmptyProfileListsNothing() {
    HistoryViewModel model =
        new HistoryViewModel(
            new HistoryStore(tmp), Runnable::run, Runnable::run, Clock.systemUTC());
    model.profileProperty().set("nobody");
    assertThat(model.items()).isEmpty();
    assertThat(model.messageProperty().get()).isEmpty();
  }

  @Test
  void agesAndDeltasReadNaturally() {
    assertThat(HistoryItem.ago(Duration.ofSeconds(30))).isEqualTo("just now");
    assertThat(HistoryItem.ago(Duration.ofMinutes(5))).isEqualTo("5 min ago");
    assertThat(HistoryItem.ago(Duration.ofDays(1))).isEqualTo("1 day ago");
    assertThat(CompareViewModel.delta(Duration.ofMillis(-400))).isEqualTo("−0.4s");
    assertThat(CompareViewModel.delta(Duration.ofMillis(60))).isEqualTo("±0");
  }
}
