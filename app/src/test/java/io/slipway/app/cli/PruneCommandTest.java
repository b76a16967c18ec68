package io.slipway.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PruneCommandTest {

  @Test
  void readsSizesAsDockerDoes() {
    assertThat(PruneCommand.bytes("1048576")).isEqualTo(1048576);
    assertThat(PruneCommand.bytes("10GB")).isEqualTo(10L * 1024 * 1024 * 1024);
    assertThat(PruneCommand.bytes("512mb")).isEqualTo(512L * 1024 * 1024);
    assertThat(PruneCommand.bytes("1.5k")).isEqualTo(1536);
    assertThat(PruneCommand.bytes("2 GiB")).isEqualTo(2L * 1024 * 1024 * 1024);
    assertThatThrownBy(() -> PruneCommand.bytes("lots"))
        .hasMessageContaining("write a size such as 10GB");
  }

  @Test
  void groupsFiltersByKey() {
    assertThat(PruneCommand.parseFilters(List.of("until=24h", "id=a", "id=b")))
        .isEqualTo(Map.of("until", List.of("24h"), "id", List.of("a", "b")));
    assertThatThrownBy(() -> PruneCommand.parseFilters(List.of("until")))
        .hasMessageContaining("write KEY=VALUE");
  }
}
