package io.slipway.app.main;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationFormatTest {
  @Test
  void readsLikeABuildLog() {
    assertThat(DurationFormat.format(Duration.ZERO)).isEqualTo("0.0s");
    assertThat(DurationFormat.format(Duration.ofMillis(420))).isEqualTo("0.4s");
    assertThat(DurationFormat.format(Duration.ofMillis(12_460))).isEqualTo("12.4s");
    assertThat(DurationFormat.format(Duration.ofMillis(59_999))).isEqualTo("59.9s");
    assertThat(DurationFormat.format(Duration.ofSeconds(125))).isEqualTo("2m 05s");
    assertThat(DurationFormat.format(Duration.ofMinutes(62))).isEqualTo("1h 02m");
    assertThat(DurationFormat.format(Duration.ofSeconds(-3))).isEqualTo("0.0s");
    assertThat(DurationFormat.format(null)).isEqualTo("0.0s");
  }
}
