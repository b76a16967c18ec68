package io.slipway.app.cli;

import io.slipway.core.SlipwayException;
import io.slipway.core.profile.ProfileException;
import io.slipway.core.profile.ProfileProblem;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code slipway} command line: the same core and builders as the window. */
@Command(
    name = "slipway",
    mixinStandardHelpOptions = true,
    versionProvider = SlipwayCli.Version.class,
    description = "Build Docker images, with docker build's flag names.",
    subcommands = {
      BuildCommand.class,
      ProfileCommand.class,
      ContextCommand.class,
      EngineCommand.class,
      PruneCommand.class,
      AuthCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SlipwayCli implements Runnable {

  /** Exit status for a build that failed or a problem with the input. */
  public static final int EXIT_FAILED = 1;

  /** Exit status for a build cancelled with Ctrl-C, as a shell reports SIGINT. */
  public static final int EXIT_CANCELLED = 130;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs a command line with the given output streams; returns the exit status. */
  public static int run(String[] args, PrintWriter out, PrintWriter err) {
    return run(args, out, err, CommandLine.defaultFactory());
  }

  /** As {@link #run(String[], PrintWriter, PrintWriter)}, with commands made by {@code factory}. */
  static int run(String[] args, PrintWriter out, PrintWriter err, CommandLine.IFactory factory) {
    CommandLine cli = new CommandLine(new SlipwayCli(), factory);
    cli.setOut(out);
    cli.setErr(err);
    cli.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof ProfileException) {
            // One line per problem: "slipway: tags: Invalid tag …".
            for (ProfileProblem problem : ((ProfileException) e).problems()) {
              commandLine.getErr().println("slipway: " + problem);
            }
            return EXIT_FAILED;
          }
          if (e instanceof SlipwayException) {
            commandLine.getErr().println("slipway: " + e.getMessage());
            return EXIT_FAILED;
          }
          throw e;
        });
    return cli.execute(args);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version from the jar's manifest, with the Java runtime. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = SlipwayCli.class.getPackage().getImplementationVersion();
      return new String[] {
        "slipway " + (v == null ? "dev" : v),
        "Java "
            + System.getProperty("java.version")
            + " ("
            + System.getProperty("java.vendor")
            + ")"
      };
    }
  }
}
