package io.slipway.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.SlipwayException;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BuildArgTest {

  @Test
  void explicitValueWinsOverTheEnvironment() {
    assertThat(BuildArg.parse("A=1").resolve(Map.of("A", "env"))).contains("1");
    assertThat(BuildArg.parse("A=").resolve(Map.of("A", "env"))).contains("");
    assertThat(BuildArg.parse("A=x=y").value()).contains("x=y");
  }

  @Test
  void aNameAloneTakesTheEnvironmentOrIsDeclaredWithoutValue() {
    assertThat(BuildArg.parse("A").resolve(Map.of("A", "env"))).contains("env");
    assertThat(BuildArg.parse("A").resolve(Map.of())).isEqualTo(Optional.empty());
  }

  @Test
  void aBuildArgNeedsAName() {
    assertThatThrownBy(() -> BuildArg.parse("=value"))
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining("needs a name");
  }

  @Test
  void toStringNeverShowsTheValue() {
    assertThat(BuildArg.parse("TOKEN=s3cret").toString()).doesNotContain("s3cret");
  }
}
