package io.slipway.app.main;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class NotifierTest {
  @Test
  void onlyLongBuildsFinishingInTheBackgroundAreAnnounced() {
    var longOne = new MainViewModel.FinishedBuild("api", BuildState.FAILED, Duration.ofSeconds(42));
    assertThat(Notifier.message(longOne, true)).isEmpty();
    assertThat(Notifier.message(longOne, false).get()).containsExactly("api failed", "after 42.0s");
    var shortOne = new MainViewModel.FinishedBuild("", BuildState.SUCCEEDED, Duration.ofSeconds(3));
    assertThat(Notifier.message(shortOne, false)).isEmpty();
  }
}
