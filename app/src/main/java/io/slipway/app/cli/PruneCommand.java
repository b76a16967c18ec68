package io.slipway.app.cli;

import io.slipway.core.SlipwayException;
import io.slipway.core.build.BuildCache;
import io.slipway.core.engine.Engine;
import io.slipway.core.engine.EngineLocator;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code slipway prune}: as {@code docker builder prune}. */
@Command(
    name = "prune",
    description = "Remove build cache.",
    mixinStandardHelpOptions = true,
    sortOptions = false)
final class PruneCommand implements Callable<Integer> {

  private static final Pattern SIZE =
      Pattern.compile("^(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?)(i?b?)$", Pattern.CASE_INSENSITIVE);

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-a", "--all"},
      description = "Remove all unused build cache, not just dangling ones.")
  boolean all;

  @Option(
      names = "--filter",
      paramLabel = "KEY=VALUE",
      description = "Filter what to remove, e.g. until=24h, type=regular, id=ID.")
  List<String> filters = new ArrayList<>();

  @Option(
      names = "--keep-storage",
      paramLabel = "BYTES",
      description = "Amount of cache to keep, e.g. 10GB, 512MB, 1073741824.")
  String keepStorage;

  @Option(
      names = {"-f", "--force"},
      description = "Do not ask for confirmation (it is only asked on a terminal).")
  boolean force;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    BuildCache.PruneRequest request =
        new BuildCache.PruneRequest(
            all, parseFilters(filters), Optional.ofNullable(keepStorage).map(PruneCommand::bytes));
    if (!force && System.console() != null && !confirm(out)) {
      out.println("Nothing removed.");
      return 0;
    }
    try (Engine engine = Engine.connect(EngineLocator.fromSystem())) {
      BuildCache.PruneResult result = new BuildCache(engine).prune(request);
      if (!result.cachesDeleted().isEmpty()) {
        out.println("Deleted build cache objects:");
        result.cachesDeleted().forEach(out::println);
        out.println();
      }
      out.println(
          "Deleted "
              + result.cachesDeleted().size()
              + " cache "
              + (result.cachesDeleted().size() == 1 ? "record" : "records")
              + ". Total reclaimed space: "
              + Human.bytes(result.spaceReclaimed()));
    }
    return 0;
  }

  private boolean confirm(PrintWriter out) {
    out.print(
        "WARNING! This will remove "
            + (all ? "all" : "all dangling")
            + " build cache. Are you sure you want to continue? [y/N] ");
    out.flush();
    String answer = System.console().readLine();
    return answer != null && answer.trim().toLowerCase(Locale.ROOT).startsWith("y");
  }

  static Map<String, List<String>> parseFilters(List<String> raw) {
    Map<String, List<String>> filters = new LinkedHashMap<>();
    for (String f : raw) {
      int eq = f.indexOf('=');
      if (eq <= 0) {
        throw new SlipwayException(
            "Invalid --filter \"" + f + "\": write KEY=VALUE, e.g. --filter until=24h.");
      }
      filters
          .computeIfAbsent(f.substring(0, eq).trim(), k -> new ArrayList<>())
          .add(f.substring(eq + 1));
    }
    return filters;
  }

  /** Sizes as docker's --keep-storage reads them: binary units, "b" optional ("10GB" = 10 GiB). */
  static long bytes(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) {
      throw new SlipwayException(
          "Invalid --keep-storage \"" + text + "\": write a size such as 10GB, 512MB or 1048576.");
    }
    double value = Double.parseDouble(m.group(1));
    String unit = m.group(2).toLowerCase(Locale.ROOT);
    int power = unit.isEmpty() ? 0 : "kmgtp".indexOf(unit) + 1;
    return (long) (value * Math.pow(1024, power));
  }
}
