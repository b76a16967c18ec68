package io.slipway.core.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkouts from real repositories on disk (made with JGit), without an engine. */
class GitCheckoutTest {

  @TempDir Path tmp;
  private String url;
  private String lib;
  private RevCommit first;

  @BeforeEach
  void repositories() throws Exception {
    Path libWork = tmp.resolve("lib-work");
    try (Git git = Git.init().setDirectory(libWork.toFile()).setInitialBranch("main").call()) {
      Files.writeString(libWork.resolve("lib.txt"), "library\n");
      git.add().addFilepattern(".").call();
      git.commit().setMessage("lib").setSign(false).call();
    }
    lib = bare(libWork, "lib.git");

    Path work = tmp.resolve("work");
    try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
      Files.writeString(work.resolve("Dockerfile"), "FROM scratch\n");
      Files.writeString(work.resolve("version"), "1\n");
      git.add().addFilepattern(".").call();
      first = git.commit().setMessage("one").setSign(false).call();
      git.tag().setName("v1").setAnnotated(true).setMessage("v1").setSigned(false).call();
      Files.writeString(work.resolve("version"), "2\n");
      Files.createDirectories(work.resolve("web"));
      Files.writeString(work.resolve("web/Dockerfile"), "FROM scratch\n");
      git.add().addFilepattern(".").call();
      git.submoduleAdd().setPath("vendor/lib").setURI(lib).call().close();
      git.commit().setMessage("two").setSign(false).call();
    }
    url = bare(work, "app.git");
  }

  private String bare(Path work, String name) throws Exception {
    Path bare = tmp.resolve("served").resolve(name);
    Git.cloneRepository()
        .setURI(work.toUri().toString())
        .setDirectory(bare.toFile())
        .setBare(true)
        .call()
        .close();
    return bare.toUri().toString();
  }

  private Path checkout(String fragment, List<String> tasks) throws IOException {
    Path dir = Files.createTempDirectory(tmp, "checkout");
    ContextSource.GitRepository repo = ContextSource.GitRepository.parse(url + fragment);
    return new GitCheckout(repo, GitCredentials.none())
        .checkout(dir, (task, done, total) -> tasks.add(task));
  }

  @Test
  void theDefaultBranchIsFetchedShallowWithItsSubmodules() throws Exception {
    List<String> tasks = new ArrayList<>();
    Path folder = checkout("", tasks);
    assertThat(Files.readString(folder.resolve("version"))).isEqualTo("2\n");
    assertThat(Files.readString(folder.resolve("vendor/lib/lib.txt"))).isEqualTo("library\n");
    // Only the one commit came over: git records the cut in .git/shallow.
    assertThat(folder.resolve(".git/shallow")).exists();
    assertThat(tasks).isNotEmpty();
  }

  @Test
  void aTagACommitAndAFolder() throws Exception {
    assertThat(Files.readString(checkout("#v1", new ArrayList<>()).resolve("version")))
        .isEqualTo("1\n");
    assertThat(Files.readString(checkout("#" + first.name(), new ArrayList<>()).resolve("version")))
        .isEqualTo("1\n");
    assertThat(
            Files.readString(
                checkout("#" + first.name().substring(0, 8), new ArrayList<>()).resolve("version")))
        .isEqualTo("1\n");
    Path web = checkout("#main:web", new ArrayList<>());
    assertThat(web.getFileName().toString()).isEqualTo("web");
    assertThat(web.resolve("Dockerfile")).exists();
  }

  @Test
  void aFolderOutsideTheRepositoryIsRefused() {
    assertThatThrownBy(() -> checkout("#main:../..", new ArrayList<>()))
        .isInstanceOf(ContextException.class)
        .hasMessage("The folder \"../..\" leaves the repository. Name a folder inside it.");
  }

  @Test
  void cancelStopsTheFetch() throws Exception {
    Path dir = Files.createTempDirectory(tmp, "checkout");
    GitCheckout checkout =
        new GitCheckout(
            new ContextSource.GitRepository(url, Optional.empty(), Optional.empty()),
            GitCredentials.none());
    assertThatThrownBy(() -> checkout.checkout(dir, (task, done, total) -> checkout.cancel()))
        .isInstanceOf(IOException.class)
        .hasMessage("cancelled");
  }
}
