package io.slipway.core.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cases of moby/patternmatcher's own tests (patternmatcher_test.go), run against {@link
 * PatternMatcher}: inputs and expected answers are docker's.
 */
class PatternMatcherMobyCasesTest {

  static Stream<Arguments> singlePatternCases() {
    return Stream.of(
        Arguments.of("**", "file", true),
        Arguments.of("**", "file/", true),
        Arguments.of("**/", "file", true),
        Arguments.of("**/", "file/", true),
        Arguments.of("**", "/", true),
        Arguments.of("**/", "/", true),
        Arguments.of("**", "dir/file", true),
        Arguments.of("**/", "dir/file", true),
        Arguments.of("**", "dir/file/", true),
        Arguments.of("**/", "dir/file/", true),
        Arguments.of("**/**", "dir/file", true),
        Arguments.of("**/**", "dir/file/", true),
        Arguments.of("dir/**", "dir/file", true),
        Arguments.of("dir/**", "dir/file/", true),
        Arguments.of("dir/**", "dir/dir2/file", true),
        Arguments.of("dir/**", "dir/dir2/file/", true),
        Arguments.of("**/dir", "dir", true),
        Arguments.of("**/dir", "dir/file", true),
        Arguments.of("**/dir2/*", "dir/dir2/file", true),
        Arguments.of("**/dir2/*", "dir/dir2/file/", true),
        Arguments.of("**/dir2/**", "dir/dir2/dir3/file", true),
        Arguments.of("**/dir2/**", "dir/dir2/dir3/file/", true),
        Arguments.of("**file", "file", true),
        Arguments.of("**file", "dir/file", true),
        Arguments.of("**/file", "dir/file", true),
        Arguments.of("**file", "dir/dir/file", true),
        Arguments.of("**/file", "dir/dir/file", true),
        Arguments.of("**/file*", "dir/dir/file", true),
        Arguments.of("**/file*", "dir/dir/file.txt", true),
        Arguments.of("**/file*txt", "dir/dir/file.txt", true),
        Arguments.of("**/file*.txt", "dir/dir/file.txt", true),
        Arguments.of("**/file*.txt*", "dir/dir/file.txt", true),
        Arguments.of("**/**/*.txt", "dir/dir/file.txt", true),
        Arguments.of("**/**/*.txt2", "dir/dir/file.txt", false),
        Arguments.of("**/*.txt", "file.txt", true),
        Arguments.of("**/**/*.txt", "file.txt", true),
        Arguments.of("a**/*.txt", "a/file.txt", true),
        Arguments.of("a**/*.txt", "a/dir/file.txt", true),
        Arguments.of("a**/*.txt", "a/dir/dir/file.txt", true),
        Arguments.of("a/*.txt", "a/dir/file.txt", false),
        Arguments.of("a/*.txt", "a/file.txt", true),
        Arguments.of("a/*.txt**", "a/file.txt", true),
        Arguments.of("a[b-d]e", "ae", false),
        Arguments.of("a[b-d]e", "ace", true),
        Arguments.of("a[b-d]e", "aae", false),
        Arguments.of("a[^b-d]e", "aze", true),
        Arguments.of(".*", ".foo", true),
        Arguments.of(".*", "foo", false),
        Arguments.of("abc.def", "abcdef", false),
        Arguments.of("abc.def", "abc.def", true),
        Arguments.of("abc.def", "abcZdef", false),
        Arguments.of("abc?def", "abcZdef", true),
        Arguments.of("abc?def", "abcdef", false),
        Arguments.of("a\\\\", "a\\", true),
        Arguments.of("**/foo/bar", "foo/bar", true),
        Arguments.of("**/foo/bar", "dir/foo/bar", true),
        Arguments.of("**/foo/bar", "dir/dir2/foo/bar", true),
        Arguments.of("abc/**", "abc", false),
        Arguments.of("abc/**", "abc/def", true),
        Arguments.of("abc/**", "abc/def/ghi", true),
        Arguments.of("**/.foo", ".foo", true),
        Arguments.of("**/.foo", "bar.foo", false),
        Arguments.of("a(b)c/def", "a(b)c/def", true),
        Arguments.of("a(b)c/def", "a(b)c/xyz", false),
        Arguments.of("a.|)$(}+{bc", "a.|)$(}+{bc", true),
        Arguments.of(
            "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl",
            "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl",
            true),
        Arguments.of("dist/*.whl", "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", true),
        Arguments.of("a\\*b", "a*b", true));
  }

  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @MethodSource("singlePatternCases")
  void matchesOrParentMatches(String pattern, String path, boolean expected) {
    assertThat(PatternMatcher.compile(List.of(pattern)).matches(path)).isEqualTo(expected);
  }

  static Stream<Arguments> multiPatternCases() {
    String whl = "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl";
    return Stream.of(
        Arguments.of(List.of("**", "!util/docker/web"), "util/docker/web/foo", false),
        Arguments.of(
            List.of("**", "!util/docker/web", "util/docker/web/foo"), "util/docker/web/foo", true),
        Arguments.of(List.of("**", "!" + whl), whl, false),
        Arguments.of(List.of("**", "!dist/*.whl"), whl, false),
        // The single-test functions of patternmatcher_test.go.
        Arguments.of(List.of("*"), "fileutils.go", true),
        Arguments.of(List.of("*.go"), "fileutils.go", true),
        Arguments.of(List.of("!fileutils.go", "*.go"), "fileutils.go", true),
        Arguments.of(List.of("docs", "!docs/README.md"), "docs/README.md", false),
        Arguments.of(List.of("docs/", "!docs/README.md"), "docs/README.md", false),
        Arguments.of(List.of("docs/*", "!docs/README.md"), "docs/README.md", false),
        Arguments.of(List.of("*.go", "!fileutils.go"), "fileutils.go", false),
        Arguments.of(List.of("*.go"), ".", false),
        Arguments.of(List.of(), "/any/path/there", false));
  }

  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @MethodSource("multiPatternCases")
  void multiplePatterns(List<String> patterns, String path, boolean expected) {
    assertThat(PatternMatcher.compile(patterns).matches(path)).isEqualTo(expected);
  }

  /** The cases moby borrowed from Go's filepath.Match tests (nothing = no error expected). */
  static Stream<Arguments> filepathMatchCases() {
    return Stream.of(
        Arguments.of("abc", "abc", true),
        Arguments.of("*", "abc", true),
        Arguments.of("*c", "abc", true),
        Arguments.of("a*", "a", true),
        Arguments.of("a*", "abc", true),
        Arguments.of("a*", "ab/c", true),
        Arguments.of("a*/b", "abc/b", true),
        Arguments.of("a*/b", "a/c/b", false),
        Arguments.of("a*b*c*d*e*/f", "axbxcxdxe/f", true),
        Arguments.of("a*b*c*d*e*/f", "axbxcxdxexxx/f", true),
        Arguments.of("a*b*c*d*e*/f", "axbxcxdxe/xxx/f", false),
        Arguments.of("a*b*c*d*e*/f", "axbxcxdxexxx/fff", false),
        Arguments.of("a*b?c*x", "abxbbxdbxebxczzx", true),
        Arguments.of("a*b?c*x", "abxbbxdbxebxczzy", false),
        Arguments.of("ab[c]", "abc", true),
        Arguments.of("ab[b-d]", "abc", true),
        Arguments.of("ab[e-g]", "abc", false),
        Arguments.of("ab[^c]", "abc", false),
        Arguments.of("ab[^b-d]", "abc", false),
        Arguments.of("ab[^e-g]", "abc", true),
        Arguments.of("a\\*b", "a*b", true),
        Arguments.of("a\\*b", "ab", false),
        Arguments.of("a?b", "a☺b", true),
        Arguments.of("a[^a]b", "a☺b", true),
        Arguments.of("a???b", "a☺b", false),
        Arguments.of("a[^a][^a][^a]b", "a☺b", false),
        Arguments.of("[a-ζ]*", "α", true),
        Arguments.of("*[a-ζ]", "A", false),
        Arguments.of("a?b", "a/b", false),
        Arguments.of("a*b", "a/b", false),
        Arguments.of("[\\]a]", "]", true),
        Arguments.of("[\\-]", "-", true),
        Arguments.of("[x\\-]", "x", true),
        Arguments.of("[x\\-]", "-", true),
        Arguments.of("[x\\-]", "z", false),
        Arguments.of("[\\-x]", "x", true),
        Arguments.of("[\\-x]", "-", true),
        Arguments.of("[\\-x]", "a", false),
        Arguments.of("*x", "xxx", true));
  }

  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @MethodSource("filepathMatchCases")
  void filepathMatchTable(String pattern, String path, boolean expected) {
    assertThat(PatternMatcher.compile(List.of(pattern)).matches(path)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("malformed")
  void malformedPatternsAreRejected(String pattern) {
    assertThatThrownBy(() -> PatternMatcher.compile(List.of(pattern)))
        .isInstanceOf(InvalidPatternException.class)
        .hasMessageStartingWith("Invalid .dockerignore pattern \"" + pattern + "\" (pattern 1): ");
  }

  static Stream<String> malformed() {
    // filepath.Match's bad patterns, plus moby's regression test "[Local-Only]/", which passes
    // filepath.Match but makes Go's regexp fail ("l-O" is a reversed range).
    return Stream.of(
        "[", "[]a]", "[-]", "[x-]", "[-x]", "\\", "[a-b-c]", "[^", "[^bc", "a[", "[Local-Only]/");
  }

  static Stream<Arguments> compileCases() {
    return Stream.of(
        Arguments.of("*", IgnoreRule.Kind.REGEXP, "^[^/]*$"),
        Arguments.of("file*", IgnoreRule.Kind.REGEXP, "^file[^/]*$"),
        Arguments.of("*file", IgnoreRule.Kind.REGEXP, "^[^/]*file$"),
        Arguments.of("a*/b", IgnoreRule.Kind.REGEXP, "^a[^/]*/b$"),
        Arguments.of("**", IgnoreRule.Kind.SUFFIX, null),
        Arguments.of("**/**", IgnoreRule.Kind.REGEXP, "^(.*/)?.*$"),
        Arguments.of("dir/**", IgnoreRule.Kind.PREFIX, null),
        Arguments.of("**/dir", IgnoreRule.Kind.SUFFIX, null),
        Arguments.of("**/dir2/*", IgnoreRule.Kind.REGEXP, "^(.*/)?dir2/[^/]*$"),
        Arguments.of("**/dir2/**", IgnoreRule.Kind.REGEXP, "^(.*/)?dir2/.*$"),
        Arguments.of("**file", IgnoreRule.Kind.SUFFIX, null),
        Arguments.of("**/file*txt", IgnoreRule.Kind.REGEXP, "^(.*/)?file[^/]*txt$"),
        Arguments.of("**/**/*.txt", IgnoreRule.Kind.REGEXP, "^(.*/)?(.*/)?[^/]*\\.txt$"),
        Arguments.of("a[b-d]e", IgnoreRule.Kind.REGEXP, "^a[b-d]e$"),
        Arguments.of(".*", IgnoreRule.Kind.REGEXP, "^\\.[^/]*$"),
        Arguments.of("abc.def", IgnoreRule.Kind.EXACT, null),
        Arguments.of("abc?def", IgnoreRule.Kind.REGEXP, "^abc[^/]def$"),
        Arguments.of("**/foo/bar", IgnoreRule.Kind.SUFFIX, null),
        Arguments.of("a(b)c/def", IgnoreRule.Kind.EXACT, null),
        Arguments.of("a.|)$(}+{bc", IgnoreRule.Kind.EXACT, null),
        Arguments.of(
            "dist/proxy.py-2.4.0rc3.dev36+g08acad9-py3-none-any.whl", IgnoreRule.Kind.EXACT, null));
  }

  @ParameterizedTest(name = "{0} -> {1} {2}")
  @MethodSource("compileCases")
  void compilesToMobysMatchTypeAndRegexp(String pattern, IgnoreRule.Kind kind, String regexp) {
    IgnoreRule rule = PatternMatcher.compile(List.of(pattern)).rules().get(0);
    assertThat(rule.kind()).isEqualTo(kind);
    assertThat(rule.goRegex()).isEqualTo(regexp);
  }

  @Test
  void cleanPatterns() {
    assertThat(PatternMatcher.compile(List.of("docs", "config")).patterns()).hasSize(2);
  }

  @Test
  void cleanPatternsStripEmptyPatterns() {
    assertThat(PatternMatcher.compile(List.of("docs", "config", "")).patterns())
        .containsExactly("docs", "config");
  }

  @Test
  void cleanPatternsExceptionFlag() {
    assertThat(PatternMatcher.compile(List.of("docs", "!docs/README.md")).hasExceptions()).isTrue();
  }

  @Test
  void cleanPatternsLeadingSpaceTrimmed() {
    PatternMatcher pm = PatternMatcher.compile(List.of("docs", "  !docs/README.md"));
    assertThat(pm.hasExceptions()).isTrue();
    assertThat(pm.patterns()).containsExactly("docs", "!docs/README.md");
  }

  @Test
  void cleanPatternsTrailingSpaceTrimmed() {
    PatternMatcher pm = PatternMatcher.compile(List.of("docs", "!docs/README.md  "));
    assertThat(pm.hasExceptions()).isTrue();
    assertThat(pm.patterns()).containsExactly("docs", "!docs/README.md");
  }

  @Test
  void singleExclamationMarkIsAnError() {
    assertThatThrownBy(() -> PatternMatcher.compile(List.of("!")))
        .isInstanceOf(InvalidPatternException.class)
        .hasMessage(
            "Invalid .dockerignore pattern \"!\" (pattern 1): an exception needs a path after '!'."
                + " Write the path to re-include, such as \"!docs/README.md\", or delete the"
                + " line.");
  }
}
