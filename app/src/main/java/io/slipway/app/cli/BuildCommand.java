package io.slipway.app.cli;

import io.slipway.core.build.BuildArg;
import io.slipway.core.build.BuildHandle;
import io.slipway.core.build.BuildRequest;
import io.slipway.core.build.BuildResult;
import io.slipway.core.build.BuildStatus;
import io.slipway.core.build.BuilderService;
import io.slipway.core.build.selection.BuilderChoice;
import io.slipway.core.build.selection.Builders;
import io.slipway.core.context.Compression;
import io.slipway.core.engine.Engine;
import io.slipway.core.engine.EngineLocator;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code slipway build}: docker build's flags, the classic builder, progress as text or JSON. */
@Command(
    name = "build",
    description = "Build an image from a Dockerfile and a context folder.",
    mixinStandardHelpOptions = true,
    sortOptions = false)
final class BuildCommand implements Callable<Integer> {

  enum Progress {
    auto,
    plain,
    json
  }

  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PATH", description = "The build context folder.")
  Path path;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description = "Name of the Dockerfile (default: PATH/Dockerfile).")
  String file;

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

  @Option(names = "--no-cache", description = "Do not use the cache.")
  boolean noCache;

  @Option(names = "--pull", description = "Always try to pull a newer base image.")
  boolean pull;

  @Option(
      names = "--rm",
      arity = "0..1",
      defaultValue = "true",
      fallbackValue = "true",
      description = "Remove intermediate containers after a successful build (default true).")
  boolean rm = true;

  @Option(names = "--force-rm", description = "Always remove intermediate containers.")
  boolean forceRm;

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
  Path iidFile;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print only the image id on success.")
  boolean quiet;

  @Option(
      names = "--compress",
      arity = "0..1",
      fallbackValue = "gzip",
      paramLabel = "ALGO",
      description = "Compress the context: gzip (the default when given alone), bzip2, xz.")
  String compress;

  @Option(
      names = "--builder",
      paramLabel = "auto|classic|buildkit",
      defaultValue = "auto",
      description =
          "Builder: auto (DOCKER_BUILDKIT, then the engine's default), classic or buildkit.")
  String builderChoice;

  @Option(
      names = "--progress",
      paramLabel = "MODE",
      defaultValue = "auto",
      description = "auto, plain, or json (one event per line; see docs/progress-json.md).")
  Progress progress;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    BuildRequest request = toRequest();
    try (Engine engine = Engine.connect(EngineLocator.fromSystem())) {
      Builders.Selected selected =
          Builders.create(engine, BuilderChoice.parse(builderChoice), System.getenv());
      BuilderService builder = selected.service();
      ProgressPrinter printer =
          progress == Progress.json
              ? ProgressPrinter.json(out)
              : quiet ? ProgressPrinter.quiet(out, err) : ProgressPrinter.plain(out, err);
      BuildHandle handle = builder.start(request, printer);
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
      return result.status() == BuildStatus.SUCCEEDED
          ? 0
          : result.status() == BuildStatus.CANCELLED
              ? SlipwayCli.EXIT_CANCELLED
              : SlipwayCli.EXIT_FAILED;
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

  BuildRequest toRequest() {
    BuildRequest.Builder b =
        BuildRequest.builder(path)
            .dockerfile(dockerfileInContext(path, file))
            .tags(tags)
            .target(target)
            .noCache(noCache)
            .pull(pull)
            .removeIntermediate(rm)
            .forceRemoveIntermediate(forceRm)
            .platform(platform)
            .network(network)
            .iidFile(iidFile)
            .quiet(quiet)
            .compression(compress == null ? Compression.IDENTITY : Compression.parse(compress));
    buildArgs.forEach(a -> b.buildArg(BuildArg.parse(a)));
    for (String label : labels) {
      int eq = label.indexOf('=');
      b.label(eq < 0 ? label : label.substring(0, eq), eq < 0 ? "" : label.substring(eq + 1));
    }
    addHosts.forEach(b::extraHost);
    cacheFrom.forEach(b::cacheFrom);
    return b.build();
  }

  /**
   * As with docker build, {@code -f} is relative to the current folder, not to the context; null
   * means the context's own Dockerfile.
   */
  static String dockerfileInContext(Path context, String file) {
    if (file == null || file.isBlank()) {
      return null;
    }
    return Path.of(file).toAbsolutePath().normalize().toString();
  }
}
