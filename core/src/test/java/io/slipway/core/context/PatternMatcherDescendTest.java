package io.slipway.core.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link PatternMatcher#mustDescendInto}: when an excluded directory may be skipped whole. */
class PatternMatcherDescendTest {

  private static PatternMatcher pm(String... patterns) {
    return PatternMatcher.compile(List.of(patterns));
  }

  @Test
  void withoutExceptionsNothingExcludedIsWalked() {
    PatternMatcher pm = pm("node_modules");
    assertThat(pm.matches("node_modules")).isTrue();
    assertThat(pm.mustDescendInto("node_modules")).isFalse();
  }

  @Test
  void anExceptionBelowTheDirectoryForcesAWalk() {
    PatternMatcher pm = pm("node_modules", "!node_modules/keep/x");
    assertThat(pm.mustDescendInto("node_modules")).isTrue();
    assertThat(pm.mustDescendInto("node_modules/keep")).isTrue();
    assertThat(pm.mustDescendInto("node_modules/other")).isFalse();
    assertThat(pm.matches("node_modules/keep/x")).isFalse();
    assertThat(pm.matches("node_modules/keep/y")).isTrue();
  }

  @Test
  void anExceptionNamingTheDirectoryItselfForcesAWalk() {
    // docker's rule: the exception's text plus '/' starts with the directory plus '/'.
    assertThat(pm("build", "!build", "build").mustDescendInto("build")).isTrue();
    assertThat(pm("b*", "!build").mustDescendInto("bin")).isFalse();
    assertThat(pm("b*", "!build").mustDescendInto("build2")).isFalse();
  }

  @Test
  void unrelatedExceptionsLetTheDirectoryBeSkipped() {
    PatternMatcher pm = pm("node_modules", "target", "!src/*.js", "!README.md", "!docs/**");
    assertThat(pm.mustDescendInto("node_modules")).isFalse();
    assertThat(pm.mustDescendInto("target")).isFalse();
  }

  @Test
  void wildcardExceptionsThatCouldMatchBelowForceAWalk() {
    // docker's classic walker would skip these directories and lose the re-included files.
    assertThat(pm("node_modules", "!**/*.md").mustDescendInto("node_modules")).isTrue();
    assertThat(pm("node_modules", "!*/keep").mustDescendInto("node_modules")).isTrue();
    assertThat(pm("node_modules", "!**").mustDescendInto("node_modules")).isTrue();
    assertThat(pm("node_modules", "!node_*/keep").mustDescendInto("node_modules")).isTrue();
    assertThat(pm("node_modules", "!node_*/keep").mustDescendInto("vendor")).isFalse();
    assertThat(pm("vendor", "!vendor/**").mustDescendInto("vendor")).isTrue();
    assertThat(pm("a", "!a**").mustDescendInto("a")).isTrue();
    assertThat(pm("a", "!ab**").mustDescendInto("a")).isFalse();
    assertThat(pm("a", "!x|y*").mustDescendInto("a")).isTrue(); // '|' can match anything
    assertThat(pm("a", "!a{2}*").mustDescendInto("a")).isTrue(); // "a{2}" is "aa"
  }

  @Test
  void theRootIsAlwaysWalkedWhenThereAreExceptions() {
    assertThat(pm("**", "!x").mustDescendInto("")).isTrue();
    assertThat(pm("**", "!x").mustDescendInto(".")).isTrue();
  }

  /**
   * For random patterns: whenever an excluded directory may be skipped, nothing below it is
   * included, and whenever docker's classic walker would walk it, so do we.
   */
  @Test
  void skippingNeverLosesAnIncludedPathAndIsNeverStricterThanDocker() {
    Random random = new Random(7);
    String[] pieces = {"a", "b", "ab", "*", "**", "?", "/", "[ab]", "|", "{2}", "{0}", "\\a", "x"};
    String[] names = {"a", "b", "ab", "x", "aa", "ba"};
    int checked = 0;
    for (int round = 0; round < 3000; round++) {
      List<String> patterns = new ArrayList<>();
      int count = 1 + random.nextInt(4);
      for (int i = 0; i < count; i++) {
        StringBuilder p = new StringBuilder(random.nextInt(3) == 0 ? "!" : "");
        for (int k = 1 + random.nextInt(4); k > 0; k--) {
          p.append(pieces[random.nextInt(pieces.length)]);
        }
        patterns.add(p.toString());
      }
      PatternMatcher pm;
      try {
        pm = PatternMatcher.compile(patterns);
      } catch (InvalidPatternException e) {
        continue;
      }
      for (int d = 0; d < 6; d++) {
        String dir = randomPath(random, names, 1 + random.nextInt(2));
        if (!pm.matches(dir)) {
          continue;
        }
        boolean descend = pm.mustDescendInto(dir);
        for (IgnoreRule rule : pm.rules()) {
          boolean dockerWalks = rule.isException() && (rule.text() + "/").startsWith(dir + "/");
          if (dockerWalks) {
            assertThat(descend).as("docker walks %s for %s", dir, patterns).isTrue();
          }
        }
        if (!descend) {
          for (int c = 0; c < 20; c++) {
            String below = dir + "/" + randomPath(random, names, 1 + random.nextInt(3));
            assertThat(pm.matches(below))
                .as("%s under skipped %s for %s", below, dir, patterns)
                .isTrue();
            checked++;
          }
        }
      }
    }
    assertThat(checked).isGreaterThan(1000);
  }

  private static String randomPath(Random random, String[] names, int depth) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      if (i > 0) {
        sb.append('/');
      }
      sb.append(names[random.nextInt(names.length)]);
    }
    return sb.toString();
  }
}
