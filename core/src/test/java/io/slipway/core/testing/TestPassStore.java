package io.slipway.core.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway {@code pass} password store for Debian's real {@code docker-credential-pass}: its own
 * {@code GNUPGHOME} with a passphrase-less key made in batch mode, its own {@code
 * PASSWORD_STORE_DIR} and {@code HOME}, all under one temporary folder. {@link #env()} is the
 * environment to give the helper; {@link #close()} stops the gpg-agent it started and deletes the
 * folder.
 *
 * <p>Without {@code pass}, {@code gpg} or {@code docker-credential-pass} the calling test is
 * skipped (or fails when {@link EngineTestSupport#engineRequired()}).
 */
public final class TestPassStore implements AutoCloseable {

  private final Path dir;
  private final Map<String, String> env;

  private TestPassStore(Path dir, Map<String, String> env) {
    this.dir = dir;
    this.env = env;
  }

  /** Makes the key and the store; takes a few seconds (key generation). */
  public static TestPassStore createOrSkip() {
    TestRegistry.requireProgram("pass");
    TestRegistry.requireProgram("gpg");
    TestRegistry.requireProgram("docker-credential-pass");
    try {
      Path dir = Files.createTempDirectory("slipway-pass-");
      Path gnupg = Files.createDirectories(dir.resolve("gnupg"));
      Files.setPosixFilePermissions(
          gnupg, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
      Map<String, String> env = new HashMap<>(System.getenv());
      env.put("GNUPGHOME", gnupg.toString());
      env.put("PASSWORD_STORE_DIR", dir.resolve("store").toString());
      env.put("HOME", dir.toString());
      TestPassStore store = new TestPassStore(dir, Map.copyOf(env));
      store.run(
          "",
          "gpg",
          "--batch",
          "--pinentry-mode",
          "loopback",
          "--passphrase",
          "",
          "--quick-gen-key",
          "Slipway Test <test@example.invalid>",
          "default",
          "default",
          "never");
      String fingerprint =
          store
              .run("", "gpg", "--list-keys", "--with-colons")
              .lines()
              .filter(l -> l.startsWith("fpr:"))
              .map(l -> l.split(":")[9])
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("gpg made no key"));
      store.run("", "pass", "init", fingerprint);
      return store;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The environment under which {@code pass} and {@code docker-credential-pass} use this store. */
  public Map<String, String> env() {
    return env;
  }

  /** Stores credentials with the real helper ({@code docker-credential-pass store}). */
  public void store(String serverUrl, String username, String secret) {
    String json =
        new com.fasterxml.jackson.databind.ObjectMapper()
            .createObjectNode()
            .put("ServerURL", serverUrl)
            .put("Username", username)
            .put("Secret", secret)
            .toString();
    run(json, "docker-credential-pass", "store");
  }

  /** Runs a program in this store's environment; returns stdout, fails on a non-zero exit. */
  public String run(String stdin, String... command) {
    try {
      ProcessBuilder pb = new ProcessBuilder(List.of(command));
      pb.environment().clear();
      pb.environment().putAll(env);
      pb.redirectErrorStream(true);
      Process p = pb.start();
      p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException(command[0] + " did not finish");
      }
      if (p.exitValue() != 0) {
        // The output of these commands holds no secret (store reads it from stdin).
        throw new IllegalStateException(command[0] + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      run("", "gpgconf", "--kill", "gpg-agent");
    } catch (RuntimeException e) {
      // no agent running
    }
    TestRegistry.deleteTree(dir);
  }
}
