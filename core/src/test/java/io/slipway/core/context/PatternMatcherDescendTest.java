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
  void wildcardExceptionsDoNotReopenAnExcludedFolderAsInTheDockerCli() {
    // docker's walker skips these folders: an exception reopens one only by naming it.
    assertThat(pm("node_modules", "!**/*.md").mustDescendInto("node_modules")).isFalse();
    assertThat(pm("node_modules", "!*/keep").mustDescendInto("node_modules")).isFalse();
    assertThat(pm("node_modules", "!node_*/keep").mustDescendInto("node_modules")).isFalse();
    assertThat(pm("node_modules", "!node_modules/keep").mustDescendInto("node_modules")).isTrue();
    assertThat(pm("vendor", "!vendor/**").mustDescendInto("vendor")).isTrue();
    assertThat(pm("vendor", "!vendor").mustDescendInto("vendor")).isTrue();
    assertThat(pm("a", "!ab/c").mustDescendInto("a")).isFalse();
  }

  @Test
  void theRootIsAlwaysWalkedWhenThereAreExceptions() {
    assertThat(pm("**", "!x").mustDescendInto("")).isTrue();
    assertThat(pm("**", "!x").mustDescendInto(".")).isTrue();
  }

  /** For random patterns, the walk decision is exactly the docker CLI's (pkg/archive) rule. */
  @Test
  void theWalkDecisionIsExactlyDockersRule() {
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
        boolean dockerWalks = false;
        for (IgnoreRule rule : pm.rules()) {
          dockerWalks |= rule.isException() && (rule.text() + "/").startsWith(dir + "/");
        }
        assertThat(pm.mustDescendInto(dir))
            .as("walk %s for %s", dir, patterns)
            .isEqualTo(dockerWalks);
        checked++;
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
