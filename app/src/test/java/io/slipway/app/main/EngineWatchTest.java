package io.slipway.app.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.app.engine.EngineSession;
import io.slipway.core.SlipwayException;
import io.slipway.core.build.BuildCache;
import io.slipway.core.build.selection.BuilderChoice;
import io.slipway.core.build.selection.BuilderSelection;
import io.slipway.core.build.selection.Builders;
import io.slipway.core.engine.EngineInfo;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The status bar's engine: pinged while connected, reconnected with backoff when it is gone. */
class EngineWatchTest {
  record Timer(Runnable task, long delayNanos) {}

  final List<Timer> timers = new ArrayList<>();
  final AtomicBoolean engineUp = new AtomicBoolean(true);
  final AtomicInteger connects = new AtomicInteger();
  final FakeBuilder builder = new FakeBuilder();
  final AtomicBoolean plainTcp = new AtomicBoolean();
  long reclaimed = 0;

  EngineSession.Link link =
      new EngineSession.Link() {
        @Override
        public EngineInfo ping() {
          if (!engineUp.get()) {
            throw new SlipwayException("No Docker engine answers at unix:///var/run/docker.sock.");
          }
          return MainViewModelTest.INFO;
        }

        @Override
        public Builders.Selected builderFor(BuilderChoice choice) {
          return new Builders.Selected(
              builder, BuilderSelection.select(choice, java.util.Map.of(), MainViewModelTest.INFO));
        }

        @Override
        public BuildCache.PruneResult pruneBuildCache(boolean all) {
          return new BuildCache.PruneResult(List.of("a", "b"), reclaimed);
        }

        @Override
        public boolean plainRemoteTcp() {
          return plainTcp.get();
        }
      };

  MainViewModel model =
      new MainViewModel(
          () -> {
            connects.incrementAndGet();
            if (!engineUp.get()) {
              throw new SlipwayException(
                  "No Docker engine answers at unix:///var/run/docker.sock.");
            }
            return new EngineSession(MainViewModelTest.INFO, builder, "fake", () -> {}, link);
          },
          Runnable::run,
          Runnable::run,
          (task, delay) -> task.run(),
          (task, delay) -> timers.add(new Timer(task, delay)),
          Clock.systemUTC());

  Timer next() {
    assertThat(timers).isNotEmpty();
    return timers.remove(0);
  }

  @Test
  void aConnectedEngineIsPingedAndWhenItGoesAwayTheBarSaysSoAndItReconnects() {
    model.connectEngine();
    assertThat(model.engineStateProperty().get()).isEqualTo(EngineState.READY);
    assertThat(model.engineInfoProperty().get()).isEqualTo(MainViewModelTest.INFO);
    Timer ping = next();
    assertThat(ping.delayNanos()).isEqualTo(MainViewModel.PING_SECONDS * 1_000_000_000L);
    ping.task().run();
    assertThat(model.engineStateProperty().get()).isEqualTo(EngineState.READY);

    engineUp.set(false);
    next().task().run();
    assertThat(model.engineStateProperty().get()).isEqualTo(EngineState.UNAVAILABLE);
    assertThat(model.engineTextProperty().get()).startsWith("No Docker engine answers");
    assertThat(model.engineInfoProperty().get()).isNull();

    // Backoff: 1 s, 2 s, 4 s… while it stays away.
    Timer retry = next();
    assertThat(retry.delayNanos()).isEqualTo(1_000_000_000L);
    retry.task().run();
    assertThat(next().delayNanos()).isEqualTo(2_000_000_000L);
    assertThat(connects.get()).isEqualTo(2);

    engineUp.set(true);
    model.connectEngine(); // or the next timer: either way it comes back
    assertThat(model.engineStateProperty().get()).isEqualTo(EngineState.READY);
  }

  @Test
  void backoffGrowsToThirtySeconds() {
    assertThat(MainViewModel.backoffSeconds(0)).isEqualTo(1);
    assertThat(MainViewModel.backoffSeconds(3)).isEqualTo(8);
    assertThat(MainViewModel.backoffSeconds(5)).isEqualTo(30);
    assertThat(MainViewModel.backoffSeconds(40)).isEqualTo(30);
  }

  @Test
  void plainTcpToAnotherMachineIsFlagged() {
    plainTcp.set(true);
    model.connectEngine();
    assertThat(model.engineWarningProperty().get()).contains("unencrypted TCP");
  }

  @Test
  void pruningSaysWhatWasReclaimed() {
    String[] said = {null};
    model.pruneBuildCache(false, s -> said[0] = s);
    assertThat(said[0]).startsWith("The Docker engine is not reachable");
    model.connectEngine();
    reclaimed = 3_100_000;
    model.pruneBuildCache(false, s -> said[0] = s);
    assertThat(said[0]).isEqualTo("Pruned 2 cache entries and reclaimed 3.1 MB.");
  }
}
