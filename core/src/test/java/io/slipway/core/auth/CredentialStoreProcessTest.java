package io.slipway.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.testing.TestCredentialHelper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lookup order with real helper processes, config.json found through DOCKER_CONFIG. */
class CredentialStoreProcessTest {

  @TempDir Path dir;
  private Path bin;
  private Path configDir;

  @BeforeEach
  void setUp() throws Exception {
    bin = Files.createDirectories(dir.resolve("bin"));
    configDir = Files.createDirectories(dir.resolve("docker"));
    TestCredentialHelper.named("first").with("a.example", "first-a", "pa").writeTo(bin);
    TestCredentialHelper.named("store")
        .with("a.example", "store-a", "sa")
        .with("b.example", "store-b", "sb")
        .answerUnknownEmpty()
        .writeTo(bin);
    Files.writeString(
        configDir.resolve("config.json"),
        "{\"auths\":{"
            + "\"a.example\":{\"auth\":\""
            + b64("file-a:fa")
            + "\"},"
            + "\"b.example\":{\"auth\":\""
            + b64("file-b:fb")
            + "\"},"
            + "\"c.example\":{\"auth\":\""
            + b64("file-c:fc")
            + "\"}},"
            + "\"credsStore\":\"store\","
            + "\"credHelpers\":{\"a.example\":\"first\",\"d.example\":\"first\"}}");
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private CredentialStore store() {
    Map<String, String> env =
        TestCredentialHelper.pathWith(bin, Map.of("DOCKER_CONFIG", configDir.toString()));
    return CredentialStore.load(env, dir.resolve("no-home"));
  }

  @Test
  void eachRegistryComesFromTheFirstSourceThatHasIt() {
    CredentialStore store = store();

    assertThat(store.lookup("a.example").orElseThrow().username()).isEqualTo("first-a");
    assertThat(store.lookup("b.example").orElseThrow().username()).isEqualTo("store-b");
    assertThat(store.lookup("c.example").orElseThrow().username()).isEqualTo("file-c");
    assertThat(store.lookup("d.example")).isEmpty();

    assertThat(TestCredentialHelper.calls(bin, "first"))
        .containsExactly("get a.example", "get d.example");
    assertThat(TestCredentialHelper.calls(bin, "store"))
        .containsExactly("get b.example", "get c.example", "get d.example");
  }

  @Test
  void allAsksListThenEachHelperRegistry() {
    AllCredentials all = store().all();

    assertThat(all.warnings()).isEmpty();
    assertThat(all.credentials())
        .extracting(c -> c.registry() + " " + c.source().describe() + " " + c.username())
        .containsExactly(
            "a.example credHelpers: first first-a",
            "b.example credsStore: store store-b",
            "c.example config.json file-c");
  }

  @Test
  void aHelperMissingFromPathIsAWarningForAllAndAnErrorForLookup() throws Exception {
    Files.delete(bin.resolve("docker-credential-first"));
    CredentialStore store = store();

    AllCredentials all = store.all();
    assertThat(all.warnings())
        .hasSize(2)
        .allMatch(w -> w.startsWith("docker-credential-first is not on PATH. Install it"));
    assertThat(all.find("a.example").orElseThrow().username()).isEqualTo("store-a");
    assertThatThrownBy(() -> store.lookup("a.example"))
        .isInstanceOf(CredentialException.class)
        .hasMessageContaining(
            "remove \"a.example\" from \"credHelpers\" in " + configDir.resolve("config.json"));
  }

  @Test
  void aFailingHelperSaysWhereConfigJsonNamesIt() throws Exception {
    TestCredentialHelper.script(bin, "store", "echo 'error: password store is empty'; exit 1\n");

    assertThatThrownBy(() -> store().lookup("b.example"))
        .isInstanceOf(CredentialException.class)
        .hasMessage(
            "docker-credential-store get failed (exit 1): error: password store is empty. It is"
                + " set as credsStore in "
                + configDir.resolve("config.json")
                + ".");
  }
}
