package io.slipway.app.cli;

import io.slipway.core.SlipwayException;
import io.slipway.core.build.BuildArg;
import io.slipway.core.build.selection.BuilderChoice;
import io.slipway.core.context.ContextSource;
import io.slipway.core.profile.BuildProfile;
import io.slipway.core.profile.DockerfileSource;
import io.slipway.core.profile.EngineChoice;
import io.slipway.core.profile.OutputSpec;
import io.slipway.core.profile.ProfileException;
import io.slipway.core.profile.ProfileJson;
import io.slipway.core.profile.ProfileProblem;
import io.slipway.core.profile.ProfileStore;
import io.slipway.core.profile.ProfileValidation;
import io.slipway.core.profile.SecretReference;
import io.slipway.core.profile.SshReference;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code slipway profile}: saved builds, in the same files the window uses ({@link ProfileStore}).
 * {@code save} takes {@code slipway build}'s flags ({@link BuildFlags}); {@code slipway build
 * --profile NAME} builds one.
 */
@Command(
    name = "profile",
    description = "Save, list, show, remove, export and import build profiles.",
    mixinStandardHelpOptions = true,
    subcommands = {
      ProfileCommand.ListCommand.class,
      ProfileCommand.ShowCommand.class,
      ProfileCommand.SaveCommand.class,
      ProfileCommand.RemoveCommand.class,
      ProfileCommand.RenameCommand.class,
      ProfileCommand.DuplicateCommand.class,
      ProfileCommand.ExportCommand.class,
      ProfileCommand.ImportCommand.class
    })
final class ProfileCommand implements Runnable {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  private final Map<String, String> env;
  private final Path home;
  private final Path workingDir;

  ProfileCommand() {
    this(System.getenv(), Path.of(System.getProperty("user.home")), Path.of("").toAbsolutePath());
  }

  /** For tests: the environment and home (which decide the folder), and the current folder. */
  ProfileCommand(Map<String, String> env, Path home, Path workingDir) {
    this.env = Map.copyOf(env);
    this.home = home;
    this.workingDir = workingDir;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  ProfileStore store() {
    return ProfileStore.forUser(env, home);
  }

  /** {@code slipway profile list}. */
  @Command(
      name = "list",
      aliases = "ls",
      description = "List the profiles: name, context, tags and builder.",
      mixinStandardHelpOptions = true)
  static final class ListCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @ParentCommand ProfileCommand parent;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      ProfileStore store = parent.store();
      ProfileStore.Listing listing = store.list();
      for (ProfileStore.FileProblem problem : listing.problems()) {
        err.println("slipway: warning: " + problem.file() + ": " + problem.message());
      }
      if (listing.profiles().isEmpty()) {
        out.println(
            "No profiles in "
                + store.directory()
                + ". Save one with: slipway profile save NAME [build flags] PATH");
        return 0;
      }
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"NAME", "CONTEXT", "TAGS", "BUILDER"});
      for (BuildProfile p : listing.profiles()) {
        rows.add(
            new String[] {
              p.name(),
              p.context().map(ContextSource::describe).orElse("(none)"),
              p.tags().isEmpty() ? "-" : String.join(",", p.tags()),
              builderName(p.builder())
            });
      }
      int[] widths = new int[3];
      for (String[] r : rows) {
        for (int i = 0; i < widths.length; i++) {
          widths[i] = Math.max(widths[i], r[i].length());
        }
      }
      for (String[] r : rows) {
        out.println(
            String.format(
                    "%-" + widths[0] + "s   %-" + widths[1] + "s   %-" + widths[2] + "s   %s",
                    r[0],
                    r[1],
                    r[2],
                    r[3])
                .stripTrailing());
      }
      return 0;
    }
  }

  /** {@code slipway profile show NAME}. */
  @Command(
      name = "show",
      description =
          "Show a profile: every setting (build arg values hidden), or with --json its file.",
      mixinStandardHelpOptions = true)
  static final class ShowCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @ParentCommand ProfileCommand parent;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Option(names = "--json", description = "Print the profile as its file holds it.")
    boolean json;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      ProfileStore store = parent.store();
      BuildProfile p = store.load(name);
      if (json) {
        out.print(ProfileJson.toJson(p));
        out.flush();
        return 0;
      }
      List<String[]> rows = new ArrayList<>();
      rows.add(row("Profile", p.name()));
      rows.add(row("File", store.fileOf(p.name()).map(Path::toString).orElse("-")));
      rows.add(row("Context", p.context().map(ContextSource::describe).orElse("(none)")));
      rows.add(row("Dockerfile", p.dockerfile().map(ProfileCommand::describe).orElse("-")));
      rows.add(row("Tags", list(p.tags(), Function.identity())));
      rows.add(row("Build args", list(p.buildArgs(), BuildArg::toString)));
      rows.add(row("Target", p.target().orElse("-")));
      rows.add(
          row(
              "Labels",
              list(new ArrayList<>(p.labels().entrySet()), e -> e.getKey() + "=" + e.getValue())));
      rows.add(row("Platform", p.platform().orElse("-")));
      rows.add(row("Network", p.network().orElse("-")));
      rows.add(row("Extra hosts", list(p.extraHosts(), Function.identity())));
      rows.add(row("No cache", p.noCache() ? "yes" : "no"));
      rows.add(row("Pull", p.pull() ? "yes" : "no"));
      rows.add(row("Builder", builderName(p.builder())));
      rows.add(row("Compression", p.compression().cliName()));
      rows.add(row("Cache from", list(p.cacheFrom(), Function.identity())));
      rows.add(row("Output", p.output().map(OutputSpec::toFlag).orElse("-")));
      rows.add(row("Secrets", list(p.secrets(), SecretReference::toFlag)));
      rows.add(row("SSH", list(p.ssh(), SshReference::toFlag)));
      rows.add(row("iidfile", p.iidFile().map(Path::toString).orElse("-")));
      rows.add(row("Engine", p.engine().describe()));
      int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0) + 2;
      for (String[] r : rows) {
        out.println(String.format("%-" + width + "s%s", r[0] + ":", r[1]));
      }
      List<ProfileProblem> problems = ProfileValidation.problems(p);
      for (ProfileProblem problem : problems) {
        spec.commandLine().getErr().println("slipway: warning: " + problem);
      }
      return 0;
    }

    private static String[] row(String label, String value) {
      return new String[] {label, value};
    }

    private static <T> String list(List<T> values, Function<T, String> show) {
      return values.isEmpty() ? "-" : values.stream().map(show).collect(Collectors.joining(", "));
    }
  }

  /** {@code slipway profile save NAME [build flags] PATH}. */
  @Command(
      name = "save",
      description =
          "Save (create or replace) a profile from slipway build's flags and a context: a folder,"
              + " a git URL (https://host/repo.git#ref:dir, git@host:repo.git), an http(s) URL or"
              + " a tar archive.",
      mixinStandardHelpOptions = true,
      sortOptions = false)
  static final class SaveCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @ParentCommand ProfileCommand parent;

    @Parameters(index = "0", paramLabel = "NAME", description = "The profile's name.")
    String name;

    @Parameters(
        index = "1",
        paramLabel = "PATH",
        description = "The build context: folder, git URL, URL or tar archive.")
    String path;

    @Mixin BuildFlags flags = new BuildFlags();

    @Option(
        names = "--builder",
        paramLabel = "BUILDER",
        description = "auto (default), classic or buildkit.")
    String builder;

    @Option(
        names = "--engine",
        paramLabel = "ENGINE",
        description = "default, a docker context name, or an address (unix://…, tcp://…, ssh://…).")
    String engine;

    @Option(
        names = "--inline-dockerfile",
        paramLabel = "FILE",
        description = "Keep this file's text in the profile as its Dockerfile (instead of -f).")
    Path inlineDockerfile;

    @Override
    public Integer call() {
      List<ProfileProblem> problems = new ArrayList<>();
      BuildProfile.Builder base = BuildProfile.builder(name);
      try {
        base.context(ContextSource.parse(path, parent.workingDir));
      } catch (SlipwayException e) {
        problems.add(new ProfileProblem("context", e.getMessage()));
      }
      BuildProfile.Builder b = flags.overlay(base.build(), parent.workingDir, problems).toBuilder();
      parse(problems, "builder", builder, v -> b.builder(BuilderChoice.parse(v)));
      parse(problems, "engine", engine, v -> b.engine(EngineChoice.parse(v)));
      if (inlineDockerfile != null) {
        if (flags.file != null) {
          problems.add(
              new ProfileProblem("dockerfile", "Give either -f or --inline-dockerfile, not both."));
        }
        parse(
            problems,
            "dockerfile",
            inlineDockerfile,
            f -> b.dockerfile(new DockerfileSource.Inline(readText(f))));
      }
      BuildProfile profile = b.build();
      boolean contextUnreadable = profile.context().isEmpty();
      for (ProfileProblem problem : ProfileValidation.problems(profile)) {
        // "No build context" would only repeat why PATH was not understood.
        if (!(contextUnreadable && problem.field().equals("context"))) {
          problems.add(problem);
        }
      }
      ProfileException.throwIfAny(problems);
      ProfileStore store = parent.store();
      boolean replacing = store.find(name).isPresent();
      Path file = store.save(profile);
      spec.commandLine()
          .getOut()
          .println((replacing ? "Replaced" : "Saved") + " profile \"" + name + "\" in " + file);
      return 0;
    }

    private String readText(Path file) {
      Path f = parent.workingDir.resolve(file).toAbsolutePath().normalize();
      try {
        return Files.readString(f);
      } catch (NoSuchFileException e) {
        throw new SlipwayException("There is no Dockerfile " + f + ". Check the path.");
      } catch (CharacterCodingException e) {
        throw new SlipwayException("The Dockerfile " + f + " is not UTF-8 text.");
      } catch (IOException e) {
        throw new SlipwayException("Cannot read the Dockerfile " + f + ": " + e.getMessage());
      }
    }

    private static <T> void parse(
        List<ProfileProblem> problems,
        String field,
        T value,
        java.util.function.Consumer<T> apply) {
      if (value == null) {
        return;
      }
      try {
        apply.accept(value);
      } catch (SlipwayException e) {
        problems.add(new ProfileProblem(field, e.getMessage()));
      }
    }
  }

  /** {@code slipway profile rm NAME}. */
  @Command(
      name = "rm",
      aliases = "remove",
      description = "Remove a profile (its file).",
      mixinStandardHelpOptions = true)
  static final class RemoveCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @ParentCommand ProfileCommand parent;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Override
    public Integer call() {
      ProfileStore store = parent.store();
      String stored = store.load(name).name();
      store.delete(name);
      spec.commandLine().getOut().println("Removed profile \"" + stored + "\".");
      return 0;
    }
  }

  /** {@code slipway profile rename OLD NEW}. */
  @Command(
      name = "rename",
      description = "Give a profile a new name.",
      mixinStandardHelpOptions = true)
  static final class RenameCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @ParentCommand ProfileCommand parent;

    @Parameters(index = "0", paramLabel = "OLD")
    String from;

    @Parameters(index = "1", paramLabel = "NEW")
    String to;

    @Override
    public Integer call() {
      parent.store().rename(from, to);
      spec.commandLine().getOut().println("Renamed profile \"" + from + "\" to \"" + to + "\".");
      return 0;
    }
  }

  /** {@code slipway profile duplicate NAME NEW}. */
  @Command(
      name = "duplicate",
      aliases = "cp",
      description = "Copy a profile under a new name.",
      mixinStandardHelpOptions = true)
  static final class DuplicateCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @ParentCommand ProfileCommand parent;

    @Parameters(index = "0", paramLabel = "NAME")
    String from;

    @Parameters(index = "1", paramLabel = "NEW")
    String to;

    @Override
    public Integer call() {
      parent.store().duplicate(from, to);
      spec.commandLine().getOut().println("Copied profile \"" + from + "\" to \"" + to + "\".");
      return 0;
    }
  }

  /** {@code slipway profile export NAME FILE}. */
  @Command(
      name = "export",
      description = "Write a profile to FILE (or into a folder, as NAME.json), to share or keep.",
      mixinStandardHelpOptions = true)
  static final class ExportCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @ParentCommand ProfileCommand parent;

    @Parameters(index = "0", paramLabel = "NAME")
    String name;

    @Parameters(index = "1", paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() {
      Path written = parent.store().export(name, parent.workingDir.resolve(file));
      spec.commandLine().getOut().println("Exported profile \"" + name + "\" to " + written);
      return 0;
    }
  }

  /** {@code slipway profile import FILE [--as NAME]}. */
  @Command(
      name = "import",
      description = "Add the profile in FILE (as export writes it).",
      mixinStandardHelpOptions = true)
  static final class ImportCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @ParentCommand ProfileCommand parent;

    @Parameters(index = "0", paramLabel = "FILE")
    Path file;

    @Option(
        names = "--as",
        paramLabel = "NAME",
        description = "Import under this name (when the file's name is taken).")
    String as;

    @Override
    public Integer call() {
      BuildProfile imported =
          parent.store().importFile(parent.workingDir.resolve(file), Optional.ofNullable(as));
      spec.commandLine().getOut().println("Imported profile \"" + imported.name() + "\".");
      return 0;
    }
  }

  static String builderName(BuilderChoice choice) {
    return choice == BuilderChoice.BUILDKIT
        ? "BuildKit"
        : choice.name().toLowerCase(java.util.Locale.ROOT);
  }

  private static String describe(DockerfileSource source) {
    if (source instanceof DockerfileSource.Inline inline) {
      long lines = inline.text().lines().count();
      return "inline, " + lines + (lines == 1 ? " line" : " lines");
    }
    return ((DockerfileSource.InContext) source).path();
  }
}
