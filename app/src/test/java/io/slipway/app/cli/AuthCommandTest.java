package io.slipway.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.testing.TestCredentialHelper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code slipway auth} without a registry: listing, and the failures that need none. */
class AuthCommandTest {

  private static final String SECRET = "hunter2-never-printed";

  @TempDir Path dir;
  private Path bin;
  private Path configDir;
  private Map<String, String> env;

  record Run(int exit, String out, String err) {}

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
    int exit = cli.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private void config(String json) throws Exception {
    Files.writeString(configDir.resolve("config.json"), json);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void lsShowsEachRegistryItsSourceAndUserButNoSecret() throws Exception {
    TestCredentialHelper.named("pass")
        .with("https://index.docker.io/v1/", "hubuser", SECRET)
        .writeTo(bin);
    TestCredentialHelper.named("ecr-login").with("ecr.example", "AWS", SECRET).writeTo(bin);
    TestCredentialHelper.named("gh").with("ghcr.io", "<token>", SECRET).writeTo(bin);
    config(
        "{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\""
            + b64("alice:" + SECRET)
            + "\"}},\"credsStore\":\"pass\","
            + "\"credHelpers\":{\"ecr.example\":\"ecr-login\",\"ghcr.io\":\"gh\","
            + "\"quay.example\":\"gone\"}}");

    Run run = auth("ls");

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "REGISTRY         SOURCE                   USER\n"
                + "127.0.0.1:5000   config.json              alice\n"
                + "docker.io        credsStore: pass         hubuser\n"
                + "ecr.example      credHelpers: ecr-login   AWS\n"
                + "ghcr.io          credHelpers: gh          <identity token>\n");
    assertThat(run.err())
        .isEqualTo(
            "slipway: warning: docker-credential-gone is not on PATH. Install it, or remove"
                + " \"quay.example\" from \"credHelpers\" in "
                + configDir.resolve("config.json")
                + ".\n");
    assertThat(run.out() + run.err()).doesNotContain(SECRET);
  }

  @Test
  void lsWithoutConfigSaysSo() {
    Run run = auth("ls");

    assertThat(run.exit()).isZero();
    assertThat(run.out())
        .isEqualTo(
            "No registry credentials in "
                + configDir.resolve("config.json")
                + " (there is no such file).\n");
  }

  @Test
  void aBrokenConfigIsOneLineWithoutItsContent() throws Exception {
    config("{\"auths\":{\"x\":{\"password\":" + SECRET + "}}}");

    Run run = auth("ls");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err().strip())
        .startsWith("slipway: Cannot use " + configDir.resolve("config.json") + ": it is not valid")
        .doesNotContain(SECRET)
        .doesNotContain("\n");
  }

  @Test
  void testWithoutCredentialsSaysHowToGetThem() {
    Run run = auth("test", "127.0.0.1:5000");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "slipway: 127.0.0.1:5000: no credentials in "
                + configDir.resolve("config.json")
                + " or its helpers. Log in first (docker login 127.0.0.1:5000).\n");
  }

  @Test
  void testOfANonAnsweringRegistryIsConnectionRefused() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    config(
        "{\"auths\":{\"127.0.0.1:" + port + "\":{\"auth\":\"" + b64("alice:" + SECRET) + "\"}}}");

    Run run = auth("test", "127.0.0.1:" + port);

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "slipway: 127.0.0.1:"
                + port
                + ": cannot reach http://127.0.0.1:"
                + port
                + "/v2/: connection refused (credentials from config.json)\n");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aMissingHelperIsNamedWithTheFix() throws Exception {
    config("{\"credsStore\":\"desktop\"}");

    Run run = auth("test", "ghcr.io");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .isEqualTo(
            "slipway: ghcr.io: docker-credential-desktop is not on PATH. Install it, or remove"
                + " \"credsStore\": \"desktop\" from "
                + configDir.resolve("config.json")
                + ".\n");
  }

  @Test
  void badArgumentsAreOneLine() {
    assertThat(auth("test", "--scheme", "ftp", "x.example").err())
        .isEqualTo("slipway: Unknown --scheme \"ftp\": use auto, http or https.\n");
    assertThat(auth("test", "").err()).isEqualTo("slipway: A registry name cannot be empty\n");
  }

  @Test
  void authIsASubcommandOfSlipway() {
    StringWriter out = new StringWriter();
    int exit =
        SlipwayCli.run(
            new String[] {"auth", "--help"},
            new PrintWriter(out, true),
            new PrintWriter(new StringWriter(), true));

    assertThat(exit).isZero();
    assertThat(out.toString()).contains("Usage: slipway auth", "ls", "test");
  }
}
