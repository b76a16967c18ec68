package io.slipway.core.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real docker credential helper for tests: an executable {@code /bin/sh} script named {@code
 * docker-credential-<name>} in a folder that tests put first on the child's {@code PATH} ({@link
 * #pathWith}). It answers {@code get} and {@code list} from the servers it was given, says
 * "credentials not found in native keychain" (exit 1) for others — or, {@link #answerUnknownEmpty},
 * answers empty fields with exit 0 as helper 0.6.4 does — and writes each call ("get URL", "list")
 * to {@code <name>.calls} beside it.
 */
public final class TestCredentialHelper {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private final Map<String, String[]> servers = new LinkedHashMap<>();
  private boolean unknownEmpty;

  private TestCredentialHelper(String name) {
    this.name = name;
  }

  /** A helper {@code docker-credential-<name>} that knows nothing yet. */
  public static TestCredentialHelper named(String name) {
    return new TestCredentialHelper(name);
  }

  /** Stores credentials for a server URL (exactly as {@code get} will be asked). */
  public TestCredentialHelper with(String serverUrl, String username, String secret) {
    servers.put(serverUrl, new String[] {username, secret});
    return this;
  }

  /** Answers unknown URLs as docker-credential-helpers 0.6.4 does: empty fields, exit 0. */
  public TestCredentialHelper answerUnknownEmpty() {
    unknownEmpty = true;
    return this;
  }

  /** Writes the executable into {@code dir}; returns its path. */
  public Path writeTo(Path dir) {
    StringBuilder get = new StringBuilder();
    ObjectNode list = JSON.createObjectNode();
    servers.forEach(
        (url, userSecret) -> {
          ObjectNode answer = JSON.createObjectNode();
          answer.put("ServerURL", url);
          answer.put("Username", userSecret[0]);
          answer.put("Secret", userSecret[1]);
          get.append("      ")
              .append(quote(url))
              .append(") printf '%s\\n' ")
              .append(quote(answer.toString()))
              .append(" ;;\n");
          list.put(url, userSecret[0]);
        });
    String unknown =
        unknownEmpty
            ? "printf '{\"ServerURL\":\"%s\",\"Username\":\"\",\"Secret\":\"\"}\\n' \"$url\""
            : "echo 'credentials not found in native keychain'; exit 1";
    String calls = quote(dir.resolve(name + ".calls").toString());
    String body =
        "case \"$1\" in\n"
            + "  get)\n"
            + "    read -r url\n"
            + "    echo \"get $url\" >> "
            + calls
            + "\n"
            + "    case \"$url\" in\n"
            + get
            + "      *) "
            + unknown
            + " ;;\n"
            + "    esac ;;\n"
            + "  list)\n"
            + "    echo list >> "
            + calls
            + "\n"
            + "    printf '%s\\n' "
            + quote(list.toString())
            + " ;;\n"
            + "  *) echo \"unknown action: $1\" >&2; exit 1 ;;\n"
            + "esac\n";
    return script(dir, name, body);
  }

  /** Writes {@code docker-credential-<name>} with this {@code /bin/sh} body; returns its path. */
  public static Path script(Path dir, String name, String body) {
    Path file = dir.resolve("docker-credential-" + name);
    try {
      Files.createDirectories(dir);
      Files.writeString(
          file,
          "#!/bin/sh\n# docker-credential-" + name + ", written by a Slipway test\n" + body,
          StandardCharsets.UTF_8);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** The calls made to helper {@code name} in {@code dir}, in order ("get URL", "list"). */
  public static List<String> calls(Path dir, String name) {
    Path file = dir.resolve(name + ".calls");
    try {
      return Files.exists(file) ? Files.readAllLines(file) : new ArrayList<>();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** This JVM's environment with {@code dir} first on {@code PATH}, plus {@code extra}. */
  public static Map<String, String> pathWith(Path dir, Map<String, String> extra) {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("PATH", dir + java.io.File.pathSeparator + env.getOrDefault("PATH", "/usr/bin:/bin"));
    env.putAll(extra);
    return env;
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
