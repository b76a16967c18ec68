package io.slipway.app.cli;

import io.slipway.core.build.BuildArg;
import io.slipway.core.build.BuildHandle;
import io.slipway.core.build.BuildRequest;
import io.slipway.core.build.BuildResult;
import io.slipway.core.build.BuildStatus;
import io.slipway.core.build.BuilderService;
import io.slipway.core.build.selection.Builders;
import io.slipway.core.context.Compression;
import io.slipway.core.engine.Engine;
import io.slipway.core.engine.EngineLocator;
import java.io.PrintWriter;
import java.nio.file.Path;
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
      BuilderService builder = Builders.forEngine(engine);
      ProgressPrinter printer =
          progress == Progress.json
              ? ProgressPrinter.json(out)
              : quiet ? ProgressPrinter.quiet(out, err) : ProgressPrinter.plain(out, err);
      BuildHandle handle = builder.start(request, printer);
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
            .dockerfile(dockerfileInContext(path, flags.file))
            .tags(flags.tags)
            .target(flags.target)
            .noCache(flags.noCache)
            .pull(flags.pull)
            .removeIntermediate(rm)
            .forceRemoveIntermediate(forceRm)
            .platform(flags.platform)
            .network(flags.network)
            .iidFile(flags.iidFile)
            .quiet(quiet)
            .compression(
                flags.compress == null ? Compression.IDENTITY : Compression.parse(flags.compress));
    flags.buildArgs.forEach(a -> b.buildArg(BuildArg.parse(a)));
    for (String label : flags.labels) {
      int eq = label.indexOf('=');
      b.label(eq < 0 ? label : label.substring(0, eq), eq < 0 ? "" : label.substring(eq + 1));
    }
    flags.addHosts.forEach(b::extraHost);
    flags.cacheFrom.forEach(b::cacheFrom);
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
