package io.slipway.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The protocol, over an in-memory runner; {@link CredentialHelperProcessTest} runs real ones. */
class CredentialHelperTest {

  private final List<String> calls = new ArrayList<>();

  private CredentialHelper helper(ProcessRunner.Result result) {
    return new CredentialHelper(
        "test",
        (program, args, stdin, timeout) -> {
          calls.add(program + " " + String.join(" ", args) + " <" + stdin);
          return result;
        },
        Duration.ofSeconds(5));
  }

  private static ProcessRunner.Result ok(String out) {
    return new ProcessRunner.Result(0, out, "");
  }

  @Test
  void getSendsTheServerUrlOnStdinAndReadsTheAnswer() {
    CredentialHelper h =
        helper(ok("{\"ServerURL\":\"reg.example\",\"Username\":\"alice\",\"Secret\":\"s\"}\n"));

    CredentialHelper.Answer a = h.get("reg.example").orElseThrow();

    assertThat(calls).containsExactly("docker-credential-test get <reg.example");
    assertThat(a.username()).isEqualTo("alice");
    assertThat(a.secret()).isEqualTo("s");
    assertThat(a.toCredentials("reg.example", new CredentialSource.CredsStore("test")))
        .extracting(RegistryCredentials::username, RegistryCredentials::password)
        .containsExactly("alice", "s");
  }

  @Test
  void theTokenUserNameMeansAnIdentityToken() {
    CredentialHelper h =
        helper(ok("{\"ServerURL\":\"reg.example\",\"Username\":\"<token>\",\"Secret\":\"tok\"}"));

    RegistryCredentials c =
        h.get("reg.example")
            .orElseThrow()
            .toCredentials("reg.example", new CredentialSource.CredHelper("test"));

    assertThat(c.hasIdentityToken()).isTrue();
    assertThat(c.identityToken()).isEqualTo("tok");
    assertThat(c.username()).isEmpty();
    assertThat(c.password()).isEmpty();
  }

  @Test
  void credentialsNotFoundIsNoneNotAnError() {
    assertThat(
            helper(new ProcessRunner.Result(1, "credentials not found in native keychain\n", ""))
                .get("x"))
        .isEmpty();
    assertThat(helper(new ProcessRunner.Result(1, "", "Credentials not found")).get("x")).isEmpty();
  }

  @Test
  void helper064sEmptyAnswerIsNone() {
    assertThat(helper(ok("{\"ServerURL\":\"x\",\"Username\":\"\",\"Secret\":\"\"}")).get("x"))
        .isEmpty();
    assertThat(helper(ok("")).get("x")).isEmpty();
    assertThat(helper(ok("  \n")).get("x")).isEmpty();
  }

  @Test
  void aFailureNamesTheHelperAndWhatItSaid() {
    assertThatThrownBy(
            () ->
                helper(new ProcessRunner.Result(1, "", "gpg: decryption failed: No secret key\n"))
                    .get("x"))
        .isInstanceOf(CredentialException.class)
        .hasMessage(
            "docker-credential-test get failed (exit 1): gpg: decryption failed: No secret key.")
        .extracting(e -> ((CredentialException) e).helper())
        .isEqualTo("test");
  }

  @Test
  void anAnswerThatIsNotJsonIsAnErrorThatDoesNotRepeatIt() {
    assertThatThrownBy(() -> helper(ok("Secret: hunter2")).get("x"))
        .isInstanceOf(CredentialException.class)
        .hasMessageContaining("docker-credential-test get answered with something other than")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> helper(ok("[\"hunter2\"]")).get("x"))
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void aFailedAnswerThatLooksLikeCredentialsIsNotRepeated() {
    assertThatThrownBy(
            () ->
                helper(
                        new ProcessRunner.Result(
                            2,
                            "{\"ServerURL\":\"x\",\"Username\":\"a\",\"Secret\":\"hunter2\"}",
                            ""))
                    .get("x"))
        .hasMessage("docker-credential-test get failed (exit 2).");
  }

  @Test
  void notOnPathAndTimeoutAreNamed() {
    CredentialHelper missing =
        new CredentialHelper(
            "gone",
            (p, a, s, t) -> {
              throw new ProcessRunner.NotFoundException(p);
            },
            Duration.ofSeconds(1));
    assertThatThrownBy(() -> missing.get("x"))
        .isInstanceOf(CredentialException.class)
        .hasMessage("docker-credential-gone is not on PATH.");

    CredentialHelper slow =
        new CredentialHelper(
            "slow",
            (p, a, s, t) -> {
              throw new ProcessRunner.TimedOutException(p, t);
            },
            Duration.ofSeconds(3));
    assertThatThrownBy(() -> slow.list())
        .hasMessageStartingWith("docker-credential-slow list did not answer within 3 s");
  }

  @Test
  void listReadsUrlsAndUsers() {
    assertThat(
            helper(ok("{\"a.example\":\"alice\",\"https://index.docker.io/v1/\":\"bob\"}")).list())
        .containsExactly(
            Map.entry("a.example", "alice"), Map.entry("https://index.docker.io/v1/", "bob"));
    assertThat(calls).containsExactly("docker-credential-test list <");
    assertThat(helper(ok("{}")).list()).isEmpty();
    assertThat(helper(ok("")).list()).isEmpty();
  }
}
