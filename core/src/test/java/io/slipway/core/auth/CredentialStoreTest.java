package io.slipway.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The docker CLI's lookup order, over an in-memory process runner that plays several helpers;
 * {@link CredentialStoreProcessTest} does the same with real helper processes.
 */
class CredentialStoreTest {

  private static final Path FILE = Path.of("/home/u/.docker/config.json");

  /** helper name → server URL → {user, secret}; helpers not in the map are not on PATH. */
  private final Map<String, Map<String, String[]>> helpers = new HashMap<>();

  private final List<String> calls = new ArrayList<>();

  private void helper(String name, String url, String user, String secret) {
    helpers.computeIfAbsent(name, n -> new HashMap<>()).put(url, new String[] {user, secret});
  }

  private CredentialStore store(String json) {
    DockerConfig config = DockerConfig.parse(json, FILE);
    ProcessRunner runner =
        (program, args, stdin, timeout) -> {
          String name = program.substring(CredentialHelper.PROGRAM_PREFIX.length());
          calls.add(name + " " + args.get(0) + (stdin.isEmpty() ? "" : " " + stdin));
          Map<String, String[]> known = helpers.get(name);
          if (known == null) {
            throw new ProcessRunner.NotFoundException(program);
          }
          if (args.get(0).equals("list")) {
            StringBuilder sb = new StringBuilder("{");
            known.forEach(
                (url, us) ->
                    sb.append(sb.length() > 1 ? "," : "")
                        .append('"')
                        .append(url)
                        .append("\":\"")
                        .append(us[0])
                        .append('"'));
            return new ProcessRunner.Result(0, sb.append('}').toString(), "");
          }
          String[] us = known.get(stdin);
          if (us == null) {
            return new ProcessRunner.Result(1, "credentials not found in native keychain", "");
          }
          return new ProcessRunner.Result(
              0,
              "{\"ServerURL\":\""
                  + stdin
                  + "\",\"Username\":\""
                  + us[0]
                  + "\",\"Secret\":\""
                  + us[1]
                  + "\"}",
              "");
        };
    return new CredentialStore(
        config, name -> new CredentialHelper(name, runner, Duration.ofSeconds(5)));
  }

  private static String auth(String user, String password) {
    return Base64.getEncoder()
        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static final String ALL_THREE =
      "{\"auths\":{\"reg.example\":{\"auth\":\""
          + auth("fromfile", "p0")
          + "\"}},\"credsStore\":\"store\",\"credHelpers\":{\"reg.example\":\"special\"}}";

  @Test
  void credHelpersComeFirst() {
    helper("special", "reg.example", "fromhelper", "p1");
    helper("store", "reg.example", "fromstore", "p2");

    RegistryCredentials c = store(ALL_THREE).lookup("reg.example").orElseThrow();

    assertThat(c.username()).isEqualTo("fromhelper");
    assertThat(c.password()).isEqualTo("p1");
    assertThat(c.source()).isEqualTo(new CredentialSource.CredHelper("special"));
    assertThat(calls).containsExactly("special get reg.example");
  }

  @Test
  void thenCredsStore() {
    helper("special", "other.example", "x", "x");
    helper("store", "reg.example", "fromstore", "p2");

    RegistryCredentials c = store(ALL_THREE).lookup("https://reg.example/v2/").orElseThrow();

    assertThat(c.username()).isEqualTo("fromstore");
    assertThat(c.source().describe()).isEqualTo("credsStore: store");
    assertThat(calls).containsExactly("special get reg.example", "store get reg.example");
  }

  @Test
  void thenAuthsWhenNoHelperHasTheRegistry() {
    helper("special", "other.example", "x", "x");
    helper("store", "other.example", "x", "x");

    RegistryCredentials c = store(ALL_THREE).lookup("reg.example").orElseThrow();

    assertThat(c.username()).isEqualTo("fromfile");
    assertThat(c.password()).isEqualTo("p0");
    assertThat(c.source()).isEqualTo(new CredentialSource.ConfigFile(FILE));
    assertThat(c.source().describe()).isEqualTo("config.json");
  }

  @Test
  void nothingAnywhereIsEmpty() {
    helper("store", "other.example", "x", "x");
    assertThat(store(ALL_THREE).lookup("unknown.example")).isEmpty();
    assertThat(calls).containsExactly("store get unknown.example");
    assertThat(store("{}").lookup("reg.example")).isEmpty();
    assertThat(store("{\"auths\":{\"reg.example\":{}}}").lookup("reg.example")).isEmpty();
  }

  @Test
  void dockerHubIsAskedForByItsIndexKey() {
    helper("store", "https://index.docker.io/v1/", "hubuser", "pw");

    CredentialStore s = store("{\"credsStore\":\"store\"}");

    assertThat(s.lookup("docker.io").orElseThrow().registry()).isEqualTo(RegistryNames.DOCKER_HUB);
    assertThat(s.forImage("busybox:latest").orElseThrow().username()).isEqualTo("hubuser");
    assertThat(calls).containsOnly("store get https://index.docker.io/v1/");
  }

  @Test
  void identityTokensFromHelpersAndFromTheFile() {
    helper("store", "reg.example", "<token>", "refresh-1");
    CredentialStore s =
        store(
            "{\"credsStore\":\"store\",\"auths\":{\"file.example\":{\"identitytoken\":\"refresh-2\"}}}");

    assertThat(s.lookup("reg.example").orElseThrow().identityToken()).isEqualTo("refresh-1");
    assertThat(s.lookup("file.example").orElseThrow().identityToken()).isEqualTo("refresh-2");
    assertThat(s.lookup("file.example").orElseThrow().displayUser()).isEqualTo("<identity token>");
  }

  @Test
  void theEmailOfAnOldLoginStaysWithHelperCredentials() {
    helper("store", "reg.example", "alice", "pw");
    CredentialStore s =
        store(
            "{\"credsStore\":\"store\",\"auths\":{\"reg.example\":{\"email\":\"a@example.invalid\"}}}");

    assertThat(s.lookup("reg.example").orElseThrow().email()).isEqualTo("a@example.invalid");
  }

  @Test
  void aMissingHelperIsNamedWithTheSettingToChange() {
    assertThatThrownBy(() -> store("{\"credsStore\":\"desktop\"}").lookup("reg.example"))
        .isInstanceOf(CredentialException.class)
        .hasMessage(
            "docker-credential-desktop is not on PATH. Install it, or remove \"credsStore\":"
                + " \"desktop\" from "
                + FILE
                + ".");
    assertThatThrownBy(
            () -> store("{\"credHelpers\":{\"ecr.example\":\"ecr-login\"}}").lookup("ecr.example"))
        .hasMessage(
            "docker-credential-ecr-login is not on PATH. Install it, or remove \"ecr.example\""
                + " from \"credHelpers\" in "
                + FILE
                + ".");
  }

  @Test
  void allListsEverySourceWithLaterSourcesWinning() {
    helper("store", "reg.example", "fromstore", "p2");
    helper("store", "https://index.docker.io/v1/", "hub", "p3");
    helper("special", "reg.example", "fromhelper", "p1");
    helper("gh", "ghcr.io", "<token>", "t");
    String json =
        "{\"auths\":{\"reg.example\":{\"auth\":\""
            + auth("fromfile", "p0")
            + "\"},\"file.example\":{\"auth\":\""
            + auth("onlyfile", "p4")
            + "\"},\"empty.example\":{}},"
            + "\"credsStore\":\"store\","
            + "\"credHelpers\":{\"reg.example\":\"special\",\"ghcr.io\":\"gh\"}}";

    AllCredentials all = store(json).all();

    assertThat(all.warnings()).isEmpty();
    assertThat(all.credentials())
        .extracting(c -> c.registry() + " " + c.source().describe() + " " + c.displayUser())
        .containsExactly(
            "reg.example credHelpers: special fromhelper",
            "file.example config.json onlyfile",
            RegistryNames.DOCKER_HUB + " credsStore: store hub",
            "ghcr.io credHelpers: gh <identity token>");
  }

  @Test
  void allTurnsHelperProblemsIntoWarningsAndKeepsTheRest() {
    helper("gh", "ghcr.io", "octo", "t");
    String json =
        "{\"auths\":{\"file.example\":{\"auth\":\""
            + auth("onlyfile", "p4")
            + "\"}},\"credsStore\":\"desktop\","
            + "\"credHelpers\":{\"ghcr.io\":\"gh\",\"ecr.example\":\"ecr-login\"}}";

    AllCredentials all = store(json).all();

    assertThat(all.credentials())
        .extracting(RegistryCredentials::registry)
        .containsExactly("file.example", "ghcr.io");
    assertThat(all.warnings())
        .containsExactly(
            "docker-credential-desktop is not on PATH. Install it, or remove \"credsStore\":"
                + " \"desktop\" from "
                + FILE
                + ".",
            "docker-credential-ecr-login is not on PATH. Install it, or remove \"ecr.example\""
                + " from \"credHelpers\" in "
                + FILE
                + ".");
  }
}
