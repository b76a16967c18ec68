package io.slipway.core.context;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Decides which context paths a {@code .dockerignore} excludes, with the semantics of
 * moby/patternmatcher's {@code MatchesOrParentMatches} as the docker CLI uses it.
 *
 * <ul>
 *   <li>{@code *} is any run of characters other than '/', {@code ?} one such character, {@code
 *       [...]} a class with Go regexp syntax, and '\' escapes the next character (a letter after it
 *       is a Go regexp escape, so {@code \d} is a digit). In a pattern with any of these, '|', '{'
 *       and '}' keep their regexp meaning too, as docker fails to escape them: "a*|b" also excludes
 *       every path ending in 'b'.
 *   <li>{@code **} spans directories: "**&#47;" may match nothing, a trailing "**" matches
 *       everything below, and a pattern that starts with "**" matches by suffix.
 *   <li>A pattern also matches every path below a directory it matches.
 *   <li>Patterns apply in order and the last one that matches wins; a leading '!' marks an
 *       exception that re-includes what it matches.
 * </ul>
 *
 * <p>Paths given to {@link #matches} should be relative to the context, '/'-separated and clean (no
 * leading "./", no "..", no trailing '/'): that is the fast path. Other paths get moby's exact
 * (slower) treatment. The root ("" or ".") is never excluded.
 *
 * <p>Unlike docker, which finds a pattern that Go's regexp rejects only when it first reaches it
 * while walking, {@link #compile} rejects it up front. Immutable and thread-safe.
 */
public final class PatternMatcher {
  private static final PatternMatcher NONE = new PatternMatcher(List.of(), new IgnoreRule[0]);

  private final List<String> patterns;
  private final IgnoreRule[] rules;
  private final boolean hasExceptions;

  private PatternMatcher(List<String> patterns, IgnoreRule[] rules) {
    this.patterns = patterns;
    this.rules = rules;
    boolean any = false;
    for (IgnoreRule rule : rules) {
      any |= rule.isException();
    }
    this.hasExceptions = any;
  }

  /**
   * Compiles patterns as moby's {@code patternmatcher.New} does: each is trimmed (blank ones are
   * skipped), cleaned like Go's {@code filepath.Clean}, and a leading '!' makes it an exception.
   *
   * @throws InvalidPatternException for a lone "!" or a pattern docker cannot match; the location
   *     is the 1-based position in {@code patterns}
   */
  public static PatternMatcher compile(List<String> patterns) {
    return compile(patterns, i -> "pattern " + (i + 1));
  }

  /** As {@link #compile(List)}, naming the location of pattern i with {@code locate}. */
  static PatternMatcher compile(List<String> patterns, IntFunction<String> locate) {
    List<String> cleaned = new ArrayList<>(patterns.size());
    List<IgnoreRule> rules = new ArrayList<>(patterns.size());
    for (int i = 0; i < patterns.size(); i++) {
      String given = GoPaths.trimSpace(patterns.get(i));
      if (given.isEmpty()) {
        continue;
      }
      // moby cleans before looking at '!', so "!./a" keeps its "./" (and never matches).
      String p = GoPaths.clean(given);
      boolean exception = p.charAt(0) == '!';
      if (exception) {
        if (p.length() == 1) {
          throw new InvalidPatternException(
              given, locate.apply(i), PatternProblem.loneExclamationMark());
        }
        p = p.substring(1);
      }
      try {
        rules.add(IgnoreRule.compile(p, exception));
      } catch (GoRegex.SyntaxException e) {
        throw new InvalidPatternException(given, locate.apply(i), e.problem());
      }
      cleaned.add(exception ? "!" + p : p);
    }
    return new PatternMatcher(
        Collections.unmodifiableList(cleaned), rules.toArray(new IgnoreRule[0]));
  }

  /** A matcher that excludes nothing. */
  public static PatternMatcher none() {
    return NONE;
  }

  /**
   * True when the path is excluded: the last pattern that matches the path or one of its parent
   * directories is not an exception.
   */
  public boolean matches(String path) {
    if (path.isEmpty() || path.equals(".")) {
      return false;
    }
    if (!GoPaths.isCleanRelative(path)) {
      return matchesUnclean(path);
    }
    boolean matched = false;
    for (IgnoreRule rule : rules) {
      // As in moby: an ordinary pattern cannot change an already excluded path, nor an exception
      // an included one, so neither needs evaluating. Skipping them keeps "last match wins".
      if (rule.isException() != matched) {
        continue;
      }
      if (rule.matchesSelfOrParent(path)) {
        matched = !rule.isException();
      }
    }
    return matched;
  }

  /** moby's rules verbatim for a path that is not clean: its parents come from Go's Dir. */
  private boolean matchesUnclean(String path) {
    List<String> parents = GoPaths.parents(path);
    boolean matched = false;
    for (IgnoreRule rule : rules) {
      if (rule.isException() != matched) {
        continue;
      }
      boolean match = rule.matches(path);
      for (int i = 0; !match && i < parents.size(); i++) {
        match = rule.matches(parents.get(i));
      }
      if (match) {
        matched = !rule.isException();
      }
    }
    return matched;
  }

  /** True if any pattern is an exception ('!'). */
  public boolean hasExceptions() {
    return hasExceptions;
  }

  /**
   * For a directory that {@link #matches} excludes: true when the walker must still look inside it,
   * because an exception might re-include the directory or something below it. When false, nothing
   * below the directory can be included, so the walker may skip it whole.
   *
   * <p>docker's classic tar walker descends only when an exception's text plus '/' starts with
   * {@code dir + "/"}. This answers true in every such case and, like BuildKit's walker, also for
   * exceptions with wildcards that could match below the directory (such as "!**&#47;*.md" or
   * "!*&#47;keep"). Those re-included files are what {@link #matches} says, so walking and then
   * matching gives exactly the paths that {@code matches} keeps; docker's classic walker would
   * silently drop them.
   */
  public boolean mustDescendInto(String dir) {
    if (!hasExceptions) {
      return false;
    }
    if (dir.isEmpty() || dir.equals(".")) {
      return true;
    }
    String dirSlash = dir + "/";
    for (IgnoreRule rule : rules) {
      if (rule.isException() && rule.couldMatchAtOrBelow(dir, dirSlash)) {
        return true;
      }
    }
    return false;
  }

  /** The compiled patterns in order: trimmed, cleaned, exceptions with their '!'. */
  public List<String> patterns() {
    return patterns;
  }

  /** The compiled rules, for tests. */
  List<IgnoreRule> rules() {
    return List.of(rules);
  }

  @Override
  public String toString() {
    return "PatternMatcher" + patterns;
  }
}
