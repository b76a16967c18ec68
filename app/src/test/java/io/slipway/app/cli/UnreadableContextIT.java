package io.slipway.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Root reads every file, so an unreadable file can only be shown to a build run as another user:
 * the launcher runs as "nobody" here (CI runs as root; elsewhere LocalContextTest covers it).
 */
class UnreadableContextIT {

  @TempDir Path dir;

  private static Path dist() {
    return Path.of(System.getProperty("slipway.dist", "target/dist"));
  }

  @Test
  void anUnreadableFileIsAOneLineErrorNamingTheFix() throws Exception {
    assumeThat(System.getProperty("user.name")).as("needs root to switch user").isEqualTo("root");
    Path context = Files.createDirectories(dir.resolve("ctx"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(context, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(context.resolve("Dockerfile"), "FROM scratch\n");
    Files.writeString(context.resolve("secret.txt"), "x");
    Files.setPosixFilePermissions(
        context.resolve("secret.txt"), PosixFilePermissions.fromString("rw-------"));

    Process p =
        new ProcessBuilder(
                "setpriv",
                "--reuid=nobody",
                "--regid=nogroup",
                "--clear-groups",
                dist().resolve("bin/slipway").toAbsolutePath().toString(),
                "context",
                context.toString(),
                "--list")
            .redirectErrorStream(true)
            .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).as(output).isEqualTo(1);
    assertThat(output.strip())
        .isEqualTo(
            "slipway: Cannot read secret.txt in the build context "
                + context
                + " (permission denied). Fix its permissions, or add it to .dockerignore.");
  }
}
