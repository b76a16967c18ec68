package io.slipway.core.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.SlipwayException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docker's less obvious pattern semantics. Every expected answer here was checked against
 * moby/patternmatcher itself (built with Go), including the surprising ones.
 */
class PatternMatcherTest {

  private static PatternMatcher pm(String... patterns) {
    return PatternMatcher.compile(List.of(patterns));
  }

  static Stream<Arguments> dockerSemantics() {
    return Stream.of(
        // Parent directories: a pattern also excludes everything below what it matches.
        Arguments.of(List.of("node_modules"), "node_modules/a/b.js", true),
        Arguments.of(List.of("node_modules"), "src/node_modules", false),
        Arguments.of(List.of("*/node_modules"), "a/node_modules/x", true),
        Arguments.of(List.of("**/foo"), "foo", true),
        Arguments.of(List.of("**/foo"), "a/foo/b", true),
        Arguments.of(List.of("**/foo"), "afoo", false),
        Arguments.of(List.of("**/foo"), "a/xfoo", false),
        Arguments.of(List.of("**file"), "a/xfile", true),
        // Last match wins; exceptions re-include, also below a directory they name.
        Arguments.of(List.of("node_modules", "!node_modules/keep"), "node_modules/a", true),
        Arguments.of(List.of("node_modules", "!node_modules/keep"), "node_modules/keep", false),
        Arguments.of(List.of("node_modules", "!node_modules/keep"), "node_modules/keep/x", false),
        Arguments.of(List.of("a", "!a/b", "a"), "a/b/c", true),
        Arguments.of(List.of("[a-c]/**", "!b/x"), "b/x/y", false),
        Arguments.of(List.of("[a-c]/**", "!b/x"), "b/y", true),
        Arguments.of(List.of("**", "!**/*.md", "secret.md"), "x/a.md", false),
        Arguments.of(List.of("**", "!**/*.md", "secret.md"), "secret.md", true),
        Arguments.of(List.of("**", "!**/*.md", "secret.md"), "a.txt", true),
        // moby escapes only .+()$ : '|' and '{' keep their regexp meaning once a pattern is a
        // regexp. The branch after '|' is not anchored at the start.
        Arguments.of(List.of("a*|b"), "xb", true),
        Arguments.of(List.of("a*|b"), "x/yb/z", true),
        Arguments.of(List.of("a*|b"), "bx", false),
        Arguments.of(List.of("x|y*"), "zy", true),
        Arguments.of(List.of("x|y*"), "ax", false),
        Arguments.of(List.of("x|*"), "anything", true),
        Arguments.of(List.of("{2}*"), "a", true),
        Arguments.of(List.of("?{2}"), "ab", true),
        Arguments.of(List.of("?{2}"), "abc", false),
        Arguments.of(List.of("a?{2}"), "abc", true),
        // Go reads "{02}" (leading zero) as text, and "^{0}" drops the anchor moby adds.
        Arguments.of(List.of("?{02}"), "a{02}", true),
        Arguments.of(List.of("?{02}"), "ab", false),
        Arguments.of(List.of("{0}x*"), "ax", true),
        Arguments.of(List.of("{0}x*"), "a/bx/c", true),
        Arguments.of(List.of("{1}x*"), "ax", false),
        Arguments.of(List.of("\\Q\\E{0}x*"), "ax", true),
        // ...but a pattern without wildcards is compared as text.
        Arguments.of(List.of("a{2}"), "a{2}", true),
        Arguments.of(List.of("a{2}"), "aa", false),
        Arguments.of(List.of("**/x|y"), "a/x|y", true),
        // Inside [...] moby's '*' and '?' expand first: "[*]" is "[[^/]*]" in Go's regexp.
        Arguments.of(List.of("[*]"), "]", true),
        Arguments.of(List.of("[*]"), "[]", true),
        Arguments.of(List.of("[*]"), "^^]", true),
        Arguments.of(List.of("[*]"), "*", false),
        Arguments.of(List.of("[?]"), "^]", true),
        Arguments.of(List.of("[?]"), "?", false),
        // Go's regexp classes and escapes, not Java's.
        Arguments.of(List.of("\\d"), "5", true),
        Arguments.of(List.of("\\d"), "d", false),
        Arguments.of(List.of("[[:alpha:]]"), "x", true),
        Arguments.of(List.of("[[:alpha:]]"), ":", false),
        Arguments.of(List.of("[a&&b]"), "&", true),
        Arguments.of(List.of("[a&&b]"), "b", true),
        Arguments.of(List.of("[a[b]"), "[", true),
        Arguments.of(List.of("[a[b]"), "c", false),
        Arguments.of(List.of("\\bfoo"), "foo", true),
        Arguments.of(List.of("\\bfoo"), "xfoo", false),
        Arguments.of(List.of("\\s"), "\u000b", false),
        Arguments.of(List.of("[[:space:]]"), "\u000b", true),
        Arguments.of(List.of("\\pL"), "é", true),
        Arguments.of(List.of("\\p{Greek}"), "α", true),
        Arguments.of(List.of("\\p{Greek}"), "a", false),
        // "\Q" quotes the rest, including the '$' moby appends: a prefix match on "a\.b$".
        Arguments.of(List.of("\\Qa.b"), "a\\.b$x", true),
        Arguments.of(List.of("\\Qa.b"), "a.b", false),
        Arguments.of(List.of("a\\z/b"), "a/b", false),
        // '^' is a literal in a plain pattern but an anchor in a regexp one.
        Arguments.of(List.of("^foo"), "^foo", true),
        Arguments.of(List.of("^foo*"), "foox", true),
        Arguments.of(List.of("^foo*"), "^foo", false),
        // Newlines: '*' crosses them, a trailing "**" does not, '$' is only the very end.
        Arguments.of(List.of("*"), "a\nb", true),
        Arguments.of(List.of("a*/**"), "ab/x\ny", false),
        Arguments.of(List.of("*.txt"), "a.txt\n", false),
        // A BOM opening a pattern vanishes from the regexp but not from plain text.
        Arguments.of(List.of("\ufefffoo*"), "foo1", true),
        Arguments.of(List.of("\ufefffoo"), "foo", false),
        Arguments.of(List.of("\ufefffoo"), "\ufefffoo", true),
        // "." matches no path; "!./a" is cleaned before its '!' is seen, so it stays "./a".
        Arguments.of(List.of("."), "a", false),
        Arguments.of(List.of("*", "!./a"), "a", true),
        // Paths that are not clean get moby's own parent computation.
        Arguments.of(List.of("a"), "./a/sub", true),
        Arguments.of(List.of("./a"), "./a", false),
        Arguments.of(List.of("a"), "x/../a/sub", true),
        Arguments.of(List.of("**"), "/", true),
        // The root is never excluded.
        Arguments.of(List.of("**"), "", false),
        Arguments.of(List.of("*"), ".", false));
  }

  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @MethodSource("dockerSemantics")
  void matchesLikeDocker(List<String> patterns, String path, boolean expected) {
    assertThat(PatternMatcher.compile(patterns).matches(path)).isEqualTo(expected);
  }

  @Test
  void noneMatchesNothing() {
    assertThat(PatternMatcher.none().matches("a")).isFalse();
    assertThat(PatternMatcher.none().hasExceptions()).isFalse();
    assertThat(PatternMatcher.none().patterns()).isEmpty();
    assertThat(PatternMatcher.compile(List.of()).matches("a/b")).isFalse();
  }

  @Test
  void patternsAreCleanedAndKeepTheirExclamationMark() {
    PatternMatcher pm = pm(" a//b/ ", "!./c/../d", "", "  ", "x/./y");
    assertThat(pm.patterns()).containsExactly("a/b", "!./d", "x/y");
    assertThat(pm.hasExceptions()).isTrue();
    assertThat(pm("a", "b").hasExceptions()).isFalse();
  }

  @Test
  void invalidPatternMessageQuotesPatternSaysWhatAndHow() {
    assertThatThrownBy(() -> pm("ok", "foo["))
        .isInstanceOf(InvalidPatternException.class)
        .isInstanceOf(SlipwayException.class)
        .hasMessage(
            "Invalid .dockerignore pattern \"foo[\" (pattern 2): unclosed character class '['."
                + " Close it with ']' or escape it as '\\['.");
  }

  static Stream<Arguments> invalidPatterns() {
    return Stream.of(
        Arguments.of("foo[", "unclosed character class '['"),
        Arguments.of("[^", "unclosed character class '['"),
        Arguments.of("a\\", "it ends with the escape character '\\'"),
        Arguments.of("[]a]", "empty character class \"[]\""),
        Arguments.of("[-x]", "a '-' inside [...] is not part of a range"),
        Arguments.of("[a-b-c]", "a '-' inside [...] is not part of a range"),
        Arguments.of("[x-]", "the range in \"[x-]\" has no end"),
        Arguments.of("[Local-Only]/", "character range \"l-O\" is reversed"),
        Arguments.of("[z-a]", "character range \"z-a\" is reversed"),
        Arguments.of("[[:foo:]]", "unknown character class \"[:foo:]\""),
        Arguments.of("[[:alpha:]", "a character class is not closed"),
        Arguments.of("\\pX", "unknown Unicode class \"\\pX\""),
        Arguments.of("\\p{greek}", "unknown Unicode class \"\\p{greek}\""),
        Arguments.of("\\e", "\"\\e\" is not a valid escape"),
        Arguments.of("caf\\é", "\"\\é\" is not a valid escape"),
        Arguments.of("\\1", "\"\\1\" is not a valid escape"),
        Arguments.of("\\C", "\"\\C\" is not a valid escape"),
        Arguments.of("a*{2}", "docker cannot turn it into a regular expression (invalid nested"),
        Arguments.of("?|{2}", "docker cannot turn it into a regular expression (missing argument"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidPatterns")
  void rejectsWhatDockerRejects(String pattern, String problem) {
    assertThatThrownBy(() -> pm(pattern))
        .isInstanceOfSatisfying(
            InvalidPatternException.class,
            e -> {
              assertThat(e.pattern()).isEqualTo(pattern);
              assertThat(e.location()).isEqualTo("pattern 1");
              assertThat(e.problem()).startsWith(problem);
              assertThat(e.fix()).endsWith(".");
              assertThat(e.getMessage())
                  .startsWith("Invalid .dockerignore pattern \"" + pattern + "\" (pattern 1): ");
            });
  }

  @Test
  void exceptionsAreCheckedToo() {
    assertThatThrownBy(() -> pm("a", "!b[")).hasMessageContaining("\"!b[\" (pattern 2)");
  }

  /**
   * moby skips an ordinary pattern once the path is excluded and an exception while it is not. That
   * must give the same answer as "the last pattern that matches decides".
   */
  @Test
  void skippingPatternsKeepsLastMatchWins() {
    Random random = new Random(42);
    String[] pieces = {"a", "b", "*", "**", "?", "/", "[ab]", "c"};
    String[] paths = {"a", "b", "a/b", "b/a", "a/b/c", "ab", "c/a/b", "ba/c", "a/a/a"};
    for (int round = 0; round < 2000; round++) {
      List<String> patterns = new ArrayList<>();
      int count = 1 + random.nextInt(5);
      for (int i = 0; i < count; i++) {
        StringBuilder p = new StringBuilder(random.nextBoolean() ? "!" : "");
        for (int k = 1 + random.nextInt(4); k > 0; k--) {
          p.append(pieces[random.nextInt(pieces.length)]);
        }
        patterns.add(p.toString());
      }
      PatternMatcher pm;
      try {
        pm = PatternMatcher.compile(patterns);
      } catch (InvalidPatternException e) {
        continue; // such as "!/", which cleans to "!"
      }
      for (String path : paths) {
        boolean lastMatchWins = false;
        for (IgnoreRule rule : pm.rules()) {
          if (rule.matchesSelfOrParent(path)) {
            lastMatchWins = !rule.isException();
          }
        }
        assertThat(pm.matches(path)).as("%s ~ %s", patterns, path).isEqualTo(lastMatchWins);
      }
    }
  }

  /** The one-pass parent check must agree with trying each parent as moby does. */
  @Test
  void parentShortcutsAgreeWithMobysParentLoop() {
    List<String> patterns =
        List.of(
            "a", "a/b", "**/b", "**b", "a**", "a/**", "*/b", "a*", "**/a/*", "[ab]/?", "b|a*",
            "\\bb", "a\\z", "x/**/b", "\\Qa/b", "{0}b*", "a?{2}");
    String[] paths = {"a", "a/b", "a/b/c", "b/a/b", "ab/b", "x/y/b/z", "a/a/a", "ba", "c/ab"};
    for (String pattern : patterns) {
      IgnoreRule rule = pm(pattern).rules().get(0);
      for (String path : paths) {
        boolean expected = rule.matches(path);
        for (String parent : GoPaths.parents(path)) {
          expected |= rule.matches(parent);
        }
        assertThat(rule.matchesSelfOrParent(path)).as("%s ~ %s", pattern, path).isEqualTo(expected);
      }
    }
  }

  @Test
  void isSafeToShareBetweenThreads() {
    PatternMatcher pm = pm("**/*.log", "!keep/*.log", "build", "a*|b");
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      paths.add((i % 3 == 0 ? "keep/" : "src/") + i + (i % 2 == 0 ? ".log" : ".java"));
    }
    List<Boolean> serial = paths.stream().map(pm::matches).toList();
    List<Boolean> parallel =
        IntStream.range(0, paths.size())
            .parallel()
            .mapToObj(i -> pm.matches(paths.get(i)))
            .toList();
    assertThat(parallel).isEqualTo(serial);
  }
}
