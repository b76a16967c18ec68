package io.slipway.core.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.slipway.core.SlipwayException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Expected answers are those of moby/patternmatcher's ignorefile.ReadAll. */
class DockerIgnoreTest {

  @Test
  void readAllFromMobysTests() {
    String content =
        "test1\n/test2\n/a/file/here\n\nlastfile\n# this is a comment\n! /inverted/abs/path\n!\n! ";
    assertThat(DockerIgnore.parse(content))
        .containsExactly(
            "test1", "test2", "a/file/here", "lastfile", "!inverted/abs/path", "!", "!");
  }

  static Stream<Arguments> lines() {
    return Stream.of(
        // Comments: only a '#' in the first column.
        Arguments.of("# comment\nkeep", List.of("keep")),
        Arguments.of(" # not a comment", List.of("# not a comment")),
        Arguments.of("\t#x", List.of("#x")),
        Arguments.of("a#b", List.of("a#b")),
        // A BOM is dropped from the first line only, before the comment check.
        Arguments.of("\ufeff# comment\na", List.of("a")),
        Arguments.of("\ufeffa\n\ufeffb", List.of("a", "\ufeffb")),
        // Exceptions: spaces after '!' are trimmed, then the path is cleaned.
        Arguments.of("!  foo ", List.of("!foo")),
        Arguments.of("! /abs", List.of("!abs")),
        Arguments.of("!./x/../y", List.of("!y")),
        Arguments.of("!!x", List.of("!!x")),
        Arguments.of("\\!x", List.of("\\!x")),
        // Cleaning and one leading '/' stripped.
        Arguments.of("/abs", List.of("abs")),
        Arguments.of("//abs//x/", List.of("abs/x")),
        Arguments.of("/", List.of("/")),
        Arguments.of("./x", List.of("x")),
        Arguments.of("a/../b", List.of("b")),
        Arguments.of("a/..", List.of(".")),
        Arguments.of("../x", List.of("../x")),
        Arguments.of("/../x", List.of("x")),
        Arguments.of("a/./b//c/", List.of("a/b/c")),
        // Line ends: '\n', one '\r' dropped before it; blank lines skipped.
        Arguments.of("a\r\nb\r\n\r\n", List.of("a", "b")),
        Arguments.of("a\r\r\nb\rc", List.of("a", "b\rc")),
        Arguments.of("", List.of()),
        Arguments.of("\n\n  \n\t\n", List.of()),
        // Go's idea of white space.
        Arguments.of("\u00a0a\u3000", List.of("a")),
        Arguments.of("\u001ca", List.of("\u001ca")));
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("lines")
  void parsesLikeReadAll(String content, List<String> expected) {
    assertThat(DockerIgnore.parse(content)).isEqualTo(expected);
  }

  @Test
  void keepsLineNumbers() {
    assertThat(DockerIgnore.parseLines("# c\n\na\r\n!b\n"))
        .containsExactly(new DockerIgnore.Line(3, "a"), new DockerIgnore.Line(4, "!b"));
  }

  @Test
  void refusesLinesDockerCannotRead() {
    // Go's bufio.Scanner gives up on a line of 64 KiB or more.
    assertThat(DockerIgnore.parse("x".repeat(65535))).hasSize(1);
    assertThat(DockerIgnore.parse("y\n" + "x".repeat(65534) + "\r\n")).hasSize(2);
    // The '\r' counts: Go drops it only after the line fitted in the buffer.
    assertThatThrownBy(() -> DockerIgnore.parse("x".repeat(65535) + "\r\n"))
        .isInstanceOf(SlipwayException.class);
    assertThatThrownBy(() -> DockerIgnore.parse("y\n" + "x".repeat(65536)))
        .isInstanceOf(SlipwayException.class)
        .hasMessage(
            "Line 2 of .dockerignore is 64 KiB or longer, and docker cannot read such a file."
                + " Shorten or split the line.");
    assertThatThrownBy(() -> DockerIgnore.parse("é".repeat(32768)))
        .isInstanceOf(SlipwayException.class);
    assertThatThrownBy(() -> DockerIgnore.parse("#" + "x".repeat(65534) + "\r"))
        .isInstanceOf(SlipwayException.class);
  }

  @Test
  void readsTheContextsFile(@TempDir Path dir) throws IOException {
    assertThat(DockerIgnore.read(dir)).isEmpty();
    Files.write(
        dir.resolve(".dockerignore"),
        "\ufeff# deps\nnode_modules\n!node_modules/x\n".getBytes(StandardCharsets.UTF_8));
    assertThat(DockerIgnore.read(dir)).containsExactly("node_modules", "!node_modules/x");
  }

  @Test
  void aDanglingLinkCountsAsNoFile(@TempDir Path dir) throws IOException {
    try {
      Files.createSymbolicLink(dir.resolve(".dockerignore"), dir.resolve("missing"));
    } catch (UnsupportedOperationException | IOException e) {
      assumeTrue(false, "no symbolic links here");
    }
    assertThat(DockerIgnore.read(dir)).isEmpty();
    assertThat(DockerIgnore.load(dir).patterns()).isEmpty();
  }

  @Test
  void anUnreadableFileIsAnErrorNamingIt(@TempDir Path dir) throws IOException {
    Path file = Files.createDirectory(dir.resolve(".dockerignore"));
    assertThatThrownBy(() -> DockerIgnore.read(dir))
        .isInstanceOf(SlipwayException.class)
        .hasMessageStartingWith("Cannot read " + file + ": ")
        .hasMessageEndingWith(". Make it a readable file, or delete it.");
  }

  @Test
  void loadReportsTheLineAndFileOfAnInvalidPattern(@TempDir Path dir) throws IOException {
    Path file = dir.resolve(".dockerignore");
    Files.writeString(file, "# build output\ntarget\n\nfoo[\n");
    assertThatThrownBy(() -> DockerIgnore.load(dir))
        .isInstanceOf(InvalidPatternException.class)
        .hasMessage(
            "Invalid .dockerignore pattern \"foo[\" (line 4 of "
                + file
                + "): unclosed character class '['. Close it with ']' or escape it as '\\['.");
  }

  @Test
  void loadCompilesThePatterns(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve(".dockerignore"), "**/*.log\n!keep.log\n");
    PatternMatcher pm = DockerIgnore.load(dir);
    assertThat(pm.matches("a/b.log")).isTrue();
    assertThat(pm.matches("keep.log")).isFalse();
    assertThat(DockerIgnore.load(dir.resolve("nowhere"))).isSameAs(PatternMatcher.none());
  }
}
