package io.slipway.app.cli;

import io.slipway.core.SlipwayException;
import io.slipway.core.build.BuildHandle;
import io.slipway.core.build.BuildListener;
import io.slipway.core.build.BuildRequest;
import io.slipway.core.build.BuildResult;
import io.slipway.core.build.BuildStatus;
import io.slipway.core.build.BuilderService;
import io.slipway.core.build.selection.BuilderChoice;
import io.slipway.core.build.selection.Builders;
import io.slipway.core.context.ContextSource;
import io.slipway.core.engine.Engine;
import io.slipway.core.engine.EngineLocator;
import io.slipway.core.history.HistoryStore;
import io.slipway.core.profile.BuildProfile;
import io.slipway.core.profile.DockerfileSource;
import io.slipway.core.profile.ProfileException;
import io.slipway.core.profile.ProfileProblem;
import io.slipway.core.profile.ProfileStore;
import io.slipway.core.profile.ProfileValidation;
import io.slipway.core.timeline.BuildTimeline;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slipway build}: docker build's flags, the classic builder, progress as text or JSON. */
@Command(
    name = "build",
    description = "Build an image from a Dockerfile and a context folder, or a saved profile.",
    mixinStandardHelpOptions = true,
    sortOptions = false)
final class BuildCommand implements Callable<Integer> {

  enum Progress {
    auto,
    plain,
    json
  }

  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PATH | URL",
      description =
          "The build context: a folder, a git URL (https://host/repo.git#ref:folder,"
              + " git@host:repo.git, git://…, github.com/…), an http(s) URL of a tar archive or a"
              + " Dockerfile, or a tar archive file (optional with --profile, which has one).")
  String path;

  @Option(
      names = "--profile",
      paramLabel = "NAME",
      description =
          "Build a saved profile (slipway profile save); flags given here change it for this"
              + " build only.")
  String profileName;

  @Mixin BuildFlags flags = new BuildFlags();

  @Option(
      names = "--rm",
      arity = "0..1",
      defaultValue = "true",
      fallbackValue = "true",
      description = "Remove intermediate containers after a successful build (default true).")
  boolean rm = true;

  @Option(names = "--force-rm", description = "Always remove intermediate containers.")
  boolean forceRm;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print only the image id on success.")
  boolean quiet;

  @Option(
      names = "--builder",
      paramLabel = "auto|classic|buildkit",
      description =
          "Builder: auto (DOCKER_BUILDKIT, then the engine's default), classic or buildkit"
              + " (default: the profile's choice, else auto).")
  String builderChoice;

  @Option(
      names = "--progress",
      paramLabel = "MODE",
      defaultValue = "auto",
      description = "auto, plain, or json (one event per line; see docs/progress-json.md).")
  Progress progress;

  private final Map<String, String> env;
  private final Path home;
  private final Path workingDir;
  private java.io.InputStream stdin = System.in;

  BuildCommand() {
    this(System.getenv(), Path.of(System.getProperty("user.home")), Path.of("").toAbsolutePath());
  }

  /** For tests: the environment and home (profiles folder, engine), and the current folder. */
  BuildCommand(Map<String, String> env, Path home, Path workingDir) {
    this.env = Map.copyOf(env);
    this.home = home;
    this.workingDir = workingDir;
  }

  /** For tests: where {@code -f -} reads the Dockerfile from. */
  BuildCommand readingStdinFrom(java.io.InputStream in) {
    this.stdin = in;
    return this;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    BuildProfile profile = effectiveProfile();
    BuildRequest request = requestFor(profile).build();
    if (request
        .output()
        .filter(o -> o.type().equals("tar") && o.dest().equals(Optional.of("-")))
        .isPresent()) {
      // Standard output carries the archive: everything else goes to standard error.
      if (System.console() != null) {
        throw new SlipwayException(
            "Refusing to write the tar output to the terminal. Redirect it (> out.tar) or give"
                + " -o type=tar,dest=FILE.");
      }
      out = err;
    }
    BuilderChoice choice =
        builderChoice != null ? BuilderChoice.parse(builderChoice) : profile.builder();
    try (Engine engine = Engine.connect(new EngineLocator(profile.engine().applyTo(env), home))) {
      Builders.Selected selected = Builders.create(engine, choice, env);
      BuilderService builder = selected.service();
      ProgressPrinter printer =
          progress == Progress.json
              ? ProgressPrinter.json(out)
              : quiet ? ProgressPrinter.quiet(out, err) : ProgressPrinter.plain(out, err);
      // A profile's builds join its history, where the window shows them too.
      BuildTimeline timeline = profileName != null ? new BuildTimeline() : null;
      BuildListener listener =
          timeline == null
              ? printer
              : event -> {
                printer.onEvent(event);
                timeline.accept(event);
              };
      BuildHandle handle = builder.start(request, listener);
      if (progress != Progress.json && !quiet) {
        // As buildx's "#0 building with …": which builder, and why (stderr keeps stdout clean).
        err.println("Builder " + selected.selection().reason());
      }
      Thread cancelOnInterrupt = new Thread(() -> cancelAndWait(handle), "slipway-ctrl-c");
      Runtime.getRuntime().addShutdownHook(cancelOnInterrupt);
      BuildResult result = handle.result().join();
      try {
        Runtime.getRuntime().removeShutdownHook(cancelOnInterrupt);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C arrived as the build finished; the hook does the rest.
      }
      out.flush();
      if (timeline != null) {
        saveToHistory(profile.name(), timeline, builder.name(), err);
      }
      return result.status() == BuildStatus.SUCCEEDED
          ? 0
          : result.status() == BuildStatus.CANCELLED
              ? SlipwayCli.EXIT_CANCELLED
              : SlipwayCli.EXIT_FAILED;
    }
  }

  private void saveToHistory(
      String profile, BuildTimeline timeline, String builderName, PrintWriter err) {
    try {
      HistoryStore.forUser(env, home).save(profile, timeline.snapshot(), builderName);
    } catch (RuntimeException e) {
      // The build itself is done; losing its history entry is worth a warning, not a failure.
      err.println("slipway: warning: the build was not saved to the history: " + e.getMessage());
    }
  }

  /** Ctrl-C: cancel as the window's Cancel button does, and let the clean-up finish. */
  private static void cancelAndWait(BuildHandle handle) {
    handle.cancel();
    try {
      handle.result().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // Exiting anyway.
    }
  }

  /**
   * What to build: the profile named by {@code --profile} (or an empty one) with PATH and the flags
   * laid over it. With a profile, the result is validated and every problem reported at once.
   */
  BuildProfile effectiveProfile() {
    List<ProfileProblem> problems = new ArrayList<>();
    BuildProfile base =
        profileName == null
            ? BuildProfile.builder("").build()
            : ProfileStore.forUser(env, home).load(profileName);
    if (path != null) {
      try {
        base = base.withContext(ContextSource.parse(path, workingDir));
      } catch (SlipwayException e) {
        problems.add(new ProfileProblem("context", e.getMessage()));
      }
    } else if (profileName == null) {
      throw new SlipwayException(
          "Give the build context PATH (a folder, git URL, URL or tar archive), or a saved profile"
              + " with --profile NAME.");
    }
    BuildProfile effective = flags.overlay(base, workingDir, problems);
    if (BuildFlags.STDIN.equals(flags.file)) {
      effective =
          effective.toBuilder().dockerfile(new DockerfileSource.Inline(readDockerfile())).build();
    }
    if (profileName != null) {
      problems.addAll(ProfileValidation.withoutName(effective));
    }
    ProfileException.throwIfAny(problems);
    return effective;
  }

  private static final int MAX_DOCKERFILE_BYTES = 16 * 1024 * 1024;

  /** {@code -f -}: the whole of standard input, as docker build reads it. */
  private String readDockerfile() {
    try {
      byte[] bytes = stdin.readNBytes(MAX_DOCKERFILE_BYTES + 1);
      if (bytes.length > MAX_DOCKERFILE_BYTES) {
        throw new SlipwayException(
            "The Dockerfile on standard input is larger than 16 MiB. Is it really a Dockerfile?");
      }
      return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new SlipwayException(
          "Cannot read the Dockerfile from standard input (-f -): " + e.getMessage() + ".");
    }
  }

  /** The request for a profile, with this command's build-only flags. */
  BuildRequest.Builder requestFor(BuildProfile profile) {
    return profile
        .toRequestBuilder()
        .removeIntermediate(rm)
        .forceRemoveIntermediate(forceRm)
        .quiet(quiet);
  }
}
