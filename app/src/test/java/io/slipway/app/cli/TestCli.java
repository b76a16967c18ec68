package io.slipway.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;

/**
 * Runs the real {@code slipway} command line in process, with the commands that read the
 * environment (profiles folder, engine) given the test's environment, home and current folder.
 */
final class TestCli {

  record Run(int exit, String out, String err) {}

  private final Map<String, String> env;
  private final Path home;
  private final Path workingDir;

  TestCli(Map<String, String> env, Path home, Path workingDir) {
    this.env = Map.copyOf(env);
    this.home = home;
    this.workingDir = workingDir;
  }

  Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit =
        SlipwayCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true), factory());
    return new Run(exit, out.toString(), err.toString());
  }

  CommandLine.IFactory factory() {
    return new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        if (cls == BuildCommand.class) {
          return cls.cast(new BuildCommand(env, home, workingDir));
        }
        if (cls == ProfileCommand.class) {
          return cls.cast(new ProfileCommand(env, home, workingDir));
        }
        return CommandLine.defaultFactory().create(cls);
      }
    };
  }
}
