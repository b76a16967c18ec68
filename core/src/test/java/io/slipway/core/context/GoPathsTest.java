package io.slipway.core.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class GoPathsTest {

  /** Go's own filepath.Clean test table (Unix cases). */
  @ParameterizedTest(name = "\"{0}\" -> \"{1}\"")
  @CsvSource(
      delimiter = '|',
      value = {
        "''|.",
        "abc|abc",
        "abc/def|abc/def",
        "a/b/c|a/b/c",
        ".|.",
        "..|..",
        "../..|../..",
        "../../abc|../../abc",
        "/abc|/abc",
        "/|/",
        "abc/|abc",
        "abc/def/|abc/def",
        "a/b/c/|a/b/c",
        "./|.",
        "../|..",
        "../../|../..",
        "/abc/|/abc",
        "abc//def//ghi|abc/def/ghi",
        "//abc|/abc",
        "///abc|/abc",
        "//abc//|/abc",
        "abc//|abc",
        "abc/./def|abc/def",
        "/./abc/def|/abc/def",
        "abc/.|abc",
        "abc/def/ghi/../jkl|abc/def/jkl",
        "abc/def/../ghi/../jkl|abc/jkl",
        "abc/def/..|abc",
        "abc/def/../..|.",
        "/abc/def/../..|/",
        "abc/def/../../..|..",
        "/abc/def/../../..|/",
        "abc/def/../../../ghi/jkl/../../../mno|../../mno",
        "/../abc|/abc",
        "abc/./../def|def",
        "abc//./../def|def",
        "abc/../../././../def|../../def",
        "!./a|!./a",
        "a/..b/.c|a/..b/.c"
      })
  void cleanLikeGo(String in, String out) {
    assertThat(GoPaths.clean(in)).isEqualTo(out);
  }

  static Stream<Arguments> spaces() {
    return Stream.of(
        Arguments.of(" \t\n\u000b\f\r a \u0085\u00a0", "a"),
        Arguments.of("\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000a\u3000", "a"),
        // Java's isWhitespace would strip these; Go's IsSpace does not.
        Arguments.of("\u001ca\u001f", "\u001ca\u001f"),
        // Nor is the BOM (U+FEFF) or a zero-width space white space in Go.
        Arguments.of("\ufeffa\u200b", "\ufeffa\u200b"),
        Arguments.of("   ", ""));
  }

  @ParameterizedTest
  @MethodSource("spaces")
  void trimSpaceLikeGo(String in, String out) {
    assertThat(GoPaths.trimSpace(in)).isEqualTo(out);
  }

  @Test
  void cleanRelativePaths() {
    assertThat(GoPaths.isCleanRelative("a")).isTrue();
    assertThat(GoPaths.isCleanRelative("a/b.c/..d")).isTrue();
    for (String unclean : List.of("", ".", "..", "/a", "a/", "a//b", "./a", "a/./b", "a/../b")) {
      assertThat(GoPaths.isCleanRelative(unclean)).as(unclean).isFalse();
    }
  }

  @Test
  void parentsLikeGoDirThenSplit() {
    assertThat(GoPaths.parents("a")).isEmpty();
    assertThat(GoPaths.parents("a/b/c")).containsExactly("a", "a/b");
    assertThat(GoPaths.parents("./a/b")).containsExactly("a");
    assertThat(GoPaths.parents("x/../a/b")).containsExactly("a");
    assertThat(GoPaths.parents("/")).containsExactly("", "/");
    assertThat(GoPaths.parents("/a/b")).containsExactly("", "/a");
    assertThat(GoPaths.parents("dir/file/")).containsExactly("dir", "dir/file");
  }
}
