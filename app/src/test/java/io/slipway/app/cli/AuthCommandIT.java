package io.slipway.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.testing.TestCredentialHelper;
import io.slipway.core.testing.TestRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code slipway auth test|ls} against a real private registry, in process and as a program. */
class AuthCommandIT {

  private static final String PASSWORD = "s3cret-cli-it";
  private static TestRegistry registry;

  @TempDir Path dir;
  private Path bin;
  private Path configDir;
  private Map<String, String> env;

  record Run(int exit, String out, String err) {}

  @BeforeAll
  static void startRegistry() {
    registry = TestRegistry.startOrSkip("alice", PASSWORD);
  }

  @AfterAll
  static void stopRegistry() {
    if (registry != null) {
      registry.close();
    }
  }

  @BeforeEach
  void setUp() throws Exception {
    bin = Files.createDirectories(dir.resolve("bin"));
    configDir = Files.createDirectories(dir.resolve("docker"));
    env = TestCredentialHelper.pathWith(bin, Map.of("DOCKER_CONFIG", configDir.toString()));
  }

  private Run auth(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new AuthCommand(env, dir.resolve("home")));
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return new Run(cli.execute(args), out.toString(), err.toString());
  }

  private void config(String json) throws Exception {
    Files.writeString(configDir.resolve("config.json"), json);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void testSaysLoggedInAndExitsZero() throws Exception {
    config(
        "{\"auths\":{\""
            + registry.host()
            + "\":{\"auth\":\""
            + b64("alice:" + PASSWORD)
            + "\"}}}");

    Run run = auth("test", registry.host());

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out())
        .isEqualTo(registry.host() + ": logged in as alice (credentials from config.json)\n");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void testSaysUnauthorizedAndExitsOne() throws Exception {
    TestCredentialHelper.named("wrongstore").with(registry.host(), "alice", "not-it").writeTo(bin);
    config("{\"credsStore\":\"wrongstore\"}");

    Run run = auth("test", "http://" + registry.host() + "/");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "slipway: "
                + registry.host()
                + ": unauthorized: wrong user name or password (credentials from credsStore:"
                + " wrongstore)\n");
    assertThat(run.out()).isEmpty();
  }

  private static Path dist() {
    return Path.of(System.getProperty("slipway.dist", "target/dist"));
  }

  private Run launcher(String... args) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
            java.util.stream.Stream.concat(
                    java.util.stream.Stream.of(dist().resolve("bin/slipway").toString()),
                    java.util.Arrays.stream(args))
                .toList());
    pb.environment().clear();
    pb.environment().putAll(env);
    pb.environment().put("HOME", dir.resolve("home").toString());
    Process p = pb.start();
    p.getOutputStream().close();
    var out = java.util.concurrent.CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
    String err = read(p.getErrorStream());
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(p.exitValue(), out.get(), err);
  }

  private static String read(java.io.InputStream in) {
    try {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void theLauncherListsAndChecksWithHelpersFromItsPath() throws Exception {
    TestCredentialHelper.named("clistore").with(registry.host(), "alice", PASSWORD).writeTo(bin);
    config("{\"auths\":{\"" + registry.host() + "\":{}},\"credsStore\":\"clistore\"}");

    Run ls = launcher("auth", "ls");
    Run test = launcher("auth", "test", registry.host());

    assertThat(ls.exit()).as(ls.err()).isZero();
    assertThat(ls.out().lines().toList())
        .containsExactly(
            String.format(
                "%-" + registry.host().length() + "s   %-20s   %s", "REGISTRY", "SOURCE", "USER"),
            registry.host() + "   credsStore: clistore   alice");
    assertThat(test.exit()).as(test.err()).isZero();
    assertThat(test.out().strip())
        .isEqualTo(
            registry.host() + ": logged in as alice (credentials from credsStore: clistore)");
    for (Run r : List.of(ls, test)) {
      assertThat(r.out() + r.err())
          .doesNotContain(PASSWORD)
          .doesNotContain(b64("alice:" + PASSWORD));
    }
  }
}
