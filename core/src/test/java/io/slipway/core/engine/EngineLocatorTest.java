package io.slipway.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.slipway.core.SlipwayException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EngineLocatorTest {

  @TempDir Path home;

  private EngineLocator locator(String... keyValues) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      env.put(keyValues[i], keyValues[i + 1]);
    }
    return new EngineLocator(env, home, false);
  }

  private Path dockerDir() {
    return home.resolve(".docker");
  }

  /** Writes a context the way `docker context create` does. */
  private Path createContext(Path configDir, String name, String host, boolean skipTlsVerify)
      throws IOException {
    Path meta =
        configDir
            .resolve("contexts/meta")
            .resolve(EngineLocator.sha256Hex(name))
            .resolve("meta.json");
    Files.createDirectories(meta.getParent());
    Files.writeString(
        meta,
        "{\"Name\":\""
            + name
            + "\",\"Metadata\":{},\"Endpoints\":{\"docker\":{\"Host\":\""
            + host
            + "\",\"SkipTLSVerify\":"
            + skipTlsVerify
            + "}}}");
    return configDir
        .resolve("contexts/tls")
        .resolve(EngineLocator.sha256Hex(name))
        .resolve("docker");
  }

  private static void writeTlsFiles(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (String f : List.of("ca.pem", "cert.pem", "key.pem")) {
      Files.writeString(dir.resolve(f), "-----BEGIN X-----\n");
    }
  }

  private void setCurrentContext(String name) throws IOException {
    Files.createDirectories(dockerDir());
    Files.writeString(
        dockerDir().resolve("config.json"),
        "{\n\t\"auths\": {},\n\t\"currentContext\": \"" + name + "\"\n}");
  }

  @Test
  void contextFoldersAreNamedBySha256OfTheName() {
    // As created by `docker context create remote` (checked with sha256sum).
    assertThat(EngineLocator.sha256Hex("remote"))
        .isEqualTo("b71199ebd070b36beab7317920c2c2f1d777df8d05e5527d8458fda57cb17a7a");
  }

  @Test
  void dockerHostIsTheOnlyCandidate() {
    List<EngineEndpoint> candidates = locator("DOCKER_HOST", "tcp://127.0.0.1:2375").candidates();

    assertThat(candidates)
        .containsExactly(EngineEndpoint.of("tcp://127.0.0.1:2375", "DOCKER_HOST"));
  }

  @Test
  void dockerHostWinsOverDockerContextAsInTheCli() throws IOException {
    createContext(dockerDir(), "remote", "tcp://10.9.9.9:2376", false);

    List<EngineEndpoint> candidates =
        locator("DOCKER_HOST", "unix:///tmp/x.sock", "DOCKER_CONTEXT", "remote").candidates();

    assertThat(candidates).extracting(EngineEndpoint::host).containsExactly("unix:///tmp/x.sock");
  }

  @Test
  void dockerHostWinsEvenOverAContextThatDoesNotExist() {
    assertThat(locator("DOCKER_HOST", "tcp://h:1", "DOCKER_CONTEXT", "nope").candidates())
        .extracting(EngineEndpoint::source)
        .containsExactly("DOCKER_HOST");
  }

  @Test
  void emptyDockerHostCountsAsUnset() {
    assertThat(locator("DOCKER_HOST", "").candidates().get(0).source()).isEqualTo("default socket");
  }

  @ParameterizedTest
  @CsvSource({
    "tcp://1.2.3.4:2376, tcp://1.2.3.4:2376",
    // The CLI's opts.ParseHost: a missing port is 2375, with or without TLS.
    "tcp://1.2.3.4, tcp://1.2.3.4:2375",
    "1.2.3.4:5000, tcp://1.2.3.4:5000",
    "1.2.3.4, tcp://1.2.3.4:2375",
    "tcp://, tcp://localhost:2375",
    "tcp://:2376, tcp://localhost:2376",
    "tcp://[::1], tcp://[::1]:2375",
    "tcp://[::1]:2376, tcp://[::1]:2376",
    "tcp://engine.example:2376/prefix, tcp://engine.example:2376/prefix",
    "' tcp://1.2.3.4:2375 ', tcp://1.2.3.4:2375",
    "unix://, unix:///var/run/docker.sock",
    "unix:///run/user/1000/docker.sock, unix:///run/user/1000/docker.sock",
    "npipe://, npipe:////./pipe/docker_engine",
    "npipe:////./pipe/dockerDesktopLinuxEngine, npipe:////./pipe/dockerDesktopLinuxEngine",
    "ssh://me@build-box, ssh://me@build-box",
  })
  void dockerHostIsNormalizedLikeTheCli(String value, String expected) {
    assertThat(locator("DOCKER_HOST", value).candidates().get(0).host()).isEqualTo(expected);
  }

  @Test
  void missingTcpPortIs2375EvenWithTls() {
    EngineEndpoint ep =
        locator("DOCKER_HOST", "tcp://1.2.3.4", "DOCKER_TLS_VERIFY", "1").candidates().get(0);

    assertThat(ep.host()).isEqualTo("tcp://1.2.3.4:2375");
    assertThat(ep.tls()).isPresent();
  }

  @Test
  void relativeUnixSocketIsMadeAbsolute() {
    String host = locator("DOCKER_HOST", "unix://run/d.sock").candidates().get(0).host();

    assertThat(host).startsWith("unix:///").endsWith("/run/d.sock");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "foo://x",
        "fd://",
        "tcp://host:port",
        "tcp://host:99999",
        "unix://tcp://x",
        "tcp://[::1",
        "TCP://1.2.3.4:2375",
        "ssh://"
      })
  void badDockerHostIsAClearError(String value) {
    assertThatThrownBy(() -> locator("DOCKER_HOST", value).candidates())
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining("DOCKER_HOST=\"" + value + "\"")
        .hasMessageContaining("unix://")
        .hasMessageContaining("tcp://HOST:PORT")
        .hasMessageContaining("unset DOCKER_HOST");
  }

  @Test
  void tlsVerifyUsesCertPath() {
    EngineEndpoint ep =
        locator(
                "DOCKER_HOST", "tcp://engine:2376",
                "DOCKER_TLS_VERIFY", "1",
                "DOCKER_CERT_PATH", "/certs")
            .candidates()
            .get(0);

    assertThat(ep.tls()).contains(new TlsMaterial(Path.of("/certs"), true));
    assertThat(ep.isPlainRemoteTcp()).isFalse();
  }

  @Test
  void tlsCertPathDefaultsToTheConfigFolder() {
    assertThat(locator("DOCKER_HOST", "tcp://e:2376", "DOCKER_TLS_VERIFY", "1").candidates())
        .flatExtracting(ep -> List.of(ep.tls().orElseThrow()))
        .containsExactly(new TlsMaterial(dockerDir(), true));

    Path custom = home.resolve("cfg");
    assertThat(
            locator(
                    "DOCKER_HOST", "tcp://e:2376",
                    "DOCKER_TLS_VERIFY", "1",
                    "DOCKER_CONFIG", custom.toString())
                .candidates()
                .get(0)
                .tls())
        .contains(new TlsMaterial(custom, true));
  }

  @Test
  void anyNonEmptyTlsVerifyTurnsVerificationOnAsInTheCli() {
    assertThat(
            locator("DOCKER_HOST", "tcp://e:2376", "DOCKER_TLS_VERIFY", "0")
                .candidates()
                .get(0)
                .tls())
        .map(TlsMaterial::verify)
        .contains(true);
  }

  @Test
  void dockerTlsAloneMeansTlsWithoutVerification() {
    assertThat(locator("DOCKER_HOST", "tcp://e:2376", "DOCKER_TLS", "1").candidates().get(0).tls())
        .contains(new TlsMaterial(dockerDir(), false));
  }

  @Test
  void noTlsWithoutTheVariables() {
    EngineEndpoint ep = locator("DOCKER_HOST", "tcp://10.1.2.3:2375").candidates().get(0);

    assertThat(ep.tls()).isEmpty();
    assertThat(ep.isPlainRemoteTcp()).isTrue();
  }

  @Test
  void tlsVariablesDoNotApplyToSockets() {
    assertThat(
            locator("DOCKER_HOST", "unix:///x.sock", "DOCKER_TLS_VERIFY", "1")
                .candidates()
                .get(0)
                .tls())
        .isEmpty();
  }

  @Test
  void tlsVariablesWithoutDockerHostMeanLocalhost2376AsInTheCli() {
    List<EngineEndpoint> candidates =
        locator("DOCKER_TLS_VERIFY", "1", "DOCKER_CERT_PATH", "/certs").candidates();

    assertThat(candidates)
        .containsExactly(
            new EngineEndpoint(
                "tcp://localhost:2376",
                "DOCKER_TLS_VERIFY is set without DOCKER_HOST",
                Optional.of(new TlsMaterial(Path.of("/certs"), true))));
  }

  @Test
  void dockerContextWithTlsFiles() throws IOException {
    Path tlsDir = createContext(dockerDir(), "remote", "tcp://10.0.0.5:2376", false);
    writeTlsFiles(tlsDir);

    List<EngineEndpoint> candidates = locator("DOCKER_CONTEXT", "remote").candidates();

    assertThat(candidates)
        .containsExactly(
            new EngineEndpoint(
                "tcp://10.0.0.5:2376",
                "docker context \"remote\" (DOCKER_CONTEXT)",
                Optional.of(new TlsMaterial(tlsDir, true))));
  }

  @Test
  void dockerContextSkipTlsVerify() throws IOException {
    Path tlsDir = createContext(dockerDir(), "remote", "tcp://10.0.0.5:2376", true);
    writeTlsFiles(tlsDir);

    assertThat(locator("DOCKER_CONTEXT", "remote").candidates().get(0).tls())
        .contains(new TlsMaterial(tlsDir, false));
  }

  @Test
  void skipTlsVerifyWithoutFilesStillMeansTls() throws IOException {
    Path tlsDir = createContext(dockerDir(), "remote", "tcp://10.0.0.5:2376", true);

    assertThat(locator("DOCKER_CONTEXT", "remote").candidates().get(0).tls())
        .contains(new TlsMaterial(tlsDir, false));
  }

  @Test
  void dockerContextWithoutTlsFiles() throws IOException {
    createContext(dockerDir(), "plain", "tcp://10.0.0.6", false);

    EngineEndpoint ep = locator("DOCKER_CONTEXT", "plain").candidates().get(0);

    // The CLI keeps a context's host as written: no port is added.
    assertThat(ep.host()).isEqualTo("tcp://10.0.0.6");
    assertThat(ep.tls()).isEmpty();
    assertThat(ep.isPlainRemoteTcp()).isTrue();
  }

  @Test
  void socketContextIgnoresTlsFiles() throws IOException {
    writeTlsFiles(
        createContext(dockerDir(), "desktop", "unix:///home/u/.docker/run/docker.sock", false));

    EngineEndpoint ep = locator("DOCKER_CONTEXT", "desktop").candidates().get(0);

    assertThat(ep.host()).isEqualTo("unix:///home/u/.docker/run/docker.sock");
    assertThat(ep.tls()).isEmpty();
  }

  @Test
  void contextsLiveUnderDockerConfig() throws IOException {
    Path config = home.resolve("elsewhere");
    createContext(config, "remote", "tcp://10.0.0.5:2376", false);

    assertThat(
            locator("DOCKER_CONFIG", config.toString(), "DOCKER_CONTEXT", "remote")
                .candidates()
                .get(0)
                .host())
        .isEqualTo("tcp://10.0.0.5:2376");
  }

  @Test
  void currentContextFromConfigJson() throws IOException {
    createContext(dockerDir(), "colima", "unix:///home/u/.colima/default/docker.sock", false);
    setCurrentContext("colima");

    assertThat(locator().candidates())
        .containsExactly(
            EngineEndpoint.of(
                "unix:///home/u/.colima/default/docker.sock",
                "docker context \"colima\" (config.json)"));
  }

  @Test
  void dockerContextWinsOverConfigJson() throws IOException {
    createContext(dockerDir(), "a", "tcp://10.0.0.1:2375", false);
    createContext(dockerDir(), "b", "tcp://10.0.0.2:2375", false);
    setCurrentContext("a");

    assertThat(locator("DOCKER_CONTEXT", "b").candidates())
        .extracting(EngineEndpoint::host)
        .containsExactly("tcp://10.0.0.2:2375");
  }

  @Test
  void defaultContextMeansTheDefaultSocket() throws IOException {
    setCurrentContext("default");
    assertThat(locator().candidates().get(0))
        .isEqualTo(EngineEndpoint.of("unix:///var/run/docker.sock", "default socket"));

    assertThat(locator("DOCKER_CONTEXT", "default").candidates().get(0).host())
        .isEqualTo("unix:///var/run/docker.sock");
  }

  @Test
  void brokenConfigJsonIsIgnoredAsInTheCli() throws IOException {
    Files.createDirectories(dockerDir());
    Files.writeString(dockerDir().resolve("config.json"), "{ not json");

    assertThat(locator().candidates().get(0).source()).isEqualTo("default socket");
  }

  @Test
  void missingContextFromDockerContextIsAClearError() {
    assertThatThrownBy(() -> locator("DOCKER_CONTEXT", "gone").candidates())
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining("\"gone\"")
        .hasMessageContaining("DOCKER_CONTEXT")
        .hasMessageContaining("docker context ls");
  }

  @Test
  void missingContextFromConfigJsonIsAClearError() throws IOException {
    setCurrentContext("gone");

    assertThatThrownBy(() -> locator().candidates())
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining("\"gone\"")
        .hasMessageContaining("config.json")
        .hasMessageContaining("docker context ls")
        .hasMessageContaining("docker context use");
  }

  @Test
  void contextWithoutDockerEndpointIsAClearError() throws IOException {
    Path meta =
        dockerDir()
            .resolve("contexts/meta")
            .resolve(EngineLocator.sha256Hex("k8s"))
            .resolve("meta.json");
    Files.createDirectories(meta.getParent());
    Files.writeString(meta, "{\"Name\":\"k8s\",\"Endpoints\":{}}");

    assertThatThrownBy(() -> locator("DOCKER_CONTEXT", "k8s").candidates())
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining("no Docker endpoint");
  }

  @Test
  void defaultIsTheSocketAlone() {
    assertThat(locator().candidates())
        .containsExactly(EngineEndpoint.of("unix:///var/run/docker.sock", "default socket"));
  }

  @Test
  void perUserSocketsFollowTheDefaultWhenTheyExist() throws IOException {
    Path runtime = Files.createDirectories(home.resolve("run-user"));
    touch(runtime.resolve("docker.sock"));
    touch(home.resolve(".docker/run/docker.sock"));
    touch(home.resolve(".colima/default/docker.sock"));
    touch(home.resolve(".rd/docker.sock"));
    // Not created: ~/.docker/desktop/docker.sock, ~/.orbstack/run/docker.sock

    List<EngineEndpoint> candidates = locator("XDG_RUNTIME_DIR", runtime.toString()).candidates();

    assertThat(candidates)
        .extracting(EngineEndpoint::host, EngineEndpoint::source)
        .containsExactly(
            tuple("unix:///var/run/docker.sock", "default socket"),
            tuple("unix://" + runtime.resolve("docker.sock"), "rootless Docker socket"),
            tuple("unix://" + home.resolve(".docker/run/docker.sock"), "Docker Desktop socket"),
            tuple("unix://" + home.resolve(".colima/default/docker.sock"), "Colima socket"),
            tuple("unix://" + home.resolve(".rd/docker.sock"), "Rancher Desktop socket"));
  }

  @Test
  void aSocketReachedTwiceThroughALinkIsListedOnce() throws IOException {
    Path real = touch(home.resolve(".docker/run/docker.sock"));
    Path link = home.resolve(".docker/desktop/docker.sock");
    Files.createDirectories(link.getParent());
    Files.createSymbolicLink(link, real);

    assertThat(locator().candidates())
        .extracting(EngineEndpoint::host)
        .containsExactly("unix:///var/run/docker.sock", "unix://" + real);
  }

  @Test
  void explicitChoiceHasNoExtraSockets() throws IOException {
    touch(home.resolve(".docker/run/docker.sock"));

    assertThat(locator("DOCKER_HOST", "unix:///x.sock").candidates()).hasSize(1);
  }

  @Test
  void windowsDefaultIsTheNamedPipe() {
    assertThat(new EngineLocator(Map.of(), home, true).candidates())
        .containsExactly(EngineEndpoint.of("npipe:////./pipe/docker_engine", "default pipe"));
  }

  @Test
  void fromSystemReadsThisProcess() {
    assertThat(EngineLocator.fromSystem().configDir()).isNotNull();
  }

  @Test
  void plainRemoteTcpIsOnlyForUnencryptedOtherMachines() {
    assertThat(EngineEndpoint.of("tcp://192.0.2.1:2375", "x").isPlainRemoteTcp()).isTrue();
    assertThat(EngineEndpoint.of("tcp://build.example:2375", "x").isPlainRemoteTcp()).isTrue();
    assertThat(EngineEndpoint.of("tcp://localhost:2375", "x").isPlainRemoteTcp()).isFalse();
    assertThat(EngineEndpoint.of("tcp://127.0.0.1:2375", "x").isPlainRemoteTcp()).isFalse();
    assertThat(EngineEndpoint.of("tcp://[::1]:2375", "x").isPlainRemoteTcp()).isFalse();
    assertThat(EngineEndpoint.of("unix:///var/run/docker.sock", "x").isPlainRemoteTcp()).isFalse();
    assertThat(
            new EngineEndpoint(
                    "tcp://192.0.2.1:2376", "x", Optional.of(new TlsMaterial(home, true)))
                .isPlainRemoteTcp())
        .isFalse();
  }

  private static Path touch(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.createFile(file);
  }
}
