package io.slipway.core.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.SlipwayException;
import io.slipway.core.context.ContextSource.GitRepository;
import io.slipway.core.context.ContextSource.LocalFolder;
import io.slipway.core.context.ContextSource.RemoteUrl;
import io.slipway.core.context.ContextSource.TarArchive;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A context argument is decided as docker build decides it. */
class ContextSourceTest {

  @TempDir Path dir;

  private static GitRepository git(String url, String ref, String subdir) {
    return new GitRepository(url, Optional.ofNullable(ref), Optional.ofNullable(subdir));
  }

  @Test
  void anExistingFolderIsALocalFolderWithAnAbsolutePath() throws Exception {
    Files.createDirectories(dir.resolve("app"));
    assertThat(ContextSource.parse("app", dir)).isEqualTo(new LocalFolder(dir.resolve("app")));
    assertThat(ContextSource.parse("./app/../app", dir))
        .isEqualTo(new LocalFolder(dir.resolve("app")));
    assertThat(ContextSource.parse(dir.toString(), Path.of("/elsewhere")))
        .isEqualTo(new LocalFolder(dir));
  }

  @Test
  void anExistingFileIsATarArchive() throws Exception {
    Files.writeString(dir.resolve("ctx.tar.gz"), "x");
    assertThat(ContextSource.parse("ctx.tar.gz", dir))
        .isEqualTo(new TarArchive(dir.resolve("ctx.tar.gz")));
  }

  @Test
  void aLocalPathWinsOverAGitLookingName() throws Exception {
    // docker checks the disk first: a folder called github.com/x is a folder.
    Files.createDirectories(dir.resolve("github.com/user/repo"));
    assertThat(ContextSource.parse("github.com/user/repo", dir))
        .isEqualTo(new LocalFolder(dir.resolve("github.com/user/repo")));
  }

  @Test
  void gitUrlsInEveryFormTheCliAccepts() {
    assertThat(ContextSource.parse("https://example.com/team/repo.git", dir))
        .isEqualTo(git("https://example.com/team/repo.git", null, null));
    assertThat(ContextSource.parse("https://example.com/team/repo.git#v1.2:docker/app", dir))
        .isEqualTo(git("https://example.com/team/repo.git", "v1.2", "docker/app"));
    assertThat(ContextSource.parse("https://example.com/repo.git#main", dir))
        .isEqualTo(git("https://example.com/repo.git", "main", null));
    assertThat(ContextSource.parse("https://example.com/repo.git#:sub", dir))
        .isEqualTo(git("https://example.com/repo.git", null, "sub"));
    assertThat(ContextSource.parse("git@github.com:team/repo.git#dev:build", dir))
        .isEqualTo(git("git@github.com:team/repo.git", "dev", "build"));
    assertThat(ContextSource.parse("git://example.com/repo", dir))
        .isEqualTo(git("git://example.com/repo", null, null));
    assertThat(ContextSource.parse("github.com/team/repo#abc123", dir))
        .isEqualTo(git("https://github.com/team/repo", "abc123", null));
  }

  @Test
  void anHttpUrlWithoutDotGitIsARemoteUrl() {
    assertThat(ContextSource.parse("https://example.com/ctx.tar.gz", dir))
        .isEqualTo(new RemoteUrl("https://example.com/ctx.tar.gz"));
    assertThat(ContextSource.parse("http://example.com/Dockerfile", dir))
        .isEqualTo(new RemoteUrl("http://example.com/Dockerfile"));
    // ".git" must end the path (before the fragment) to make it a git URL.
    assertThat(ContextSource.parse("https://example.com/x.git/archive.tar", dir))
        .isInstanceOf(RemoteUrl.class);
  }

  @Test
  void somethingElseThatDoesNotExistIsAnErrorNamingWhatWasExpected() {
    assertThatThrownBy(() -> ContextSource.parse("nope/here", dir))
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining("\"nope/here\" was not found")
        .hasMessageContaining("git URL");
    assertThatThrownBy(() -> ContextSource.parse("-", dir)).hasMessageContaining("standard input");
    assertThatThrownBy(() -> ContextSource.parse("https://h/r.git#-x", dir))
        .hasMessageContaining("cannot start with '-'");
  }

  @Test
  void urlPasswordsAreNeverShown() {
    GitRepository withPassword = git("https://bob:hunter2@example.com/repo.git", "main", null);
    assertThat(withPassword.hasPassword()).isTrue();
    assertThat(withPassword.describe()).isEqualTo("https://…@example.com/repo.git#main");
    assertThat(withPassword.toString()).doesNotContain("hunter2").doesNotContain("bob");
    RemoteUrl url = new RemoteUrl("https://bob:hunter2@example.com/c.tar");
    assertThat(url.toString()).doesNotContain("hunter2");
    assertThat(url.hasPassword()).isTrue();
    assertThat(git("git@github.com:x/y.git", null, null).hasPassword()).isFalse();
    assertThat(git("git@github.com:x/y.git", null, null).describe())
        .isEqualTo("git@github.com:x/y.git");
  }

  @Test
  void theFragmentFormRoundTrips() {
    for (String form :
        new String[] {
          "https://example.com/repo.git#v1:dir", "https://example.com/repo.git#v1",
          "https://example.com/repo.git#:dir", "git@h:r.git"
        }) {
      assertThat(GitRepository.parse(form).toFragmentForm()).isEqualTo(form);
    }
  }
}
