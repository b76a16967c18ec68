package io.slipway.core.context;

import io.slipway.core.SlipwayException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code .dockerignore} files like the docker CLI (moby/patternmatcher's {@code
 * ignorefile.ReadAll}).
 *
 * <ul>
 *   <li>Lines end at '\n'; one '\r' before it is dropped. A UTF-8 BOM opening the file is dropped.
 *   <li>A line whose very first character is '#' is a comment. "&nbsp;#x" is a pattern.
 *   <li>Patterns are trimmed of Unicode white space; blank lines are skipped.
 *   <li>A leading '!' (exception) is kept, and white space after it is trimmed too.
 *   <li>The rest is cleaned like Go's {@code filepath.Clean} and one leading '/' is dropped, so
 *       "/a", "./a" and "b/../a" all read as "a".
 *   <li>A line of 64 KiB or more makes docker fail to read the file, and so it does here.
 * </ul>
 */
public final class DockerIgnore {
  /** The file docker reads from the context root. */
  public static final String FILE_NAME = ".dockerignore";

  /** Go's bufio.Scanner refuses a line this long or longer (its token buffer is 64 KiB). */
  static final int MAX_LINE_BYTES = 64 * 1024;

  private DockerIgnore() {}

  /** A pattern and the 1-based line it came from. */
  public record Line(int number, String pattern) {}

  /**
   * Parses {@code .dockerignore} content into patterns, in order; exceptions keep their '!'. A lone
   * "!" is returned as is and rejected by {@link PatternMatcher#compile}.
   */
  public static List<String> parse(String content) {
    List<Line> lines = parseLines(content, FILE_NAME);
    List<String> patterns = new ArrayList<>(lines.size());
    for (Line line : lines) {
      patterns.add(line.pattern());
    }
    return patterns;
  }

  /** As {@link #parse}, keeping each pattern's line number for error messages. */
  public static List<Line> parseLines(String content) {
    return parseLines(content, FILE_NAME);
  }

  private static List<Line> parseLines(String content, String source) {
    List<Line> out = new ArrayList<>();
    int n = content.length();
    int start = 0;
    int number = 0;
    while (start < n) {
      int nl = content.indexOf('\n', start);
      int end = nl < 0 ? n : nl;
      number++;
      if (utf8Length(content, start, end) >= MAX_LINE_BYTES) {
        throw new SlipwayException(
            "Line "
                + number
                + " of "
                + source
                + " is 64 KiB or longer, and docker cannot read such a file. Shorten or split"
                + " the line.");
      }
      String line = content.substring(start, end);
      start = nl < 0 ? n : nl + 1;
      if (line.endsWith("\r")) {
        line = line.substring(0, line.length() - 1);
      }
      if (number == 1 && line.startsWith("\uFEFF")) {
        line = line.substring(1);
      }
      // Comments are recognised before trimming: only a '#' in the first column starts one.
      if (line.startsWith("#")) {
        continue;
      }
      String pattern = GoPaths.trimSpace(line);
      if (pattern.isEmpty()) {
        continue;
      }
      boolean invert = pattern.charAt(0) == '!';
      if (invert) {
        pattern = GoPaths.trimSpace(pattern.substring(1));
      }
      if (!pattern.isEmpty()) {
        pattern = GoPaths.clean(pattern);
        if (pattern.length() > 1 && pattern.charAt(0) == '/') {
          pattern = pattern.substring(1);
        }
      }
      out.add(new Line(number, invert ? "!" + pattern : pattern));
    }
    return out;
  }

  /**
   * Reads {@code contextDir/.dockerignore}; an empty list when there is none (a dangling link
   * counts as none, as in docker).
   *
   * @throws SlipwayException when the file exists but cannot be read, or has a line docker refuses
   */
  public static List<String> read(Path contextDir) {
    Path file = contextDir.resolve(FILE_NAME);
    String content = readContent(file);
    return content == null
        ? List.of()
        : parseLines(content, file.toString()).stream().map(Line::pattern).toList();
  }

  /**
   * Reads and compiles {@code contextDir/.dockerignore}; {@link PatternMatcher#none()} when there
   * is none. An invalid pattern is reported with its line and the file's path.
   */
  public static PatternMatcher load(Path contextDir) {
    Path file = contextDir.resolve(FILE_NAME);
    String content = readContent(file);
    if (content == null) {
      return PatternMatcher.none();
    }
    List<Line> lines = parseLines(content, file.toString());
    List<String> patterns = lines.stream().map(Line::pattern).toList();
    return PatternMatcher.compile(patterns, i -> "line " + lines.get(i).number() + " of " + file);
  }

  /** The file's text, or null when it does not exist. */
  private static String readContent(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return null;
    } catch (AccessDeniedException e) {
      throw new SlipwayException(
          "Cannot read " + file + ": permission denied. Make it readable, or delete it.", e);
    } catch (IOException e) {
      String reason =
          e instanceof FileSystemException fse && fse.getReason() != null
              ? fse.getReason()
              : e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
      throw new SlipwayException(
          "Cannot read " + file + ": " + reason + ". Make it a readable file, or delete it.", e);
    }
    // Go keeps bytes that are not UTF-8; Java cannot, so they become U+FFFD.
    return new String(bytes, StandardCharsets.UTF_8);
  }

  /** The UTF-8 length of s[from, to), as Go counts the line's bytes. */
  private static int utf8Length(String s, int from, int to) {
    int bytes = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes++;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < to
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
