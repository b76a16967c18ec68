package io.slipway.core.context;

/**
 * What is wrong with one {@code .dockerignore} pattern, as two sentence parts: the problem and the
 * fix. {@link InvalidPatternException} puts them after the quoted pattern.
 */
record PatternProblem(String what, String fix) {

  static PatternProblem loneExclamationMark() {
    return new PatternProblem(
        "an exception needs a path after '!'",
        "Write the path to re-include, such as \"!docs/README.md\", or delete the line.");
  }

  static PatternProblem trailingBackslash() {
    return new PatternProblem(
        "it ends with the escape character '\\'",
        "Remove it, or write '\\\\' to match a literal backslash.");
  }

  static PatternProblem unclosedClass() {
    return new PatternProblem(
        "unclosed character class '['", "Close it with ']' or escape it as '\\['.");
  }

  static PatternProblem emptyClass(String fragment) {
    return new PatternProblem(
        "empty character class \"" + fragment + "\"",
        "Put at least one character between the brackets (escape a literal ']' as '\\]'),"
            + " or escape the '[' as '\\['.");
  }

  static PatternProblem bareHyphen() {
    return new PatternProblem(
        "a '-' inside [...] is not part of a range",
        "Escape it as '\\-' to match a hyphen, or write a full range such as 'a-z'.");
  }

  static PatternProblem rangeWithoutEnd(String fragment) {
    return new PatternProblem(
        "the range in \"" + fragment + "\" has no end",
        "Escape the hyphen as '\\-' to match it, or finish the range, as in 'a-z'.");
  }

  static PatternProblem reversedRange(String range) {
    return new PatternProblem(
        "character range \"" + range + "\" is reversed (its first character sorts after its last)",
        "Write the range low to high, or escape the brackets as '\\[' and '\\]' if you meant"
            + " them literally.");
  }

  static PatternProblem unknownPosixClass(String name) {
    return new PatternProblem(
        "unknown character class \"" + name + "\"",
        "Use one of [:alnum:], [:alpha:], [:ascii:], [:blank:], [:cntrl:], [:digit:], [:graph:],"
            + " [:lower:], [:print:], [:punct:], [:space:], [:upper:], [:word:], [:xdigit:],"
            + " or escape the '[' as '\\[' to match it.");
  }

  static PatternProblem unknownUnicodeClass(String escape) {
    return new PatternProblem(
        "unknown Unicode class \"" + escape + "\"",
        "Docker reads '\\p' and '\\P' as regular-expression Unicode classes: use one of \\pL,"
            + " \\pM, \\pN, \\pP, \\pS, \\pZ or \\pC, or drop the backslash to match the letter.");
  }

  static PatternProblem invalidEscape(String escape) {
    return new PatternProblem(
        "\"" + escape + "\" is not a valid escape",
        "Docker hands a backslash followed by a letter, a digit or a non-ASCII character to its"
            + " regular-expression engine, which rejects this one. Drop the backslash to match"
            + " the character itself.");
  }

  static PatternProblem missingBracket() {
    return new PatternProblem(
        "a character class is not closed",
        "Add the missing ']' (a POSIX class needs its own brackets inside a class, as in"
            + " '[[:alpha:]]'), or escape the '[' as '\\['.");
  }

  static PatternProblem badRegexp(String detail) {
    return new PatternProblem(
        "docker cannot turn it into a regular expression (" + detail + ")",
        "Escape special characters with '\\', or simplify the pattern.");
  }
}
