package io.slipway.core.build.classic;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Rewrites the engine's terse build errors as sentences with the fix. */
final class EngineMessages {

  private static final Pattern PARSE_ERROR =
      Pattern.compile("(?i)^dockerfile parse error(?: on)? line (\\d+): (.*)$", Pattern.DOTALL);

  private EngineMessages() {}

  static String refused(int status, String message) {
    String m = message == null ? "" : message.trim();
    Matcher parse = PARSE_ERROR.matcher(m);
    if (parse.matches()) {
      return "The Dockerfile has an error on line "
          + parse.group(1)
          + ": "
          + parse.group(2)
          + ". Fix that line and build again.";
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
}
