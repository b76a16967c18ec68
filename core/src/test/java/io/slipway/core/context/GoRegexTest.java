package io.slipway.core.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Go regexp syntax read the Go way. Expected answers come from Go's regexp.MatchString; many are
 * places where Java would read the same text differently (nested classes, "&&", \\s, \\b, $, .).
 */
class GoRegexTest {

  private static boolean goMatch(String goRegex, String input) throws GoRegex.SyntaxException {
    return Pattern.compile(GoRegex.translate(goRegex, "\\z").java()).matcher(input).find();
  }

  static Stream<Arguments> matchCases() {
    return Stream.of(
        Arguments.of("^[[a]]$", "[]", true),
        Arguments.of("^[[a]]$", "a]", true),
        Arguments.of("^[[a]]$", "a", false),
        Arguments.of("^[[a]]$", "[", false),
        Arguments.of("^[[a]]$", "[a]", false),
        Arguments.of("^[a&&b]$", "&", true),
        Arguments.of("^[a&&b]$", "b", true),
        Arguments.of("^[a&&b]$", "&&", false),
        Arguments.of("^\\s$", "\u000b", false),
        Arguments.of("^\\s$", " ", true),
        Arguments.of("^\\s$", "\n", true),
        Arguments.of("^\\bé", "é", false),
        Arguments.of("^\\bé", "aé", false),
        Arguments.of("^a\\b", "a", true),
        Arguments.of("^a\\b", "aé", true),
        Arguments.of("^a\\b", "ab", false),
        Arguments.of("^a\\b", "a-", true),
        Arguments.of("^a$", "a\n", false),
        Arguments.of("^a$", "a", true),
        Arguments.of("^.$", "\n", false),
        Arguments.of("^.$", "\r", true),
        Arguments.of("^.$", "\u2028", true),
        Arguments.of("^.$", "😀", true),
        Arguments.of("^[^a]$", "\n", true),
        Arguments.of("^[^a]$", "a", false),
        Arguments.of("^[^a]$", "😀", true),
        Arguments.of("^[[:^alpha:]]$", "1", true),
        Arguments.of("^[[:^alpha:]]$", "a", false),
        Arguments.of("^[[:^alpha:]]$", "é", true),
        Arguments.of("^[\\d-z]$", "5", true),
        Arguments.of("^[\\d-z]$", "-", true),
        Arguments.of("^[\\d-z]$", "z", true),
        Arguments.of("^[\\d-z]$", "a", false),
        Arguments.of("^\\x41\\101\\x{1F600}$", "AA😀", true),
        Arguments.of("^\\Qa.b\\E.$", "a.bx", true),
        Arguments.of("^\\Qa.b\\E.$", "aXbx", false),
        Arguments.of("^\\pN\\PL$", "51", true),
        Arguments.of("^\\pN\\PL$", "5a", false),
        Arguments.of("^\\p{^Greek}$", "a", true),
        Arguments.of("^\\p{^Greek}$", "α", false),
        Arguments.of("^a{,2}$", "a{,2}", true),
        Arguments.of("^a{,2}$", "aa", false),
        Arguments.of("^a{2,}$", "aaa", true),
        Arguments.of("^a{2,}$", "a", false),
        Arguments.of("^a*?b$", "aab", true),
        Arguments.of("^[^\\x00-\\x{10FFFF}]$", "a", false),
        Arguments.of("^(a|)$", "", true),
        Arguments.of("^(a|)$", "a", true),
        Arguments.of("^[]a]$", "]", true),
        Arguments.of("^[]a]$", "a", true),
        Arguments.of("^[^]a]$", "]", false),
        Arguments.of("^[^]a]$", "b", true),
        Arguments.of("^[a-]$", "-", true),
        Arguments.of("^[a-]$", "a", true),
        Arguments.of("^\\_$", "_", true),
        Arguments.of("^[\\pL\\d]$", "é", true),
        Arguments.of("^[\\pL\\d]$", "5", true),
        Arguments.of("^[\\pL\\d]$", "-", false),
        Arguments.of("^\\0$", "\u0000", true),
        Arguments.of("^\\12$", "\n", true),
        Arguments.of("^[[:word:][:space:]]$", "_", true),
        Arguments.of("^[[:word:][:space:]]$", " ", true),
        Arguments.of("^[[:word:][:space:]]$", "-", false),
        Arguments.of("^\\v\\a\\f$", "\u000b\u0007\f", true),
        Arguments.of("^x\\Ay", "xy", false),
        Arguments.of("\\z^", "", true),
        Arguments.of("^\\pC$", "\u0378", false),
        Arguments.of("^\\pC$", "\u0000", true));
  }

  @ParameterizedTest(name = "{0} ~ {1} -> {2}")
  @MethodSource("matchCases")
  void matchesLikeGo(String goRegex, String input, boolean expected) throws Exception {
    assertThat(goMatch(goRegex, input)).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "[z-a]",
        "\\8",
        "(a",
        "a)",
        "a{2,1}",
        "a**",
        "a*?*",
        "*a",
        "|*",
        "[[:foo:]]",
        "\\p{Foo}",
        "\\pX",
        "\\x{110000}",
        "\\xZ1",
        "\\x{}",
        "[a-\\d]",
        "[[:alpha:]",
        "\\",
        "\\\u00e9",
        "a{1001}",
        "\\C",
        "\\E"
      })
  void rejectsWhatGoRejects(String goRegex) {
    assertThatThrownBy(() -> GoRegex.translate(goRegex, "\\z"))
        .isInstanceOf(GoRegex.SyntaxException.class);
  }

  @Test
  void flagGroupsAreUnsupportedAsMobyNeverProducesThem() {
    // Go accepts these; moby escapes every '(' of a pattern, so they cannot reach the parser.
    assertThatThrownBy(() -> GoRegex.translate("(?i)a", "\\z"))
        .isInstanceOf(GoRegex.SyntaxException.class);
  }

  @Test
  void reportsEndOfTextAndAlternation() throws Exception {
    assertThat(GoRegex.translate("^a$", "\\z").usesEndOfText()).isFalse();
    assertThat(GoRegex.translate("^a\\z$", "\\z").usesEndOfText()).isTrue();
    assertThat(GoRegex.translate("^a|b$", "\\z").usesAlternation()).isTrue();
    assertThat(GoRegex.translate("^[a|b]\\|$", "\\z").usesAlternation()).isFalse();
  }

  @Test
  void reportsARepeatedLeadingAnchor() throws Exception {
    assertThat(GoRegex.translate("^{0}a", "\\z").leadingAnchorRepeated()).isTrue();
    assertThat(GoRegex.translate("^\\Q\\E?a", "\\z").leadingAnchorRepeated()).isTrue();
    assertThat(GoRegex.translate("^a{0}", "\\z").leadingAnchorRepeated()).isFalse();
    assertThat(GoRegex.translate("^a$", "\\z").isSimplyAnchored()).isTrue();
  }

  @Test
  void endOfTextIsReplaceable() throws Exception {
    Pattern p = Pattern.compile(GoRegex.translate("^a[^/]*$", "(?=/|\\z)").java());
    assertThat(p.matcher("ab/c").lookingAt()).isTrue();
    assertThat(p.matcher("ab").lookingAt()).isTrue();
    assertThat(p.matcher("x/ab").lookingAt()).isFalse();
  }
}
