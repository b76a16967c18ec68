package io.slipway.core.build.buildkit.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.build.buildkit.session.proto.Stat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Stats a DiffCopy sends: fsutil's walk order, filters and metadata. */
class FileTreeTest {

  @TempDir Path root;

  private List<String> paths(FileTree.Filter filter) throws Exception {
    return FileTree.list(new SyncedDir.Folder("context", root), filter).stream()
        .map(e -> e.stat().getPath())
        .toList();
  }

  private Stat stat(String path) throws Exception {
    return FileTree.list(new SyncedDir.Folder("context", root), FileTree.Filter.NONE).stream()
        .filter(e -> e.stat().getPath().equals(path))
        .findFirst()
        .orElseThrow()
        .stat();
  }

  private void file(String rel, String content) throws Exception {
    Path p = root.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  @Test
  void namesSortBytewiseWithinEachFolderAndAFolderComesBeforeItsChildren() throws Exception {
    file("d/f", "1");
    file("d.txt", "2");
    file("B", "3");
    file("a/z", "4");
    file("é", "5");
    // Sorting whole paths would put "d.txt" before "d/f": the engine refuses that order.
    assertThat(paths(FileTree.Filter.NONE))
        .containsExactly("B", "a", "a/z", "d", "d/f", "d.txt", "é");
  }

  @Test
  void statsCarryGoModesNanosecondTimesAndNoOwner() throws Exception {
    file("dir/run.sh", "#!/bin/sh\n");
    Path script = root.resolve("dir/run.sh");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
    Instant t = Instant.parse("2024-05-06T07:08:09.123456789Z");
    Files.setLastModifiedTime(script, FileTime.from(t));
    Files.createSymbolicLink(root.resolve("link"), Path.of("dir/run.sh"));

    Stat s = stat("dir/run.sh");
    assertThat(s.getMode()).isEqualTo(0750);
    assertThat(s.getSize()).isEqualTo(10);
    assertThat(s.getModTime()).isEqualTo(t.getEpochSecond() * 1_000_000_000L + t.getNano());
    assertThat(s.getUid()).isZero();
    assertThat(s.getGid()).isZero();

    Stat dir = stat("dir");
    assertThat(dir.getMode() & GoFileMode.DIR).isNotZero();
    assertThat(dir.getSize()).isZero();

    Stat link = stat("link");
    assertThat(link.getMode() & GoFileMode.SYMLINK).isNotZero();
    assertThat(link.getLinkname()).isEqualTo("dir/run.sh");
  }

  @Test
  void aSecondNameOfAFileIsAHardLinkToTheFirst() throws Exception {
    file("a", "same");
    Files.createLink(root.resolve("b"), root.resolve("a"));
    assertThat(stat("a").getLinkname()).isEmpty();
    assertThat(stat("b").getLinkname()).isEqualTo("a");
    assertThat(stat("b").getSize()).isZero();
  }

  @Test
  void excludesHaveDockerignoreSemanticsWithExceptionsBelowExcludedFolders() throws Exception {
    file("keep.txt", "k");
    file("secret.key", "s");
    file("logs/a.log", "a");
    file("logs/keep/b.log", "b");
    file("node_modules/x/y.js", "y");
    FileTree.Filter filter =
        new FileTree.Filter(null, List.of("*.key", "logs", "!logs/keep", "node_modules"), null);
    assertThat(paths(filter)).containsExactly("keep.txt", "logs", "logs/keep", "logs/keep/b.log");
  }

  @Test
  void includesAndFollowPathsKeepOnlyTheirPathsAndTheFoldersOnTheWay() throws Exception {
    file("Dockerfile", "FROM scratch");
    file(".dockerignore", "x");
    file("src/main/App.java", "class App {}");
    file("src/test/Other.java", "class Other {}");
    file("README", "r");
    assertThat(paths(new FileTree.Filter(null, null, List.of("Dockerfile", ".dockerignore"))))
        .containsExactly(".dockerignore", "Dockerfile");
    assertThat(paths(new FileTree.Filter(List.of("src/main"), null, null)))
        .containsExactly("src", "src/main", "src/main/App.java");
    assertThat(paths(new FileTree.Filter(List.of("src/*/App*.java"), null, null)))
        .containsExactly("src", "src/main", "src/main/App.java", "src/test");
  }

  @Test
  void aFollowedSymlinkBringsItsTargetToo() throws Exception {
    file("docker/Dockerfile.real", "FROM scratch");
    Files.createSymbolicLink(root.resolve("Dockerfile"), Path.of("docker/Dockerfile.real"));
    assertThat(paths(new FileTree.Filter(null, null, List.of("Dockerfile"))))
        .containsExactly("Dockerfile", "docker", "docker/Dockerfile.real");
  }

  @Test
  void anInlineDockerfileIsOneFileInMemory() throws Exception {
    List<FileTree.Entry> entries =
        FileTree.list(SyncedDir.SingleFile.dockerfile("FROM scratch\n"), FileTree.Filter.NONE);
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).stat().getPath()).isEqualTo("Dockerfile");
    assertThat(entries.get(0).stat().getSize()).isEqualTo(13);
    assertThat(entries.get(0).hasContent()).isTrue();
    assertThat(
            FileTree.list(
                SyncedDir.SingleFile.dockerfile("FROM scratch\n"),
                new FileTree.Filter(null, null, List.of(".dockerignore"))))
        .isEmpty();
  }
}
