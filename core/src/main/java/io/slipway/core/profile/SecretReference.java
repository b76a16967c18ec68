package io.slipway.core.profile;

import io.slipway.core.SlipwayException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A build secret ({@code --secret}) by reference only: its id and where the value is read at build
 * time, a file or an environment variable. There is no field for the value itself, so a profile can
 * never hold one.
 *
 * <p>Exactly one of {@code file} and {@code env} must be set; a hand-edited profile with neither or
 * both loads and is reported by {@link ProfileValidation}.
 *
 * @param id what the Dockerfile names ({@code RUN --mount=type=secret,id=…})
 * @param file a file holding the secret
 * @param env the name of an environment variable holding the secret
 */
public record SecretReference(String id, Optional<Path> file, Optional<String> env) {

  public SecretReference {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(file, "file");
    env = Objects.requireNonNull(env, "env").filter(e -> !e.isEmpty());
  }

  public static SecretReference fromFile(String id, Path file) {
    return new SecretReference(id, Optional.of(file), Optional.empty());
  }

  public static SecretReference fromEnvironment(String id, String variable) {
    return new SecretReference(id, Optional.empty(), Optional.of(variable));
  }

  /**
   * Parses buildx's syntax: {@code id=ID,src=FILE} ({@code source} too), {@code id=ID,env=VAR},
   * {@code type=env,id=ID,src=VAR}, {@code type=file,…}. A relative file is resolved against {@code
   * workingDir}.
   *
   * @throws SlipwayException for a field that is not {@code key=value}, an unknown key or type
   */
  public static SecretReference parse(String text, Path workingDir) {
    String type = null;
    String id = "";
    String src = null;
    String env = null;
    for (String field : text.split(",")) {
      int eq = field.indexOf('=');
      if (eq < 0) {
        throw new SlipwayException(
            "Invalid --secret field \""
                + field
                + "\": write key=value, e.g. id=npmrc,src=$HOME/.npmrc or id=token,env=GH_TOKEN.");
      }
      String key = field.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = field.substring(eq + 1).trim();
      switch (key) {
        case "type":
          if (!value.equals("file") && !value.equals("env")) {
            throw new SlipwayException(
                "Unknown --secret type \"" + value + "\". Use type=file or type=env.");
          }
          type = value;
          break;
        case "id":
          id = value;
          break;
        case "src":
        case "source":
          src = value;
          break;
        case "env":
          env = value;
          break;
        default:
          throw new SlipwayException(
              "Unknown --secret key \"" + key + "\". Use id, src (a file) or env (a variable).");
      }
    }
    if ("env".equals(type) && env == null) {
      env = src;
      src = null;
    }
    Optional<Path> file = Optional.empty();
    if (src != null && !src.isEmpty()) {
      try {
        file = Optional.of(workingDir.resolve(src).toAbsolutePath().normalize());
      } catch (InvalidPathException e) {
        throw new SlipwayException("Invalid --secret file \"" + src + "\": " + e.getReason() + ".");
      }
    }
    return new SecretReference(id, file, Optional.ofNullable(env));
  }

  /** The {@code --secret} form. */
  public String toFlag() {
    return "id="
        + id
        + file.map(f -> ",src=" + f).orElse("")
        + env.map(e -> ",env=" + e).orElse("");
  }
}
