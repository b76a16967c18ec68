package io.slipway.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** API version negotiation, the builder default and the Server header. */
class EngineNegotiationTest {

  @Test
  void olderEngineSetsTheVersion() {
    assertThat(ApiVersions.negotiate("1.43", "1.41", Optional.of("1.12"))).isEqualTo("1.41");
  }

  @Test
  void newerEngineIsSpokenToInTheClientsVersion() {
    assertThat(ApiVersions.negotiate("1.43", "1.47", Optional.of("1.24"))).isEqualTo("1.43");
    assertThat(ApiVersions.negotiate("1.43", "1.43", Optional.empty())).isEqualTo("1.43");
  }

  @Test
  void neverBelowTheEnginesMinimum() {
    // Docker 29 accepts 1.44 and up.
    assertThat(ApiVersions.negotiate("1.43", "1.52", Optional.of("1.44"))).isEqualTo("1.44");
  }

  @Test
  void versionsCompareNumerically() {
    assertThat(ApiVersions.compare("1.9", "1.10")).isNegative();
    assertThat(ApiVersions.compare("1.41", "1.41")).isZero();
    assertThat(ApiVersions.compare("2.0", "1.99")).isPositive();
    assertThat(ApiVersions.negotiate("1.10", "1.9", Optional.empty())).isEqualTo("1.9");
  }

  @Test
  void invalidVersionsAreRefused() {
    assertThat(ApiVersions.isValid("1.41")).isTrue();
    assertThat(ApiVersions.isValid("v1.41")).isFalse();
    assertThat(ApiVersions.isValid("")).isFalse();
    assertThat(ApiVersions.isValid(null)).isFalse();
    assertThatThrownBy(() -> ApiVersions.compare("x", "1.1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void clientMaxIsAValidVersion() {
    assertThat(ApiVersions.isValid(Engine.CLIENT_MAX_API)).isTrue();
  }

  private static EngineInfo info(String api, Optional<String> builder, String os) {
    return new EngineInfo(
        "unix:///var/run/docker.sock", "1.0", api, api, Optional.empty(), builder, false, os);
  }

  @Test
  void buildKitDefaultFollowsTheEnginesPreference() {
    assertThat(info("1.41", Optional.of("2"), "linux").buildKitDefault()).isTrue();
    assertThat(info("1.41", Optional.of("1"), "linux").buildKitDefault()).isFalse();
    // A Windows engine that advertises BuildKit gets it.
    assertThat(info("1.41", Optional.of("2"), "windows").buildKitDefault()).isTrue();
  }

  @Test
  void buildKitDefaultWithoutPreference() {
    assertThat(info("1.41", Optional.empty(), "linux").buildKitDefault()).isTrue();
    assertThat(info("1.39", Optional.empty(), "linux").buildKitDefault()).isTrue();
    assertThat(info("1.38", Optional.empty(), "linux").buildKitDefault()).isFalse();
    assertThat(info("1.43", Optional.empty(), "windows").buildKitDefault()).isFalse();
  }

  @Test
  void serverHeaderGivesVersionAndOs() {
    String header = "Docker/20.10.24+dfsg1 (linux)";
    assertThat(EngineInfo.versionFromServerHeader(header)).contains("20.10.24+dfsg1");
    assertThat(EngineInfo.osFromServerHeader(header)).contains("linux");
    assertThat(EngineInfo.versionFromServerHeader("nginx/1.25")).isEmpty();
    assertThat(EngineInfo.versionFromServerHeader(null)).isEmpty();
  }
}
