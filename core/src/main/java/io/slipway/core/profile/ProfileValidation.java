package io.slipway.core.profile;

import io.slipway.core.build.BuildArg;
import io.slipway.core.build.ImageReference;
import io.slipway.core.build.selection.BuilderChoice;
import io.slipway.core.context.ContextSource;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks what a profile's fields mean, and reports <em>every</em> problem at once, each with the
 * field (named as in the profile's JSON) and a sentence that names the fix. Reads nothing from the
 * disk: whether a folder exists is the build's business, since a profile may name one that is
 * mounted later.
 */
public final class ProfileValidation {

  /** docker's {@code opts.ValidateExtraHost}, as the request checks use it. */
  private static final Pattern EXTRA_HOST = Pattern.compile("^[^:\\s]+:[^\\s]+$");

  private static final Pattern PLATFORM =
      Pattern.compile("[A-Za-z0-9_.-]+(?:/[A-Za-z0-9_.-]+){0,2}");
  private static final List<String> HOST_SCHEMES =
      List.of("unix://", "tcp://", "ssh://", "npipe://", "fd://", "http://", "https://");

  private ProfileValidation() {}

  /** Every problem with the profile, in field order; empty when it is fine. */
  public static List<ProfileProblem> problems(BuildProfile profile) {
    List<ProfileProblem> problems = new ArrayList<>();
    ProfileNames.problem(profile.name()).ifPresent(m -> problems.add(p("name", m)));
    problems.addAll(withoutName(profile));
    return List.copyOf(problems);
  }

  /**
   * Every problem except with the name: for a build from a profile with command-line changes, where
   * the name no longer matters.
   */
  public static List<ProfileProblem> withoutName(BuildProfile profile) {
    List<ProfileProblem> problems = new ArrayList<>();
    checkContext(profile, problems);
    checkDockerfile(profile, problems);
    for (String tag : profile.tags()) {
      String problem = ImageReference.problem(tag);
      if (problem != null) {
        problems.add(p("tags", "Invalid tag \"" + tag + "\": " + problem));
      }
    }
    Set<String> argNames = new HashSet<>();
    for (BuildArg arg : profile.buildArgs()) {
      if (!argNames.add(arg.name())) {
        problems.add(
            p(
                "buildArgs",
                "build arg " + arg.name() + " is given more than once. Keep one of them."));
      }
    }
    profile
        .target()
        .filter(ProfileValidation::hasWhitespace)
        .ifPresent(
            t ->
                problems.add(
                    p("target", "stage name \"" + t + "\" contains white space. Remove it.")));
    for (Map.Entry<String, String> label : profile.labels().entrySet()) {
      if (label.getKey().isBlank()) {
        problems.add(p("labels", "a label needs a key: write KEY=VALUE."));
      }
    }
    profile
        .platform()
        .ifPresent(
            platform -> {
              for (String one : platform.split(",", -1)) {
                if (!PLATFORM.matcher(one.trim()).matches()) {
                  problems.add(
                      p(
                          "platform",
                          "\""
                              + platform
                              + "\" is not a platform. Write OS/ARCH[/VARIANT], e.g."
                              + " linux/amd64 or linux/arm64/v8."));
                  break;
                }
              }
            });
    profile
        .network()
        .filter(ProfileValidation::hasWhitespace)
        .ifPresent(
            n ->
                problems.add(
                    p(
                        "network",
                        "network \""
                            + n
                            + "\" contains white space. Use default, none, host or a network"
                            + " name.")));
    for (String host : profile.extraHosts()) {
      if (!EXTRA_HOST.matcher(host).matches()) {
        problems.add(
            p(
                "extraHosts",
                "invalid extra host \""
                    + host
                    + "\": write it as HOST:IP, e.g. registry.local:10.0.0.5 (or host-gateway as"
                    + " the IP)."));
      }
    }
    for (String image : profile.cacheFrom()) {
      if (image.isBlank()) {
        problems.add(p("cacheFrom", "an empty cache source. Name an image or remove it."));
      }
    }
    boolean classic = profile.builder() == BuilderChoice.CLASSIC;
    profile
        .output()
        .ifPresent(
            output -> {
              output.problem().ifPresent(m -> problems.add(p("output", m)));
              if (classic) {
                problems.add(
                    p(
                        "output",
                        "--output needs BuildKit, but the builder is classic. Choose auto or"
                            + " buildkit, or remove the output."));
              }
            });
    checkSecrets(profile, classic, problems);
    checkSsh(profile, classic, problems);
    profile
        .iidFile()
        .ifPresent(
            f -> {
              if (f.toString().isBlank()) {
                problems.add(p("iidfile", "an empty path. Name a file or remove it."));
              } else if (!f.isAbsolute()) {
                problems.add(
                    p(
                        "iidfile",
                        "\""
                            + f
                            + "\" is relative, so it would depend on where the build is started."
                            + " Write an absolute path."));
              }
            });
    checkEngine(profile.engine(), problems);
    return List.copyOf(problems);
  }

  private static void checkContext(BuildProfile profile, List<ProfileProblem> problems) {
    if (profile.context().isEmpty()) {
      problems.add(
          p(
              "context",
              "no build context. Choose a folder, a git URL (https://host/repo.git#ref:dir), an"
                  + " http(s) URL or a tar archive."));
      return;
    }
    ContextSource source = profile.context().get();
    if (source instanceof ContextSource.LocalFolder folder) {
      checkAbsolute("context", "folder", folder.path(), problems);
    } else if (source instanceof ContextSource.TarArchive tar) {
      checkAbsolute("context", "tar archive", tar.path(), problems);
    } else if (source instanceof ContextSource.GitRepository git) {
      if (git.url().isBlank()) {
        problems.add(p("context", "the git repository has no URL. Give its clone URL."));
      }
      if (git.hasPassword()) {
        problems.add(
            p(
                "context",
                "the git URL "
                    + git.describe()
                    + " holds a password, which a profile must not store. Remove it from the URL;"
                    + " Slipway takes git credentials from the ssh agent or ~/.git-credentials."));
      }
      git.ref()
          .filter(r -> r.startsWith("-") || hasWhitespace(r))
          .ifPresent(
              r ->
                  problems.add(
                      p(
                          "context",
                          "git ref \""
                              + r
                              + "\" is not a branch, tag or commit (no white space, no leading"
                              + " '-'). Fix the part after '#'.")));
      git.subdir()
          .filter(ProfileValidation::escapes)
          .ifPresent(
              s ->
                  problems.add(
                      p(
                          "context",
                          "git subdirectory \""
                              + s
                              + "\" leaves the repository. Write a path inside it, e.g."
                              + " #main:docker.")));
    } else if (source instanceof ContextSource.RemoteUrl url) {
      if (!isHttpUrl(url.url())) {
        problems.add(
            p(
                "context",
                "\""
                    + url.describe()
                    + "\" is not an http(s) URL. Write https://host/path (a tarball or a"
                    + " Dockerfile)."));
      }
      if (url.hasPassword()) {
        problems.add(
            p(
                "context",
                "the URL "
                    + url.describe()
                    + " holds a password, which a profile must not store. Remove it from the"
                    + " URL."));
      }
    }
  }

  private static void checkDockerfile(BuildProfile profile, List<ProfileProblem> problems) {
    Optional<DockerfileSource> dockerfile = profile.dockerfile();
    if (dockerfile.isEmpty()) {
      return;
    }
    if (dockerfile.get() instanceof DockerfileSource.Inline inline) {
      if (inline.text().isBlank()) {
        problems.add(
            p(
                "dockerfile",
                "the inline Dockerfile is empty. Write its text, or point to a file in the"
                    + " context."));
      }
      if (profile.context().orElse(null) instanceof ContextSource.TarArchive) {
        problems.add(
            p(
                "dockerfile",
                "an inline Dockerfile cannot be combined with a tar archive context: as with"
                    + " `docker build -f - -`, the Dockerfile and the context would both have to"
                    + " come from one stream. Put the Dockerfile in the archive and give its path,"
                    + " or use a folder context."));
      }
      return;
    }
    String path = ((DockerfileSource.InContext) dockerfile.get()).path();
    if (path.isBlank()) {
      problems.add(
          p(
              "dockerfile",
              "an empty Dockerfile path. Name a file in the context, or remove it to use the"
                  + " context's Dockerfile."));
    } else if (isAbsolute(path) || escapes(path)) {
      problems.add(
          p(
              "dockerfile",
              "\""
                  + path
                  + "\" is not inside the context. Write a path relative to the context root"
                  + " (e.g. docker/Dockerfile), or move the file into the context."));
    }
  }

  private static void checkSecrets(
      BuildProfile profile, boolean classic, List<ProfileProblem> problems) {
    Set<String> ids = new HashSet<>();
    for (SecretReference secret : profile.secrets()) {
      String who = secret.id().isBlank() ? "a secret" : "secret " + secret.id();
      if (secret.id().isBlank()) {
        problems.add(
            p("secrets", "a secret needs an id (what RUN --mount=type=secret,id=… names)."));
      } else if (!ids.add(secret.id())) {
        problems.add(p("secrets", who + " is given more than once. Keep one of them."));
      }
      if (secret.file().isEmpty() && secret.env().isEmpty()) {
        problems.add(
            p(
                "secrets",
                who
                    + " says neither where to read it: give a file (src=PATH) or an environment"
                    + " variable (env=NAME)."));
      } else if (secret.file().isPresent() && secret.env().isPresent()) {
        problems.add(
            p(
                "secrets",
                who + " names both a file and an environment variable. Keep one of them."));
      }
      secret
          .file()
          .filter(f -> !f.isAbsolute())
          .ifPresent(
              f ->
                  problems.add(
                      p(
                          "secrets",
                          who + ": the file \"" + f + "\" is relative. Write an absolute path.")));
      secret
          .env()
          .filter(e -> e.contains("=") || hasWhitespace(e))
          .ifPresent(
              e ->
                  problems.add(
                      p(
                          "secrets",
                          who
                              + ": \""
                              + e
                              + "\" is not an environment variable name. Write the name only"
                              + " (e.g. env=GH_TOKEN), never the value.")));
    }
    if (classic && !profile.secrets().isEmpty()) {
      problems.add(
          p(
              "secrets",
              "secrets need BuildKit, but the builder is classic. Choose auto or buildkit, or"
                  + " remove the secrets."));
    }
  }

  private static void checkSsh(
      BuildProfile profile, boolean classic, List<ProfileProblem> problems) {
    Set<String> ids = new HashSet<>();
    for (SshReference ssh : profile.ssh()) {
      if (ssh.id().isBlank() || hasWhitespace(ssh.id())) {
        problems.add(
            p(
                "ssh",
                "an SSH entry needs an id without spaces (default, or what"
                    + " RUN --mount=type=ssh,id=… names)."));
      } else if (!ids.add(ssh.id())) {
        problems.add(p("ssh", "ssh " + ssh.id() + " is given more than once. Keep one of them."));
      }
      for (Path path : ssh.paths()) {
        if (!path.isAbsolute()) {
          problems.add(
              p(
                  "ssh",
                  "ssh "
                      + ssh.id()
                      + ": \""
                      + path
                      + "\" is relative. Write the absolute path of the agent socket or key."));
        }
      }
    }
    if (classic && !profile.ssh().isEmpty()) {
      problems.add(
          p(
              "ssh",
              "SSH forwarding needs BuildKit, but the builder is classic. Choose auto or"
                  + " buildkit, or remove the ssh entries."));
    }
  }

  private static void checkEngine(EngineChoice engine, List<ProfileProblem> problems) {
    if (engine instanceof EngineChoice.DockerContext context) {
      if (context.name().isBlank() || hasWhitespace(context.name())) {
        problems.add(
            p(
                "engine",
                "docker context \""
                    + context.name()
                    + "\" is not a context name. Use a name from `docker context ls`, or"
                    + " default."));
      }
    } else if (engine instanceof EngineChoice.Host host) {
      String h = host.host();
      if (HOST_SCHEMES.stream().noneMatch(h::startsWith)
          || h.length() <= h.indexOf("://") + 3
          || hasWhitespace(h)) {
        problems.add(
            p(
                "engine",
                "\""
                    + h
                    + "\" is not an engine address. Write unix:///path/to/docker.sock,"
                    + " tcp://HOST:PORT, ssh://USER@HOST or npipe:////./pipe/NAME."));
      }
    }
  }

  private static void checkAbsolute(
      String field, String what, Path path, List<ProfileProblem> problems) {
    if (path.toString().isBlank()) {
      problems.add(p(field, "the " + what + " path is empty. Choose a " + what + "."));
    } else if (!path.isAbsolute()) {
      problems.add(
          p(
              field,
              "the "
                  + what
                  + " \""
                  + path
                  + "\" is relative, so it would depend on where the build is started. Write an"
                  + " absolute path."));
    }
  }

  private static boolean isHttpUrl(String url) {
    if (!url.startsWith("http://") && !url.startsWith("https://")) {
      return false;
    }
    try {
      URI uri = new URI(url);
      return uri.getHost() != null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  private static boolean isAbsolute(String path) {
    try {
      return path.startsWith("/") || path.startsWith("\\") || Path.of(path).isAbsolute();
    } catch (InvalidPathException e) {
      return false;
    }
  }

  /** Whether a relative path climbs out of where it starts ({@code ../x}, {@code a/../../x}). */
  private static boolean escapes(String path) {
    if (isAbsolute(path)) {
      return true;
    }
    int depth = 0;
    for (String part : path.replace('\\', '/').split("/")) {
      if (part.equals("..")) {
        depth--;
        if (depth < 0) {
          return true;
        }
      } else if (!part.isEmpty() && !part.equals(".")) {
        depth++;
      }
    }
    return false;
  }

  private static boolean hasWhitespace(String s) {
    return s.chars().anyMatch(Character::isWhitespace);
  }

  /** A problem; the message starts with a capital, as a sentence after "field: ". */
  private static ProfileProblem p(String field, String message) {
    return new ProfileProblem(
        field, Character.toUpperCase(message.charAt(0)) + message.substring(1));
  }
}
