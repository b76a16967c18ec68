package io.slipway.core.context;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * Translates a Go {@code regexp} expression (RE2 syntax with Go's default "Perl" flags) into a
 * {@link java.util.regex.Pattern} source that matches the same strings.
 *
 * <p>moby/patternmatcher turns a glob into a Go regexp by escaping only {@code .+()$} and passing
 * everything else through, so a {@code .dockerignore} pattern can reach much of Go's regexp syntax:
 * {@code [[:alpha:]]}, {@code \d}, {@code \p{Greek}}, {@code \x41}, {@code \b}, {@code a|b}, {@code
 * ?{2}} and even {@code \Q}. Java reads several of these differently ({@code [[a]]} is a nested
 * union, {@code &&} an intersection, {@code \s} includes VT, {@code \b} is Unicode-aware, {@code $}
 * also matches before a final newline), so rather than passing text through, this parses the Go
 * syntax and emits unambiguous Java: every class as explicit code point ranges and every literal as
 * {@code \x{...}} unless it is alphanumeric.
 *
 * <p>Errors mirror the expressions Go's {@code regexp.Compile} rejects. Flag groups such as {@code
 * (?i)}, which moby can never produce (it escapes every '('), are rejected as unsupported. Unicode
 * classes use Go's names with Java's Unicode tables.
 */
final class GoRegex {
  static final int MAX_RUNE = 0x10FFFF;

  /** Java for Go's ASCII-only {@code \b}/{@code \B}; lookarounds stay inside a matcher region. */
  private static final String WORD = "[0-9A-Za-z_]";

  private static final String WORD_BOUNDARY =
      "(?:(?<=" + WORD + ")(?!" + WORD + ")|(?<!" + WORD + ")(?=" + WORD + "))";
  private static final String NOT_WORD_BOUNDARY =
      "(?:(?<=" + WORD + ")(?=" + WORD + ")|(?<!" + WORD + ")(?!" + WORD + "))";

  /** Go's POSIX classes (ASCII only), as inclusive code point ranges. */
  private static final Map<String, int[]> POSIX =
      Map.ofEntries(
          Map.entry("alnum", new int[] {'0', '9', 'A', 'Z', 'a', 'z'}),
          Map.entry("alpha", new int[] {'A', 'Z', 'a', 'z'}),
          Map.entry("ascii", new int[] {0, 0x7F}),
          Map.entry("blank", new int[] {'\t', '\t', ' ', ' '}),
          Map.entry("cntrl", new int[] {0, 0x1F, 0x7F, 0x7F}),
          Map.entry("digit", new int[] {'0', '9'}),
          Map.entry("graph", new int[] {'!', '~'}),
          Map.entry("lower", new int[] {'a', 'z'}),
          Map.entry("print", new int[] {' ', '~'}),
          Map.entry("punct", new int[] {'!', '/', ':', '@', '[', '`', '{', '~'}),
          Map.entry("space", new int[] {'\t', '\r', ' ', ' '}),
          Map.entry("upper", new int[] {'A', 'Z'}),
          Map.entry("word", new int[] {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'}),
          Map.entry("xdigit", new int[] {'0', '9', 'A', 'F', 'a', 'f'}));

  /** Go's Perl classes {@code \d \s \w} (ASCII only; Go's {@code \s} has no VT). */
  private static final Map<Character, int[]> PERL =
      Map.of(
          'd', new int[] {'0', '9'},
          's', new int[] {'\t', '\n', '\f', '\r', ' ', ' '},
          'w', new int[] {'0', '9', 'A', 'Z', '_', '_', 'a', 'z'});

  /** Go's two-letter Unicode categories and the matching Java character types. */
  private static final Map<String, Integer> CATEGORY_TYPES =
      Map.ofEntries(
          Map.entry("Cc", (int) Character.CONTROL),
          Map.entry("Cf", (int) Character.FORMAT),
          Map.entry("Co", (int) Character.PRIVATE_USE),
          Map.entry("Cs", (int) Character.SURROGATE),
          Map.entry("Ll", (int) Character.LOWERCASE_LETTER),
          Map.entry("Lm", (int) Character.MODIFIER_LETTER),
          Map.entry("Lo", (int) Character.OTHER_LETTER),
          Map.entry("Lt", (int) Character.TITLECASE_LETTER),
          Map.entry("Lu", (int) Character.UPPERCASE_LETTER),
          Map.entry("Mc", (int) Character.COMBINING_SPACING_MARK),
          Map.entry("Me", (int) Character.ENCLOSING_MARK),
          Map.entry("Mn", (int) Character.NON_SPACING_MARK),
          Map.entry("Nd", (int) Character.DECIMAL_DIGIT_NUMBER),
          Map.entry("Nl", (int) Character.LETTER_NUMBER),
          Map.entry("No", (int) Character.OTHER_NUMBER),
          Map.entry("Pc", (int) Character.CONNECTOR_PUNCTUATION),
          Map.entry("Pd", (int) Character.DASH_PUNCTUATION),
          Map.entry("Pe", (int) Character.END_PUNCTUATION),
          Map.entry("Pf", (int) Character.FINAL_QUOTE_PUNCTUATION),
          Map.entry("Pi", (int) Character.INITIAL_QUOTE_PUNCTUATION),
          Map.entry("Po", (int) Character.OTHER_PUNCTUATION),
          Map.entry("Ps", (int) Character.START_PUNCTUATION),
          Map.entry("Sc", (int) Character.CURRENCY_SYMBOL),
          Map.entry("Sk", (int) Character.MODIFIER_SYMBOL),
          Map.entry("Sm", (int) Character.MATH_SYMBOL),
          Map.entry("So", (int) Character.OTHER_SYMBOL),
          Map.entry("Zl", (int) Character.LINE_SEPARATOR),
          Map.entry("Zp", (int) Character.PARAGRAPH_SEPARATOR),
          Map.entry("Zs", (int) Character.SPACE_SEPARATOR));

  /** Go's script names (Go 1.19, Unicode 13), case-sensitive as Go reads them. */
  private static final Set<String> GO_SCRIPTS =
      Set.of(
          ("Adlam Ahom Anatolian_Hieroglyphs Arabic Armenian Avestan Balinese Bamum Bassa_Vah Batak"
                  + " Bengali Bhaiksuki Bopomofo Brahmi Braille Buginese Buhid Canadian_Aboriginal"
                  + " Carian Caucasian_Albanian Chakma Cham Cherokee Chorasmian Common Coptic"
                  + " Cuneiform Cypriot Cyrillic Deseret Devanagari Dives_Akuru Dogra Duployan"
                  + " Egyptian_Hieroglyphs Elbasan Elymaic Ethiopic Georgian Glagolitic Gothic"
                  + " Grantha Greek Gujarati Gunjala_Gondi Gurmukhi Han Hangul Hanifi_Rohingya"
                  + " Hanunoo Hatran Hebrew Hiragana Imperial_Aramaic Inherited"
                  + " Inscriptional_Pahlavi Inscriptional_Parthian Javanese Kaithi Kannada Katakana"
                  + " Kayah_Li Kharoshthi Khitan_Small_Script Khmer Khojki Khudawadi Lao Latin"
                  + " Lepcha Limbu Linear_A Linear_B Lisu Lycian Lydian Mahajani Makasar Malayalam"
                  + " Mandaic Manichaean Marchen Masaram_Gondi Medefaidrin Meetei_Mayek"
                  + " Mende_Kikakui Meroitic_Cursive Meroitic_Hieroglyphs Miao Modi Mongolian Mro"
                  + " Multani Myanmar Nabataean Nandinagari New_Tai_Lue Newa Nko Nushu"
                  + " Nyiakeng_Puachue_Hmong Ogham Ol_Chiki Old_Hungarian Old_Italic"
                  + " Old_North_Arabian Old_Permic Old_Persian Old_Sogdian Old_South_Arabian"
                  + " Old_Turkic Oriya Osage Osmanya Pahawh_Hmong Palmyrene Pau_Cin_Hau Phags_Pa"
                  + " Phoenician Psalter_Pahlavi Rejang Runic Samaritan Saurashtra Sharada Shavian"
                  + " Siddham SignWriting Sinhala Sogdian Sora_Sompeng Soyombo Sundanese"
                  + " Syloti_Nagri Syriac Tagalog Tagbanwa Tai_Le Tai_Tham Tai_Viet Takri Tamil"
                  + " Tangut Telugu Thaana Thai Tibetan Tifinagh Tirhuta Ugaritic Vai Wancho"
                  + " Warang_Citi Yezidi Yi Zanabazar_Square")
              .split(" "));

  /** Ranges of the Unicode classes used so far, computed on first use. */
  private static final Map<String, int[]> UNICODE_TABLES = new ConcurrentHashMap<>();

  /** The expression Go would reject, with what to tell the user. */
  static final class SyntaxException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient PatternProblem problem;

    SyntaxException(PatternProblem problem) {
      super(problem.what(), null, false, false);
      this.problem = problem;
    }

    PatternProblem problem() {
      return problem;
    }
  }

  private final int[] s;
  private final String endText;
  private final StringBuilder out = new StringBuilder();
  private int pos;
  private int depth;
  private boolean usesEndOfText;
  private boolean usesAlternation;
  private boolean leadingAnchorRepeated;

  private GoRegex(String go, String endText) {
    this.s = go.codePoints().toArray();
    this.endText = endText;
  }

  /**
   * The translation: Java source, and three ways in which a match may not be a simple anchored
   * prefix: Go's {@code \z} appears; a top-level '|' does (moby leaves '|' unescaped, so "a*|b" is
   * an alternation whose second branch is not anchored); or the leading '^' is repeated ("{0}" at
   * the start of a pattern makes "^{0}", which removes the anchor).
   */
  record Translation(
      String java, boolean usesEndOfText, boolean usesAlternation, boolean leadingAnchorRepeated) {

    /** True when the expression can only match at the start and has no '|' and no "\z". */
    boolean isSimplyAnchored() {
      return !usesEndOfText && !usesAlternation && !leadingAnchorRepeated;
    }
  }

  /**
   * Translates {@code go}. Go's {@code $} (end of text, as Go compiles without multi-line mode)
   * becomes {@code endText}, which lets the caller widen "end of text" to "end of text or before a
   * '/'" for parent-directory matching. Go's {@code \z} is always Java's {@code \z}.
   */
  static Translation translate(String go, String endText) throws SyntaxException {
    GoRegex t = new GoRegex(go, endText);
    t.parse();
    return new Translation(
        t.out.toString(), t.usesEndOfText, t.usesAlternation, t.leadingAnchorRepeated);
  }

  private void parse() throws SyntaxException {
    // Go's parser stack, reduced to what its errors need: whether an operand precedes a repeat,
    // and whether the previous token was itself a repeat ("a**" is an error in Go).
    boolean operand = false;
    boolean lastWasRepeat = false;
    // True while the last operand is the very first token, a '^'.
    boolean anchorOnly = false;
    while (pos < s.length) {
      int c = s[pos];
      boolean repeat = false;
      boolean prevAnchorOnly = anchorOnly;
      anchorOnly = false;
      switch (c) {
        case '(':
          if (pos + 1 < s.length && s[pos + 1] == '?') {
            throw bad("flag groups are not supported");
          }
          out.append("(?:");
          depth++;
          pos++;
          operand = false;
          break;
        case '|':
          out.append('|');
          usesAlternation = true;
          pos++;
          operand = false;
          break;
        case ')':
          if (depth == 0) {
            throw bad("unexpected )");
          }
          out.append(')');
          depth--;
          pos++;
          operand = true;
          break;
        case '^':
          anchorOnly = out.length() == 0;
          out.append("(?:^)");
          pos++;
          operand = true;
          break;
        case '$':
          out.append("(?:").append(endText).append(')');
          pos++;
          operand = true;
          break;
        case '.':
          out.append("[^\\n]");
          pos++;
          operand = true;
          break;
        case '[':
          emitClass(parseClass());
          operand = true;
          break;
        case '*':
        case '+':
        case '?':
          checkRepeat(operand, lastWasRepeat);
          leadingAnchorRepeated |= prevAnchorOnly;
          out.appendCodePoint(c);
          pos++;
          lazySuffix();
          repeat = true;
          break;
        case '{':
          int[] bounds = parseRepeatBounds();
          if (bounds == null) {
            literal('{'); // Go reads a '{' that starts no valid repeat as a literal
            pos++;
            operand = true;
          } else {
            checkRepeat(operand, lastWasRepeat);
            leadingAnchorRepeated |= prevAnchorOnly;
            out.append('{').append(bounds[0]);
            if (bounds[1] != bounds[0]) {
              out.append(',');
              if (bounds[1] >= 0) {
                out.append(bounds[1]);
              }
            }
            out.append('}');
            lazySuffix();
            repeat = true;
          }
          break;
        case '\\':
          if (backslash()) {
            operand = true;
          } else {
            anchorOnly = prevAnchorOnly; // an empty "\Q\E" leaves the stack as it was
          }
          break;
        default:
          literal(c);
          pos++;
          operand = true;
      }
      lastWasRepeat = repeat;
    }
    if (depth > 0) {
      throw bad("missing closing )");
    }
  }

  private void checkRepeat(boolean operand, boolean lastWasRepeat) throws SyntaxException {
    if (lastWasRepeat) {
      throw bad("invalid nested repetition operator");
    }
    if (!operand) {
      throw bad("missing argument to repetition operator");
    }
  }

  private void lazySuffix() {
    if (pos < s.length && s[pos] == '?') {
      out.append('?');
      pos++;
    }
  }

  /**
   * Parses {n}, {n,} or {n,m} at pos like Go; returns {min, max (-1 = open)}, or null when the text
   * is no repeat and the '{' is a literal (as for "{,2}" or a number with a leading zero).
   */
  private int[] parseRepeatBounds() throws SyntaxException {
    int i = pos + 1;
    int start = i;
    i = skipDigits(i);
    if (i == start || i >= s.length || hasLeadingZero(start, i)) {
      return null;
    }
    int min = parseBound(start, i);
    int max = min;
    if (s[i] == ',') {
      i++;
      int start2 = i;
      i = skipDigits(i);
      if (hasLeadingZero(start2, i)) {
        return null;
      }
      max = i == start2 ? -1 : parseBound(start2, i);
    }
    if (i >= s.length || s[i] != '}') {
      return null;
    }
    if (min > 1000 || max > 1000 || (max >= 0 && max < min)) {
      throw bad("invalid repeat count");
    }
    pos = i + 1;
    return new int[] {min, max};
  }

  private int skipDigits(int i) {
    while (i < s.length && s[i] >= '0' && s[i] <= '9') {
      i++;
    }
    return i;
  }

  private boolean hasLeadingZero(int from, int to) {
    return to - from >= 2 && s[from] == '0';
  }

  private int parseBound(int from, int to) {
    // Go caps the digits it reads; anything over 1000 is an error either way.
    return to - from > 4 ? 100_000 : Integer.parseInt(new String(s, from, to - from));
  }

  /** Handles a top-level backslash; returns true when it produced an operand. */
  private boolean backslash() throws SyntaxException {
    if (pos + 1 < s.length) {
      switch (s[pos + 1]) {
        case 'A':
          out.append("(?:\\A)");
          pos += 2;
          return true;
        case 'z':
          out.append("(?:\\z)");
          usesEndOfText = true;
          pos += 2;
          return true;
        case 'b':
          out.append(WORD_BOUNDARY);
          pos += 2;
          return true;
        case 'B':
          out.append(NOT_WORD_BOUNDARY);
          pos += 2;
          return true;
        case 'C':
          throw new SyntaxException(PatternProblem.invalidEscape("\\C"));
        case 'Q':
          return quoted();
        case 'p':
        case 'P':
          emitClass(unicodeClass());
          return true;
        default:
          int[] perl = perlClass();
          if (perl != null) {
            emitClass(perl);
            return true;
          }
      }
    }
    literal(escape());
    return true;
  }

  /** Go's {@code \Q...\E}: literal text up to {@code \E} or the end of the expression. */
  private boolean quoted() {
    pos += 2;
    boolean any = false;
    while (pos < s.length) {
      if (s[pos] == '\\' && pos + 1 < s.length && s[pos + 1] == 'E') {
        pos += 2;
        break;
      }
      literal(s[pos++]);
      any = true;
    }
    return any;
  }

  /** Go's {@code parseEscape}: one escaped character at pos (a backslash). */
  private int escape() throws SyntaxException {
    int start = pos;
    pos++;
    if (pos >= s.length) {
      throw bad("trailing backslash at end of expression");
    }
    int c = s[pos++];
    if (c < 0x80 && !isAlnum(c)) {
      return c; // escaped punctuation is always itself
    }
    switch (c) {
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
        // A lone non-zero digit would be a backreference, which Go does not support.
        if (pos >= s.length || s[pos] < '0' || s[pos] > '7') {
          break;
        }
        return octal(c);
      case '0':
        return octal(c);
      case 'x':
        Integer hex = hexEscape();
        if (hex != null) {
          return hex;
        }
        break;
      case 'a':
        return 7;
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'v':
        return 0x0B;
      default:
        break;
    }
    throw new SyntaxException(
        PatternProblem.invalidEscape(new String(s, start, Math.min(pos, s.length) - start)));
  }

  private int octal(int first) {
    int r = first - '0';
    for (int k = 1; k < 3 && pos < s.length && s[pos] >= '0' && s[pos] <= '7'; k++) {
      r = r * 8 + s[pos++] - '0';
    }
    return r;
  }

  /** After "\x": two hex digits or {hex...}; null when malformed. */
  private Integer hexEscape() {
    if (pos >= s.length) {
      return null;
    }
    int c = s[pos++];
    if (c == '{') {
      int r = 0;
      int digits = 0;
      while (true) {
        if (pos >= s.length) {
          return null;
        }
        c = s[pos++];
        if (c == '}') {
          break;
        }
        int v = unhex(c);
        if (v < 0) {
          return null;
        }
        r = r * 16 + v;
        if (r > MAX_RUNE) {
          return null;
        }
        digits++;
      }
      return digits == 0 ? null : r;
    }
    int x = unhex(c);
    if (pos >= s.length) {
      return null;
    }
    int y = unhex(s[pos++]);
    return x < 0 || y < 0 ? null : x * 16 + y;
  }

  /** A Perl class escape at pos ({@code \d \D \s \S \w \W}), or null. */
  private int[] perlClass() {
    if (pos + 1 >= s.length) {
      return null;
    }
    int c = s[pos + 1];
    int[] base = c < 0x80 ? PERL.get(Character.toLowerCase((char) c)) : null;
    if (base == null) {
      return null;
    }
    pos += 2;
    return Character.isUpperCase(c) ? RangeSet.complement(base) : base;
  }

  /** {@code \pX}, {@code \PX}, {@code \p{...}} at pos, as Go's parseUnicodeClass reads them. */
  private int[] unicodeClass() throws SyntaxException {
    int start = pos;
    boolean negate = s[pos + 1] == 'P';
    pos += 2;
    String name;
    if (pos >= s.length) {
      name = "";
    } else if (s[pos] != '{') {
      name = new String(s, pos, 1);
      pos++;
    } else {
      int end = pos;
      while (end < s.length && s[end] != '}') {
        end++;
      }
      if (end >= s.length) {
        throw new SyntaxException(
            PatternProblem.unknownUnicodeClass(new String(s, start, s.length - start)));
      }
      name = new String(s, pos + 1, end - pos - 1);
      pos = end + 1;
    }
    String seq = new String(s, start, pos - start);
    if (name.startsWith("^")) {
      negate = !negate;
      name = name.substring(1);
    }
    int[] table = unicodeTable(name);
    if (table == null) {
      throw new SyntaxException(PatternProblem.unknownUnicodeClass(seq));
    }
    return negate ? RangeSet.complement(table) : table;
  }

  /**
   * Go's {@code unicodeTable}: "Any", a general category, or a script. The names are Go's (Unicode
   * 13, as in Go 1.19); the ranges come from Java's own Unicode data. Go's "C" omits unassigned
   * code points (Cn), unlike Java's {@code \\p{C}}.
   */
  private static int[] unicodeTable(String name) {
    if (name.equals("Any")) {
      return new int[] {0, MAX_RUNE};
    }
    long types = categoryTypes(name);
    if (types != 0) {
      return UNICODE_TABLES.computeIfAbsent(
          name, k -> ranges(cp -> (types & (1L << Character.getType(cp))) != 0));
    }
    if (!GO_SCRIPTS.contains(name)) {
      return null;
    }
    Character.UnicodeScript script;
    try {
      script = Character.UnicodeScript.valueOf(name.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
    return UNICODE_TABLES.computeIfAbsent(
        name, k -> ranges(cp -> Character.UnicodeScript.of(cp) == script));
  }

  /** The Java character types of a Go category name, as a bit mask; 0 when not a category. */
  private static long categoryTypes(String name) {
    if (name.length() == 1) {
      long all = 0;
      for (Map.Entry<String, Integer> e : CATEGORY_TYPES.entrySet()) {
        if (e.getKey().charAt(0) == name.charAt(0)) {
          all |= 1L << e.getValue();
        }
      }
      return all;
    }
    Integer type = CATEGORY_TYPES.get(name);
    return type == null ? 0 : 1L << type;
  }

  private static int[] ranges(IntPredicate in) {
    RangeSet set = new RangeSet();
    int runStart = -1;
    for (int cp = 0; cp <= MAX_RUNE + 1; cp++) {
      boolean member = cp <= MAX_RUNE && in.test(cp);
      if (member && runStart < 0) {
        runStart = cp;
      } else if (!member && runStart >= 0) {
        set.add(runStart, cp - 1);
        runStart = -1;
      }
    }
    return set.toArray();
  }

  /** Go's parseClass, at pos on '['. Returns the class as sorted inclusive ranges. */
  private int[] parseClass() throws SyntaxException {
    pos++;
    boolean negate = false;
    if (pos < s.length && s[pos] == '^') {
      negate = true;
      pos++;
    }
    RangeSet set = new RangeSet();
    // A ']' right after '[' or '[^' is a literal in Go, not the end of the class.
    boolean first = true;
    while (pos >= s.length || s[pos] != ']' || first) {
      first = false;
      if (s.length - pos > 2 && s[pos] == '[' && s[pos + 1] == ':') {
        // Go looks for ":]" anywhere further on, even past this class.
        int close = indexOf(':', ']', pos + 2);
        if (close >= 0) {
          String name = new String(s, pos, close + 2 - pos);
          int[] group = posixClass(name);
          if (group == null) {
            throw new SyntaxException(PatternProblem.unknownPosixClass(name));
          }
          set.addAll(group);
          pos = close + 2;
          continue;
        }
      }
      if (s.length - pos >= 2 && s[pos] == '\\' && (s[pos + 1] == 'p' || s[pos + 1] == 'P')) {
        set.addAll(unicodeClass());
        continue;
      }
      int[] perl = perlClass();
      if (perl != null) {
        set.addAll(perl);
        continue;
      }
      int rangeStart = pos;
      int lo = classChar();
      int hi = lo;
      // "[a-]" means 'a' or '-', so a '-' only makes a range when no ']' follows it.
      if (s.length - pos >= 2 && s[pos] == '-' && s[pos + 1] != ']') {
        pos++;
        hi = classChar();
        if (hi < lo) {
          throw new SyntaxException(
              PatternProblem.reversedRange(new String(s, rangeStart, pos - rangeStart)));
        }
      }
      set.add(lo, hi);
    }
    pos++; // the closing ']'
    int[] ranges = set.toArray();
    return negate ? RangeSet.complement(ranges) : ranges;
  }

  private int classChar() throws SyntaxException {
    if (pos >= s.length) {
      throw new SyntaxException(PatternProblem.missingBracket());
    }
    if (s[pos] == '\\') {
      return escape();
    }
    return s[pos++];
  }

  private static int[] posixClass(String name) {
    // name is "[:alpha:]" or "[:^alpha:]"
    String inner = name.substring(2, name.length() - 2);
    boolean negate = inner.startsWith("^");
    int[] base = POSIX.get(negate ? inner.substring(1) : inner);
    if (base == null) {
      return null;
    }
    return negate ? RangeSet.complement(base) : base;
  }

  private int indexOf(int a, int b, int from) {
    for (int i = from; i + 1 < s.length; i++) {
      if (s[i] == a && s[i + 1] == b) {
        return i;
      }
    }
    return -1;
  }

  private void literal(int cp) {
    if (cp < 0x80 && (isAlnum(cp) || cp == '/' || cp == '_' || cp == '-')) {
      out.append((char) cp);
    } else {
      out.append("\\x{").append(Integer.toHexString(cp)).append('}');
    }
  }

  private void emitClass(int[] ranges) {
    if (ranges.length == 0) {
      out.append("[^\\x{0}-\\x{10ffff}]"); // matches nothing, as an empty Go class does
      return;
    }
    out.append('[');
    for (int i = 0; i < ranges.length; i += 2) {
      out.append("\\x{").append(Integer.toHexString(ranges[i])).append('}');
      if (ranges[i + 1] != ranges[i]) {
        out.append("-\\x{").append(Integer.toHexString(ranges[i + 1])).append('}');
      }
    }
    out.append(']');
  }

  private SyntaxException bad(String detail) {
    return new SyntaxException(PatternProblem.badRegexp(detail));
  }

  private static boolean isAlnum(int c) {
    return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z';
  }

  private static int unhex(int c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** A growable list of inclusive code point ranges, normalised on {@link #toArray()}. */
  static final class RangeSet {
    private int[] r = new int[16];
    private int n;

    void add(int lo, int hi) {
      if (n + 2 > r.length) {
        r = Arrays.copyOf(r, r.length * 2);
      }
      r[n++] = lo;
      r[n++] = hi;
    }

    void addAll(int[] ranges) {
      for (int i = 0; i < ranges.length; i += 2) {
        add(ranges[i], ranges[i + 1]);
      }
    }

    /** Sorted, merged ranges as {lo0, hi0, lo1, hi1, ...}. */
    int[] toArray() {
      int pairs = n / 2;
      long[] packed = new long[pairs];
      for (int i = 0; i < pairs; i++) {
        packed[i] = ((long) r[2 * i] << 32) | r[2 * i + 1];
      }
      Arrays.sort(packed);
      int[] merged = new int[n];
      int m = 0;
      for (long p : packed) {
        int lo = (int) (p >>> 32);
        int hi = (int) p;
        if (m > 0 && lo <= merged[m - 1] + 1) {
          merged[m - 1] = Math.max(merged[m - 1], hi);
        } else {
          merged[m++] = lo;
          merged[m++] = hi;
        }
      }
      return Arrays.copyOf(merged, m);
    }

    /** The complement within [0, MAX_RUNE] of sorted, merged ranges. */
    static int[] complement(int[] ranges) {
      RangeSet out = new RangeSet();
      int next = 0;
      for (int i = 0; i < ranges.length; i += 2) {
        if (ranges[i] > next) {
          out.add(next, ranges[i] - 1);
        }
        next = ranges[i + 1] + 1;
      }
      if (next <= MAX_RUNE) {
        out.add(next, MAX_RUNE);
      }
      return out.toArray();
    }
  }
}
