package io.slipway.app.cli;

import io.slipway.core.context.ContextEntry;
import io.slipway.core.context.LocalContext;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Shows what a build would send, without building. */
@Command(
    name = "context",
    description = "Show what a build of PATH would send to the engine.",
    mixinStandardHelpOptions = true)
final class ContextCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "PATH", description = "The build context folder.")
  Path path;

  @Option(
      names = {"-f", "--file"},
      paramLabel = "FILE",
      description = "Name of the Dockerfile (default: PATH/Dockerfile).")
  String file;

  @Option(
      names = "--list",
      description =
          "Print every path that would be sent, sorted, one per line, then a total line.")
  boolean list;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    LocalContext context = LocalContext.scan(path, BuildCommand.dockerfileInContext(path, file));
    if (list) {
      // Leaves of the tree: files, links, and folders with nothing below them (an empty folder is
      // sent and lands in the image as well).
      List<String> lines = new ArrayList<>();
      List<ContextEntry> entries = context.entries();
      for (int i = 0; i < entries.size(); i++) {
        ContextEntry e = entries.get(i);
        if (!e.isDirectory()) {
          lines.add(e.name());
        } else if (i + 1 == entries.size()
            || !entries.get(i + 1).name().startsWith(e.name() + "/")) {
          lines.add(e.name() + "/");
        }
      }
      lines.sort(String::compareTo);
      lines.forEach(out::println);
    } else {
      out.println("Context:    " + context.root());
      out.println("Dockerfile: " + context.dockerfile());
      out.println(
          ".dockerignore: "
              + (context.ignorePatterns().isEmpty()
                  ? "none"
                  : context.ignorePatterns().size() + " patterns"));
    }
    out.println(
        "Total: "
            + context.fileCount()
            + " files, "
            + context.contentBytes()
            + " bytes ("
            + Human.bytes(context.contentBytes())
            + ")");
    return 0;
  }
}
