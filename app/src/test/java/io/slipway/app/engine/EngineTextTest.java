package io.slipway.app.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.engine.EngineInfo;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EngineTextTest {
  @Test
  void namesVersionsDefaultBuilderAndAddress() {
    EngineInfo classic =
        new EngineInfo(
            "unix:///var/run/docker.sock",
            "20.10.24",
            "1.41",
            "1.41",
            Optional.of("1.12"),
            Optional.of("1"),
            false,
            "linux");
    assertThat(EngineText.describe(classic))
        .isEqualTo(
            "Engine 20.10.24 · API 1.41 · classic builder default · unix:///var/run/docker.sock");
    // Without a Builder-Version header a Linux engine with API >= 1.39 defaults to BuildKit.
    EngineInfo noHeader =
        new EngineInfo(
            "unix:///var/run/docker.sock",
            "20.10.24",
            "1.41",
            "1.41",
            Optional.of("1.12"),
            Optional.empty(),
            false,
            "linux");
    assertThat(EngineText.describe(noHeader))
        .isEqualTo("Engine 20.10.24 · API 1.41 · BuildKit default · unix:///var/run/docker.sock");
  }

  @Test
  void theStatusBarShowsTheFirstLineOfAMessage() {
    assertThat(EngineText.firstLine("  No engine.\nStart Docker.\n")).isEqualTo("No engine.");
    assertThat(EngineText.firstLine("One line")).isEqualTo("One line");
    assertThat(EngineText.firstLine(null)).isEqualTo("The Docker engine is not reachable.");
  }
}
