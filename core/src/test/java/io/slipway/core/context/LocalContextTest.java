package io.slipway.core.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalContextTest {

  @TempDir Path dir;

  private void write(String rel, String content) throws IOException {
    Path p = dir.resolve(rel);
    Files.createDirectories(p.getParent());
    Files.writeString(p, content);
  }

  private List<String> names(LocalContext context) {
    return context.entries().stream().map(ContextEntry::name).toList();
  }

  @Test
  void listsEntriesDepthFirstWithNamesInByteOrder() throws IOException {
    write("Dockerfile", "FROM scratch\n");
    write("d/f", "x");
    write("d.txt", "x");
    write("B", "x");
    write("a/z/1", "x");

    LocalContext context = LocalContext.scan(dir, null);

    // Within each folder names sort bytewise ("B" < "D" < "a"), a folder before its children.
    assertThat(names(context))
        .containsExactly("B", "Dockerfile", "a", "a/z", "a/z/1", "d", "d/f", "d.txt");
    assertThat(context.dockerfile()).isEqualTo("Dockerfile");
    assertThat(context.fileCount()).isEqualTo(5);
    assertThat(context.contentBytes()).isEqualTo(4 + "FROM scratch\n".length());
  }

  @Test
  void appliesDockerignoreButAlwaysSendsTheDockerfileAndDockerignore() throws IOException {
    write("build/Dockerfile", "FROM scratch\n");
    write(".dockerignore", "*\n!src\nsrc/**/*.log\n");
    write("src/main.c", "x");
    write("src/deep/debug.log", "x");
    write("README.md", "x");

    LocalContext context = LocalContext.scan(dir, dir.resolve("build/Dockerfile").toString());

    assertThat(names(context))
        .containsExactly(".dockerignore", "build/Dockerfile", "src", "src/deep", "src/main.c");
    assertThat(context.dockerfile()).isEqualTo("build/Dockerfile");
  }

  @Test
  void anExcludedFolderIsNeverWalked() throws IOException {
    write("Dockerfile", "FROM scratch\n");
    write(".dockerignore", "node_modules\n");
    Path modules = Files.createDirectories(dir.resolve("node_modules/pkg"));
    Files.writeString(modules.resolve("index.js"), "x");
    // A folder the walk could not read: walking it would fail the scan.
    Files.setPosixFilePermissions(modules, PosixFilePermissions.fromString("---------"));
    try {
      assertThat(names(LocalContext.scan(dir, null)))
          .containsExactly(".dockerignore", "Dockerfile");
    } finally {
      Files.setPosixFilePermissions(modules, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void symlinksAreKeptAsLinksAndHardLinksAsLinks() throws IOException {
    write("Dockerfile", "FROM scratch\n");
    write("real.txt", "content");
    Files.createSymbolicLink(dir.resolve("link"), Path.of("real.txt"));
    Files.createSymbolicLink(dir.resolve("loop"), Path.of("loop"));
    Files.createLink(dir.resolve("zhard.txt"), dir.resolve("real.txt"));

    LocalContext context = LocalContext.scan(dir, null);

    ContextEntry link = entry(context, "link");
    assertThat(link.type()).isEqualTo(ContextEntry.Type.SYMLINK);
    assertThat(link.linkTarget()).contains("real.txt");
    assertThat(entry(context, "loop").type()).isEqualTo(ContextEntry.Type.SYMLINK);
    ContextEntry hard = entry(context, "zhard.txt");
    assertThat(hard.type()).isEqualTo(ContextEntry.Type.HARDLINK);
    assertThat(hard.linkTarget()).contains("real.txt");
    assertThat(hard.size()).isZero();
  }

  private static ContextEntry entry(LocalContext context, String name) {
    return context.entries().stream().filter(e -> e.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void aMissingContextSaysSo() {
    assertThatThrownBy(() -> LocalContext.scan(dir.resolve("nope"), null))
        .isInstanceOf(ContextException.class)
        .hasMessageContaining("nope does not exist")
        .hasMessageContaining("Pass the folder that holds your Dockerfile");
  }

  @Test
  void aMissingDockerfileSaysSo() {
    assertThatThrownBy(() -> LocalContext.scan(dir, null))
        .isInstanceOf(ContextException.class)
        .hasMessageContaining("There is no Dockerfile at")
        .hasMessageContaining("name yours with -f");
  }

  @Test
  void aLowercaseDockerfileIsFoundLikeTheCliDoes() throws IOException {
    write("dockerfile", "FROM scratch\n");
    assertThat(LocalContext.scan(dir, null).dockerfile()).isEqualTo("dockerfile");
  }

  @Test
  void aDockerfileOutsideTheContextIsRefused() throws IOException {
    write("ctx/a.txt", "x");
    write("Dockerfile", "FROM scratch\n");
    assertThatThrownBy(
            () -> LocalContext.scan(dir.resolve("ctx"), dir.resolve("Dockerfile").toString()))
        .isInstanceOf(ContextException.class)
        .hasMessageContaining("is outside the build context")
        .hasMessageContaining("Move it into the context");
    assertThatThrownBy(() -> LocalContext.scan(dir.resolve("ctx"), "../Dockerfile"))
        .hasMessageContaining("is outside the build context");
  }

  @Test
  void anUnreadableFileIsNamedWithTheFix() throws IOException {
    assumeThat(System.getProperty("user.name")).as("root reads everything").isNotEqualTo("root");
    write("Dockerfile", "FROM scratch\n");
    write("secret.txt", "x");
    Files.setPosixFilePermissions(
        dir.resolve("secret.txt"), PosixFilePermissions.fromString("---------"));
    assertThatThrownBy(() -> LocalContext.scan(dir, null))
        .hasMessageContaining("Cannot read secret.txt")
        .hasMessageContaining("add it to .dockerignore");
  }

  @Test
  void aSymlinkLoopAsContextIsAClearError() throws IOException {
    Path loop = dir.resolve("loop");
    Files.createSymbolicLink(loop, loop);
    assertThatThrownBy(() -> LocalContext.scan(loop, null))
        .isInstanceOf(ContextException.class)
        .hasMessageContaining("symbolic link loop");
  }

  @Test
  void anEmptyDockerfileIsRefused() throws IOException {
    write("Dockerfile", "");
    assertThatThrownBy(() -> LocalContext.scan(dir, null)).hasMessageContaining("is empty");
  }

  @Test
  void anInvalidDockerignorePatternIsRefusedBeforeSending() throws IOException {
    write("Dockerfile", "FROM scratch\n");
    write(".dockerignore", "[a-\n");
    assertThatThrownBy(() -> LocalContext.scan(dir, null))
        .isInstanceOf(io.slipway.core.SlipwayException.class)
        .hasMessageContaining("[a-");
  }
}
