package io.slipway.app.cli;

import io.slipway.core.SlipwayException;
import io.slipway.core.context.Compression;
import io.slipway.core.context.ContextEntry;
import io.slipway.core.context.ContextSource;
import io.slipway.core.context.ContextTarWriter;
import io.slipway.core.context.LocalContext;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
      description = "Print every path that would be sent, sorted, one per line, then a total line.")
  boolean list;

  @Option(
      names = "--tar",
      paramLabel = "FILE",
      description = "Write the context as the tar a build would send, to FILE or - (stdout).")
  String tar;

  @Option(
      names = "--compress",
      arity = "0..1",
      fallbackValue = "gzip",
      paramLabel = "ALGO",
      description = "Compression for --tar: gzip (when given alone), bzip2, xz.")
  String compress;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    // -f as `slipway build` reads it (relative to the current folder), so both agree.
    String dockerfile =
        file == null || file.isBlank()
            ? null
            : BuildFlags.dockerfileIn(
                Optional.of(new ContextSource.LocalFolder(path)),
                file,
                Path.of("").toAbsolutePath());
    LocalContext context = LocalContext.scan(path, dockerfile);
    if (tar != null) {
      writeTar(context);
      return 0;
    }
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

  private void writeTar(LocalContext context) {
    Compression compression = compress == null ? Compression.IDENTITY : Compression.parse(compress);
    long started = System.nanoTime();
    try (OutputStream out =
        tar.equals("-")
            ? new FileOutputStream(FileDescriptor.out)
            : Files.newOutputStream(Path.of(tar))) {
      ContextTarWriter.write(context, out, compression, ContextTarWriter.Progress.NONE);
    } catch (IOException e) {
      throw new SlipwayException(
          "Cannot write the context tar to " + tar + ": " + e.getMessage() + ".", e);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    // Goes to stderr so that stdout stays the tar.
    spec.commandLine()
        .getErr()
        .printf(
            java.util.Locale.ROOT,
            "Wrote %d files, %s of content in %.2fs (%.0f MB/s)%n",
            context.fileCount(),
            Human.bytes(context.contentBytes()),
            seconds,
            context.contentBytes() / 1e6 / seconds);
  }
}
