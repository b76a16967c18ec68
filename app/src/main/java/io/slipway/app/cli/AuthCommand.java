package io.slipway.app.cli;

import io.slipway.core.SlipwayException;
import io.slipway.core.auth.AllCredentials;
import io.slipway.core.auth.CredentialStore;
import io.slipway.core.auth.RegistryCredentials;
import io.slipway.core.auth.RegistryLogin;
import io.slipway.core.auth.RegistryNames;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code slipway auth}: the registry credentials builds will use, found as the docker CLI finds
 * them ({@code ~/.docker/config.json} or {@code $DOCKER_CONFIG}, and its credential helpers).
 * Prints user names and where credentials come from; never a password or token.
 */
@Command(
    name = "auth",
    description = "Show and check the registry credentials builds use (from docker's config.json).",
    mixinStandardHelpOptions = true,
    subcommands = {AuthCommand.LsCommand.class, AuthCommand.TestCommand.class})
final class AuthCommand implements Runnable {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  private final Map<String, String> env;
  private final Path home;

  AuthCommand() {
    this(System.getenv(), Path.of(System.getProperty("user.home")));
  }

  /** For tests: the environment (DOCKER_CONFIG, PATH for helpers) and home folder to use. */
  AuthCommand(Map<String, String> env, Path home) {
    this.env = Map.copyOf(env);
    this.home = home;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  CredentialStore store() {
    return CredentialStore.load(env, home);
  }

  /** {@code slipway auth ls}. */
  @Command(
      name = "ls",
      description =
          "List every registry with credentials, where they come from, and the user name.",
      mixinStandardHelpOptions = true)
  static final class LsCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @ParentCommand AuthCommand auth;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      CredentialStore store;
      try {
        store = auth.store();
      } catch (SlipwayException e) {
        err.println("slipway: " + e.getMessage());
        return SlipwayCli.EXIT_FAILED;
      }
      AllCredentials all = store.all();
      for (String warning : all.warnings()) {
        err.println("slipway: warning: " + warning);
      }
      if (all.credentials().isEmpty()) {
        out.println(
            "No registry credentials in "
                + store.config().file()
                + (store.config().exists() ? "" : " (there is no such file)")
                + ".");
        return 0;
      }
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"REGISTRY", "SOURCE", "USER"});
      for (RegistryCredentials c : all.credentials()) {
        rows.add(
            new String[] {
              RegistryNames.display(c.registry()), c.source().describe(), c.displayUser()
            });
      }
      int registryWidth = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
      int sourceWidth = rows.stream().mapToInt(r -> r[1].length()).max().orElse(0);
      for (String[] r : rows) {
        out.println(
            String.format(
                    "%-" + registryWidth + "s   %-" + sourceWidth + "s   %s", r[0], r[1], r[2])
                .stripTrailing());
      }
      return 0;
    }
  }

  /** {@code slipway auth test REGISTRY}. */
  @Command(
      name = "test",
      description =
          "Log in to REGISTRY with its credentials (as a build would find them) and say whether it"
              + " works. Exit status 0 if it does, 1 if not.",
      mixinStandardHelpOptions = true)
  static final class TestCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;
    @ParentCommand AuthCommand auth;

    @Parameters(
        index = "0",
        paramLabel = "REGISTRY",
        description = "The registry: host[:port] (e.g. ghcr.io, 127.0.0.1:5000) or docker.io.")
    String registry;

    @Option(
        names = "--scheme",
        paramLabel = "SCHEME",
        description =
            "auto (http for this machine's registries, https otherwise), http or https. Default:"
                + " auto.")
    String scheme = "auto";

    @Option(
        names = "--timeout",
        paramLabel = "SECONDS",
        description = "Give up on a request after this many seconds. Default: 10.")
    int timeoutSeconds = 10;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      String name;
      RegistryLogin.Scheme how;
      try {
        name = RegistryNames.display(RegistryNames.key(registry));
        how = scheme(scheme);
        RegistryLogin.endpoint(registry, how);
      } catch (IllegalArgumentException e) {
        err.println("slipway: " + e.getMessage());
        return SlipwayCli.EXIT_FAILED;
      }
      CredentialStore store;
      Optional<RegistryCredentials> found;
      try {
        store = auth.store();
        found = store.lookup(registry);
      } catch (SlipwayException e) {
        err.println("slipway: " + name + ": " + e.getMessage());
        return SlipwayCli.EXIT_FAILED;
      }
      if (found.isEmpty()) {
        err.println(
            "slipway: "
                + name
                + ": no credentials in "
                + store.config().file()
                + " or its helpers. Log in first (docker login "
                + name
                + ").");
        return SlipwayCli.EXIT_FAILED;
      }
      RegistryCredentials c = found.get();
      RegistryLogin.Result result =
          RegistryLogin.test(registry, c, how, Duration.ofSeconds(Math.max(1, timeoutSeconds)));
      String line =
          name + ": " + result.message() + " (credentials from " + c.source().describe() + ")";
      if (result.ok()) {
        out.println(line);
        return 0;
      }
      err.println("slipway: " + line);
      return SlipwayCli.EXIT_FAILED;
    }

    private static RegistryLogin.Scheme scheme(String text) {
      switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
        case "auto":
          return RegistryLogin.Scheme.AUTO;
        case "http":
          return RegistryLogin.Scheme.HTTP;
        case "https":
          return RegistryLogin.Scheme.HTTPS;
        default:
          throw new IllegalArgumentException(
              "Unknown --scheme \"" + text + "\": use auto, http or https.");
      }
    }
  }
}
