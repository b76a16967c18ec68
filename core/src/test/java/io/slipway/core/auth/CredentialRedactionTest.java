package io.slipway.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Everything that holds a secret prints without it. */
class CredentialRedactionTest {

  private static final String SECRET = "hunter2-secret";
  private static final String TOKEN = "refresh-token-value";

  @Test
  void credentialsPrintTheirRegistryUserAndSourceButNoSecret() {
    RegistryCredentials basic =
        RegistryCredentials.basic(
            "127.0.0.1:5000", "alice", SECRET, new CredentialSource.CredsStore("pass"));
    RegistryCredentials token =
        RegistryCredentials.identityToken(
            "ghcr.io", "", TOKEN, new CredentialSource.CredHelper("gh"));

    assertThat(basic.toString())
        .isEqualTo(
            "RegistryCredentials[registry=127.0.0.1:5000, username=alice, password=<redacted>,"
                + " source=credsStore: pass]");
    assertThat(token.toString())
        .doesNotContain(TOKEN)
        .contains("identityToken=<redacted>", "credHelpers: gh");
    assertThat(new AllCredentials(List.of(basic, token), List.of()).toString())
        .doesNotContain(SECRET, TOKEN);
  }

  @Test
  void configEntriesAndHelperAnswersAreRedactedToo() {
    assertThat(new DockerConfig.AuthEntry("k", "alice", SECRET, TOKEN, "").toString())
        .doesNotContain(SECRET, TOKEN)
        .contains("alice");
    assertThat(new CredentialHelper.Answer("k", "alice", SECRET).toString())
        .doesNotContain(SECRET)
        .contains("secret=<redacted>");
    assertThat(new ProcessRunner.Result(0, "{\"Secret\":\"" + SECRET + "\"}", "").toString())
        .doesNotContain(SECRET);
  }

  @Test
  void aConfigAndAStorePrintNoSecrets() {
    DockerConfig config =
        DockerConfig.parse(
            "{\"auths\":{\"a.example\":{\"username\":\"alice\",\"password\":\""
                + SECRET
                + "\",\"identitytoken\":\""
                + TOKEN
                + "\"}}}",
            Path.of("/x/config.json"));
    assertThat(config.toString()).doesNotContain(SECRET, TOKEN).contains("a.example");
    assertThat(new CredentialStore(config, n -> null).toString()).doesNotContain(SECRET, TOKEN);
  }
}
