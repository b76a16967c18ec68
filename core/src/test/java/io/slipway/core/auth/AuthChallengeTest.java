package io.slipway.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.auth.RegistryLogin.Challenge;
import io.slipway.core.auth.RegistryLogin.Scheme;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** WWW-Authenticate parsing, the URL checked, and the "cannot reach" result. */
class AuthChallengeTest {

  @Test
  void parsesBasicAndBearerChallenges() {
    assertThat(Challenge.parse("Basic realm=\"slipway-test\""))
        .containsExactly(new Challenge("basic", Map.of("realm", "slipway-test")));
    assertThat(
            Challenge.parse(
                "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                    + "scope=\"repository:samalba/my-app:pull,push\""))
        .containsExactly(
            new Challenge(
                "bearer",
                Map.of(
                    "realm", "https://auth.docker.io/token",
                    "service", "registry.docker.io",
                    "scope", "repository:samalba/my-app:pull,push")));
  }

  @Test
  void parsesSeveralChallengesUnquotedValuesAndEscapes() {
    List<Challenge> all =
        Challenge.parse(
            "Basic realm=\"a \\\"b\\\"\", Bearer Realm=https://t.example/token , service=s");
    assertThat(all)
        .containsExactly(
            new Challenge("basic", Map.of("realm", "a \"b\"")),
            new Challenge("bearer", Map.of("realm", "https://t.example/token", "service", "s")));
    assertThat(Challenge.parse("")).isEmpty();
    assertThat(Challenge.parseAll(List.of("Basic", "Bearer realm=\"r\"")))
        .extracting(Challenge::scheme)
        .containsExactly("basic", "bearer");
  }

  @Test
  void httpForThisMachineHttpsOtherwiseUnlessTold() {
    assertThat(RegistryLogin.endpoint("127.0.0.1:5000", Scheme.AUTO))
        .isEqualTo(URI.create("http://127.0.0.1:5000/v2/"));
    assertThat(RegistryLogin.endpoint("localhost:5000", Scheme.AUTO))
        .isEqualTo(URI.create("http://localhost:5000/v2/"));
    assertThat(RegistryLogin.endpoint("ghcr.io", Scheme.AUTO))
        .isEqualTo(URI.create("https://ghcr.io/v2/"));
    assertThat(RegistryLogin.endpoint("http://registry.lan:5000", Scheme.AUTO))
        .isEqualTo(URI.create("http://registry.lan:5000/v2/"));
    assertThat(RegistryLogin.endpoint("registry.lan:5000", Scheme.HTTP))
        .isEqualTo(URI.create("http://registry.lan:5000/v2/"));
    assertThat(RegistryLogin.endpoint("127.0.0.1:5000", Scheme.HTTPS))
        .isEqualTo(URI.create("https://127.0.0.1:5000/v2/"));
    assertThat(RegistryLogin.endpoint(RegistryNames.DOCKER_HUB, Scheme.AUTO))
        .isEqualTo(URI.create("https://registry-1.docker.io/v2/"));
    assertThatThrownBy(() -> RegistryLogin.endpoint("", Scheme.AUTO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RegistryLogin.endpoint("bad host", Scheme.AUTO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aClosedPortIsConnectionRefused() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    RegistryCredentials c =
        RegistryCredentials.basic(
            "127.0.0.1:" + port, "alice", "s3cret", new CredentialSource.ConfigFile(Path.of("c")));

    RegistryLogin.Result r =
        RegistryLogin.test("127.0.0.1:" + port, c, Scheme.AUTO, Duration.ofSeconds(5));

    assertThat(r.outcome()).isEqualTo(RegistryLogin.Outcome.UNREACHABLE);
    assertThat(r.ok()).isFalse();
    assertThat(r.message())
        .isEqualTo("cannot reach http://127.0.0.1:" + port + "/v2/: connection refused");
  }

  @Test
  void tokenAnswersGiveTokenOrAccessToken() {
    assertThat(RegistryLogin.token("{\"token\":\"a\",\"access_token\":\"b\"}")).isEqualTo("a");
    assertThat(RegistryLogin.token("{\"access_token\":\"b\"}")).isEqualTo("b");
    assertThat(RegistryLogin.token("nope")).isEmpty();
  }
}
