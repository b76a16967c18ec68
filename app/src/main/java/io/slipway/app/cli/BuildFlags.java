package io.slipway.app.cli;

import io.slipway.core.SlipwayException;
import io.slipway.core.build.BuildArg;
import io.slipway.core.context.Compression;
import io.slipway.core.context.ContextSource;
import io.slipway.core.profile.BuildProfile;
import io.slipway.core.profile.DockerfileSource;
import io.slipway.core.profile.OutputSpec;
import io.slipway.core.profile.ProfileProblem;
import io.slipway.core.profile.SecretReference;
import io.slipway.core.profile.SshReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * docker build's flags that describe the build itself, with docker's names: mixed into {@code
 * slipway build} and {@code slipway profile save}, so that both take exactly the same flags.
 *
 * <p>{@link #overlay} lays the flags that were given over a profile: a value replaces the
 * profile's; {@code -t}, {@code --add-host} and {@code --cache-from} replace the profile's list;
 * {@code --build-arg} and {@code --label} replace or add entries by name.
 */
final class BuildFlags {

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description =
          "Name of the Dockerfile (default: PATH/Dockerfile); - reads it from standard input.")
  String file;

  /** {@code -f -}: the Dockerfile comes from standard input. */
  static final String STDIN = "-";

  @Option(
      names = {"-t", "--tag"},
      paramLabel = "NAME[:TAG]",
      description = "Name and optionally a tag; repeat for several.")
  List<String> tags = new ArrayList<>();

  @Option(
      names = "--build-arg",
      paramLabel = "NAME[=VALUE]",
      description = "Set a build-time variable; NAME alone takes the value from the environment.")
  List<String> buildArgs = new ArrayList<>();

  @Option(names = "--target", paramLabel = "STAGE", description = "Build this stage.")
  String target;

  @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Set image metadata.")
  List<String> labels = new ArrayList<>();

  @Option(
      names = "--no-cache",
      arity = "0..1",
      paramLabel = "BOOL",
      fallbackValue = "true",
      description = "Do not use the cache (--no-cache=false undoes a profile's).")
  Boolean noCache;

  @Option(
      names = "--pull",
      arity = "0..1",
      paramLabel = "BOOL",
      fallbackValue = "true",
      description = "Always try to pull a newer base image (--pull=false undoes a profile's).")
  Boolean pull;

  @Option(names = "--platform", paramLabel = "OS/ARCH", description = "Target platform.")
  String platform;

  @Option(names = "--network", paramLabel = "MODE", description = "Network for RUN steps.")
  String network;

  @Option(
      names = "--add-host",
      paramLabel = "HOST:IP",
      description = "Add a custom host-to-IP mapping.")
  List<String> addHosts = new ArrayList<>();

  @Option(names = "--cache-from", paramLabel = "IMAGE", description = "Images to take cache from.")
  List<String> cacheFrom = new ArrayList<>();

  @Option(names = "--iidfile", paramLabel = "FILE", description = "Write the image id to FILE.")
  String iidFile;

  @Option(
      names = "--compress",
      arity = "0..1",
      fallbackValue = "gzip",
      paramLabel = "ALGO",
      description = "Compress the context: gzip (the default when given alone), bzip2, xz.")
  String compress;

  @Option(
      names = "--secret",
      paramLabel = "id=ID,src=FILE|env=VAR",
      description =
          "Secret for RUN --mount=type=secret (BuildKit), by reference, never its value:"
              + " id=ID,src=FILE or id=ID,env=VARIABLE; repeat for several.")
  List<String> secrets = new ArrayList<>();

  @Option(
      names = "--ssh",
      paramLabel = "default|ID[=SOCKET|KEY[,KEY]]",
      description =
          "SSH agent or keys for RUN --mount=type=ssh (BuildKit): default forwards SSH_AUTH_SOCK;"
              + " repeat for several.")
  List<String> ssh = new ArrayList<>();

  @Option(
      names = {"-o", "--output"},
      paramLabel = "type=local|tar,dest=PATH",
      description =
          "Where the result goes (BuildKit): type=local,dest=FOLDER, type=tar,dest=FILE (- for"
              + " standard output), type=cacheonly, or type=image (the default).")
  String output;

  /**
   * The profile with the given flags laid over it. Flags that cannot be parsed add a problem (field
   * as in the profile's JSON) and leave the field as it was.
   *
   * @param base its context decides what {@code -f} is relative to: paths in a local folder become
   *     relative to it, anything else is relative to the current folder as in docker build
   */
  BuildProfile overlay(BuildProfile base, Path workingDir, List<ProfileProblem> problems) {
    BuildProfile.Builder b = base.toBuilder();
    if (file != null && !file.equals(STDIN)) {
      b.dockerfile(
          file.isBlank()
              ? null
              : new DockerfileSource.InContext(dockerfileIn(base.context(), file, workingDir)));
    }
    if (!tags.isEmpty()) {
      b.clearTags().tags(tags);
    }
    for (String arg : buildArgs) {
      try {
        b.putBuildArg(BuildArg.parse(arg));
      } catch (SlipwayException e) {
        problems.add(new ProfileProblem("buildArgs", e.getMessage()));
      }
    }
    if (target != null) {
      b.target(target);
    }
    for (String label : labels) {
      int eq = label.indexOf('=');
      b.label(eq < 0 ? label : label.substring(0, eq), eq < 0 ? "" : label.substring(eq + 1));
    }
    if (noCache != null) {
      b.noCache(noCache);
    }
    if (pull != null) {
      b.pull(pull);
    }
    if (platform != null) {
      b.platform(platform);
    }
    if (network != null) {
      b.network(network);
    }
    if (!addHosts.isEmpty()) {
      b.clearExtraHosts();
      addHosts.forEach(b::extraHost);
    }
    if (!cacheFrom.isEmpty()) {
      b.clearCacheFrom();
      cacheFrom.forEach(b::cacheFrom);
    }
    if (iidFile != null) {
      b.iidFile(iidFile.isBlank() ? null : absolute(workingDir, iidFile));
    }
    for (String secret : secrets) {
      try {
        b.putSecret(SecretReference.parse(secret, workingDir));
      } catch (SlipwayException e) {
        problems.add(new ProfileProblem("secrets", e.getMessage()));
      }
    }
    for (String reference : ssh) {
      try {
        b.putSsh(SshReference.parse(reference, workingDir));
      } catch (SlipwayException e) {
        problems.add(new ProfileProblem("ssh", e.getMessage()));
      }
    }
    if (output != null) {
      try {
        // The destination is kept as given: the build writes it relative to its current folder.
        b.output(output.isBlank() ? null : OutputSpec.parse(output));
      } catch (SlipwayException e) {
        problems.add(new ProfileProblem("output", e.getMessage()));
      }
    }
    if (compress != null) {
      try {
        b.compression(Compression.parse(compress));
      } catch (SlipwayException e) {
        problems.add(new ProfileProblem("compression", e.getMessage()));
      }
    }
    return b.build();
  }

  /**
   * As docker build: {@code -f} is relative to the current folder; inside a local context it is
   * kept relative to the context root (what a profile stores), outside it stays absolute (and the
   * checks refuse it). For other contexts it is a path inside the context, as given.
   */
  static String dockerfileIn(Optional<ContextSource> context, String file, Path workingDir) {
    if (context.isEmpty() || !(context.get() instanceof ContextSource.LocalFolder folder)) {
      return file;
    }
    Path absolute = absolute(workingDir, file);
    Path root = folder.path().toAbsolutePath().normalize();
    if (absolute.startsWith(root) && !absolute.equals(root)) {
      return root.relativize(absolute).toString().replace('\\', '/');
    }
    return absolute.toString();
  }

  static Path absolute(Path workingDir, String path) {
    return workingDir.resolve(path).toAbsolutePath().normalize();
  }
}
