package io.slipway.core.context;

import io.slipway.core.SlipwayException;

/**
 * A {@code .dockerignore} pattern that docker would refuse. The message quotes the pattern, says
 * where it is (the line of the file, or its position in the list), what is wrong and how to fix it.
 */
public final class InvalidPatternException extends SlipwayException {
  private static final long serialVersionUID = 1L;

  private final String pattern;
  private final String location;
  private final String problem;
  private final String fix;

  InvalidPatternException(String pattern, String location, PatternProblem problem) {
    this(pattern, location, problem.what(), problem.fix());
  }

  private InvalidPatternException(String pattern, String location, String problem, String fix) {
    super(
        "Invalid .dockerignore pattern \""
            + pattern
            + "\""
            + (location.isEmpty() ? "" : " (" + location + ")")
            + ": "
            + problem
            + ". "
            + fix);
    this.pattern = pattern;
    this.location = location;
    this.problem = problem;
    this.fix = fix;
  }

  /** The same problem, placed at a new location such as "line 3 of /ctx/.dockerignore". */
  InvalidPatternException at(String newLocation) {
    InvalidPatternException moved = new InvalidPatternException(pattern, newLocation, problem, fix);
    moved.setStackTrace(getStackTrace());
    return moved;
  }

  /** The pattern as it was given (trimmed). */
  public String pattern() {
    return pattern;
  }

  /** Where the pattern is, such as "line 3 of /ctx/.dockerignore" or "pattern 2"; may be empty. */
  public String location() {
    return location;
  }

  /** What is wrong, without the fix. */
  public String problem() {
    return problem;
  }

  /** How to fix it, as a sentence. */
  public String fix() {
    return fix;
  }
}
