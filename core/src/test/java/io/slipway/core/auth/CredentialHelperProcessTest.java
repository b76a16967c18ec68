package io.slipway.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.testing.TestCredentialHelper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real helper processes: {@code docker-credential-*} scripts on the child's PATH. */
class CredentialHelperProcessTest {

  @TempDir Path bin;

  private CredentialHelper helper(String name, Map<String, String> env, Duration timeout) {
    return new CredentialHelper(name, ProcessRunner.system(env), timeout);
  }

  @Test
  void getAndListTalkToARealHelperOnThePathOfTheGivenEnvironment() {
    TestCredentialHelper.named("slipwaytest")
        .with("127.0.0.1:5000", "alice", "s3cret")
        .with("https://index.docker.io/v1/", "<token>", "idtok")
        .writeTo(bin);
    CredentialHelper h =
        helper("slipwaytest", TestCredentialHelper.pathWith(bin, Map.of()), Duration.ofSeconds(10));

    assertThat(h.get("127.0.0.1:5000").orElseThrow())
        .extracting(CredentialHelper.Answer::username, CredentialHelper.Answer::secret)
        .containsExactly("alice", "s3cret");
    assertThat(h.get("https://index.docker.io/v1/").orElseThrow().username()).isEqualTo("<token>");
    assertThat(h.get("elsewhere.example")).isEmpty();
    assertThat(h.list())
        .containsOnlyKeys("127.0.0.1:5000", "https://index.docker.io/v1/")
        .containsEntry("127.0.0.1:5000", "alice");
    assertThat(TestCredentialHelper.calls(bin, "slipwaytest"))
        .containsExactly(
            "get 127.0.0.1:5000",
            "get https://index.docker.io/v1/",
            "get elsewhere.example",
            "list");
  }

  @Test
  void anEmptyAnswerWithExitZeroAsHelper064GivesIsNone() {
    TestCredentialHelper.named("old").answerUnknownEmpty().writeTo(bin);

    assertThat(
            helper("old", TestCredentialHelper.pathWith(bin, Map.of()), Duration.ofSeconds(10))
                .get("nothere.example"))
        .isEmpty();
  }

  @Test
  void aHelperNotOnThePathIsNamedWithTheFix() {
    // The helper exists, but not on the PATH given to the child: the JVM's own PATH is not used.
    TestCredentialHelper.named("elsewhere").writeTo(bin);
    CredentialHelper h =
        helper("elsewhere", Map.of("PATH", "/usr/bin:/bin"), Duration.ofSeconds(10));

    assertThatThrownBy(() -> h.get("x"))
        .isInstanceOf(CredentialException.class)
        .hasMessage("docker-credential-elsewhere is not on PATH.");
  }

  @Test
  void aHelperThatHangsIsStoppedWithinTheBound() {
    TestCredentialHelper.script(bin, "hangs", "sleep 30\n");
    CredentialHelper h =
        helper("hangs", TestCredentialHelper.pathWith(bin, Map.of()), Duration.ofMillis(500));

    long start = System.nanoTime();
    assertThatThrownBy(() -> h.get("x"))
        .isInstanceOf(CredentialException.class)
        .hasMessageStartingWith("docker-credential-hangs get did not answer within 0.5 s");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void theHelperGetsTheGivenEnvironment() {
    TestCredentialHelper.script(
        bin,
        "envy",
        "read -r url\n"
            + "printf '{\"ServerURL\":\"%s\",\"Username\":\"%s\",\"Secret\":\"x\"}' \"$url\""
            + " \"$SLIPWAY_TEST_USER\"\n");
    CredentialHelper h =
        helper(
            "envy",
            TestCredentialHelper.pathWith(bin, Map.of("SLIPWAY_TEST_USER", "from-env")),
            Duration.ofSeconds(10));

    assertThat(h.get("a.example").orElseThrow().username()).isEqualTo("from-env");
  }

  @Test
  void aFailingHelperIsReportedWithItsMessage() {
    TestCredentialHelper.script(
        bin, "broken", "echo 'error: password store is empty. Try \"pass init\".'; exit 1\n");
    CredentialHelper h =
        helper("broken", TestCredentialHelper.pathWith(bin, Map.of()), Duration.ofSeconds(10));

    assertThatThrownBy(() -> h.get("x"))
        .hasMessage(
            "docker-credential-broken get failed (exit 1): error: password store is empty. Try"
                + " \"pass init\".");
  }
}
