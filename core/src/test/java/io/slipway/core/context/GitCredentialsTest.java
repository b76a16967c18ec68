package io.slipway.core.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitCredentialsTest {

  @TempDir Path home;

  private static String[] login(CredentialsProvider provider) throws Exception {
    CredentialItem.Username user = new CredentialItem.Username();
    CredentialItem.Password password = new CredentialItem.Password();
    assertThat(provider.get(new URIish("https://x/y"), user, password)).isTrue();
    return new String[] {user.getValue(), new String(password.getValue())};
  }

  @Test
  void theUrlsOwnLoginComesFirstThenTheStoreMatchingSchemeHostAndPath() throws Exception {
    Files.writeString(
        home.resolve(".git-credentials"),
        String.join(
            "\n",
            "https://team:t0ken%40x@git.example.com/team/",
            "https://me:mine@git.example.com",
            "http://plain:pw@other.example.com:8080",
            "not a url",
            ""));
    GitCredentials creds = GitCredentials.fromEnvironment(Map.of("HOME", home.toString()));

    assertThat(login(creds.forUrl("https://u:p%3Aw@git.example.com/r.git").orElseThrow()))
        .containsExactly("u", "p:w");
    assertThat(login(creds.forUrl("https://git.example.com/team/app.git").orElseThrow()))
        .containsExactly("team", "t0ken@x");
    assertThat(login(creds.forUrl("https://git.example.com/solo/app.git").orElseThrow()))
        .containsExactly("me", "mine");
    assertThat(login(creds.forUrl("http://other.example.com:8080/r.git").orElseThrow()))
        .containsExactly("plain", "pw");
    assertThat(creds.forUrl("http://other.example.com/r.git")).isEmpty();
    assertThat(creds.forUrl("git@git.example.com:team/app.git")).isEmpty();
    assertThat(creds.toString()).isEqualTo("GitCredentials[3 stored logins]");
  }

  @Test
  void noStoreMeansNoLogin() {
    GitCredentials creds = GitCredentials.fromEnvironment(Map.of("HOME", home.toString()));
    assertThat(creds.forUrl("https://git.example.com/r.git")).isEmpty();
  }
}
