package io.slipway.core.build;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rewrites the engine's terse build errors as sentences with the fix. */
public final class EngineMessages {

  private static final Pattern PARSE_ERROR =
      Pattern.compile("(?i)^dockerfile parse error(?: on)? line (\\d+): (.*)$", Pattern.DOTALL);

  /** BuildKit wraps the Dockerfile frontend's errors ("failed to solve with frontend …: "). */
  private static final Pattern FRONTEND_PREFIX =
      Pattern.compile(
          "^failed to solve with frontend [^:]+: (?:failed to create LLB definition: )?");

  private static final Pattern MISSING_TARGET =
      Pattern.compile("^target stage (\\S+) could not be found$");

  private EngineMessages() {}

  /** The engine answered POST /build with an error status before any output. */
  public static String refused(int status, String message) {
    String m = message == null ? "" : message.trim();
    Matcher parse = PARSE_ERROR.matcher(m);
    if (parse.matches()) {
      return parseError(parse);
    }
    if (m.startsWith("Cannot locate specified Dockerfile")) {
      return "The engine cannot find the Dockerfile in the build context ("
          + m
          + "). Check -f and .dockerignore.";
    }
    if (m.contains("failed to reach build target")) {
      return m + ". Check the stage names in the Dockerfile (FROM … AS name) and --target.";
    }
    if (m.isEmpty()) {
      return "The Docker engine refused the build (HTTP " + status + ") without saying why.";
    }
    return "The Docker engine refused the build (HTTP " + status + "): " + m;
  }

  /**
   * A BuildKit build that ended with an error no step owns: the Dockerfile could not be read or
   * turned into a build graph. Other messages are returned as they are.
   */
  public static String frontendError(String message) {
    String m = message == null ? "" : message.trim();
    Matcher prefix = FRONTEND_PREFIX.matcher(m);
    if (!prefix.find()) {
      return m;
    }
    String inner = m.substring(prefix.end());
    Matcher parse = PARSE_ERROR.matcher(inner);
    if (parse.matches()) {
      return parseError(parse);
    }
    Matcher target = MISSING_TARGET.matcher(inner);
    if (target.matches()) {
      return "There is no stage named \""
          + target.group(1)
          + "\" in the Dockerfile. Check the stage names (FROM … AS name) and --target.";
    }
    return m;
  }

  private static String parseError(Matcher parse) {
    return "The Dockerfile has an error on line "
        + parse.group(1)
        + ": "
        + parse.group(2)
        + ". Fix that line and build again.";
  }
}
