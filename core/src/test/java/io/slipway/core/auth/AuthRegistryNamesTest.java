package io.slipway.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AuthRegistryNamesTest {

  @Test
  void keysAreHostAndPortExceptDockerHub() {
    assertThat(RegistryNames.key("127.0.0.1:5000")).isEqualTo("127.0.0.1:5000");
    assertThat(RegistryNames.key("https://ghcr.io/v2/")).isEqualTo("ghcr.io");
    assertThat(RegistryNames.key("HTTP://reg.example:443/path")).isEqualTo("reg.example:443");
    assertThat(RegistryNames.key(" docker.io ")).isEqualTo(RegistryNames.DOCKER_HUB);
    assertThat(RegistryNames.key("Index.Docker.IO")).isEqualTo(RegistryNames.DOCKER_HUB);
    assertThat(RegistryNames.key("registry-1.docker.io")).isEqualTo(RegistryNames.DOCKER_HUB);
    assertThat(RegistryNames.key(RegistryNames.DOCKER_HUB)).isEqualTo(RegistryNames.DOCKER_HUB);
    assertThatThrownBy(() -> RegistryNames.key("  ")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theRegistryOfAnImageIsSplitAsTheDockerCliDoes() {
    assertThat(RegistryNames.ofImage("busybox")).isEqualTo(RegistryNames.DOCKER_HUB);
    assertThat(RegistryNames.ofImage("library/busybox:1")).isEqualTo(RegistryNames.DOCKER_HUB);
    assertThat(RegistryNames.ofImage("docker.io/library/busybox"))
        .isEqualTo(RegistryNames.DOCKER_HUB);
    assertThat(RegistryNames.ofImage("127.0.0.1:5000/base:1")).isEqualTo("127.0.0.1:5000");
    assertThat(RegistryNames.ofImage("localhost/x")).isEqualTo("localhost");
    assertThat(RegistryNames.ofImage("ghcr.io/o/r@sha256:abc")).isEqualTo("ghcr.io");
    assertThat(RegistryNames.ofImage("Upper/x")).isEqualTo("Upper");
  }

  @Test
  void loopbackNamesAreTheDaemonsInsecureDefault() {
    assertThat(RegistryNames.isLoopback("127.0.0.1:5000")).isTrue();
    assertThat(RegistryNames.isLoopback("127.3.2.1")).isTrue();
    assertThat(RegistryNames.isLoopback("http://localhost:5000/")).isTrue();
    assertThat(RegistryNames.isLoopback("[::1]:5000")).isTrue();
    assertThat(RegistryNames.isLoopback("128.0.0.1:5000")).isFalse();
    assertThat(RegistryNames.isLoopback("127.0.0.1.example")).isFalse();
    assertThat(RegistryNames.isLoopback("ghcr.io")).isFalse();
  }

  @Test
  void dockerHubIsShownAsDockerIo() {
    assertThat(RegistryNames.display(RegistryNames.DOCKER_HUB)).isEqualTo("docker.io");
    assertThat(RegistryNames.display("ghcr.io")).isEqualTo("ghcr.io");
  }
}
