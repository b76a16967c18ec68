package io.slipway.core.build.buildkit.session;

import io.slipway.core.SlipwayException;
import io.slipway.core.profile.SshReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The agent sockets a build's {@code --ssh} references resolve to, as buildx resolves them: no path
 * means {@code $SSH_AUTH_SOCK}; a path that is a socket is an agent; key files are loaded into an
 * {@code ssh-agent} that Slipway starts for this build (with {@code ssh-add}) and stops when the
 * build ends, so keys never pass through Slipway's memory.
 */
final class SshAgents implements AutoCloseable {

  private final Map<String, Path> sockets = new LinkedHashMap<>();
  private Process agent;
  private Path agentDir;

  private SshAgents() {}

  /**
   * Resolves every reference.
   *
   * @throws SlipwayException naming the reference and the fix, before the build starts
   */
  static SshAgents resolve(List<SshReference> refs, Map<String, String> environment) {
    SshAgents agents = new SshAgents();
    try {
      for (SshReference ref : refs) {
        agents.sockets.put(ref.id(), agents.socketFor(ref, environment));
      }
      return agents;
    } catch (RuntimeException e) {
      agents.close();
      throw e;
    }
  }

  Map<String, Path> sockets() {
    return sockets;
  }

  private Path socketFor(SshReference ref, Map<String, String> environment) {
    if (ref.paths().isEmpty()) {
      String sock = environment.getOrDefault("SSH_AUTH_SOCK", "");
      if (sock.isBlank()) {
        throw new SlipwayException(
            "--ssh "
                + ref.toFlag()
                + " forwards your ssh agent, but SSH_AUTH_SOCK is not set. Start an agent"
                + " (eval $(ssh-agent); ssh-add), or pass key files: --ssh "
                + ref.id()
                + "=~/.ssh/id_ed25519.");
      }
      return Path.of(sock);
    }
    List<Path> keys = new ArrayList<>();
    for (Path p : ref.paths()) {
      if (!Files.exists(p)) {
        throw new SlipwayException(
            "--ssh "
                + ref.id()
                + ": "
                + p
                + " does not exist. Name an agent socket or a key file.");
      }
      if (!Files.isRegularFile(p)) {
        if (ref.paths().size() > 1) {
          throw new SlipwayException(
              "--ssh "
                  + ref.id()
                  + ": "
                  + p
                  + " is an agent socket, which cannot be mixed with key files in one --ssh.");
        }
        return p;
      }
      keys.add(p);
    }
    return loadKeys(ref.id(), keys);
  }

  /** Starts (once) a private ssh-agent and adds the keys to it; returns its socket. */
  private Path loadKeys(String id, List<Path> keys) {
    try {
      if (agent == null) {
        agentDir = Files.createTempDirectory("slipway-ssh-");
        Path socket = agentDir.resolve("agent.sock");
        agent =
            new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!Files.exists(socket) && System.nanoTime() < deadline && agent.isAlive()) {
          Thread.sleep(20);
        }
        if (!Files.exists(socket)) {
          throw new SlipwayException(
              "--ssh "
                  + id
                  + ": ssh-agent did not start. Check that OpenSSH's client is installed.");
        }
      }
      Path socket = agentDir.resolve("agent.sock");
      // A private agent per id would be cleaner; buildx too serves each id its own keys. Keys of
      // every id share this agent only when several ids name key files.
      List<String> cmd = new ArrayList<>(List.of("ssh-add", "-q"));
      keys.forEach(k -> cmd.add(k.toString()));
      ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
      pb.environment().put("SSH_AUTH_SOCK", socket.toString());
      pb.environment().remove("DISPLAY");
      pb.environment().remove("SSH_ASKPASS");
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      Process add = pb.start();
      String out = new String(add.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (!add.waitFor(10, TimeUnit.SECONDS) || add.exitValue() != 0) {
        add.destroyForcibly();
        throw new SlipwayException(
            "--ssh "
                + id
                + ": ssh-add could not load "
                + keys
                + (out.isEmpty() ? "" : " (" + firstLine(out) + ")")
                + ". A key with a passphrase must be added to your own agent: ssh-add KEY, then"
                + " --ssh "
                + id
                + ".");
      }
      return socket;
    } catch (IOException e) {
      close();
      throw new SlipwayException(
          "--ssh "
              + id
              + " needs ssh-agent and ssh-add to serve key files ("
              + e.getMessage()
              + "). Install OpenSSH's client, or forward your own agent with --ssh default.");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new SlipwayException("--ssh " + id + ": interrupted while starting ssh-agent");
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Stops the private agent, if one was started, and removes its folder. */
  @Override
  public void close() {
    if (agent != null) {
      agent.destroy();
      try {
        if (!agent.waitFor(2, TimeUnit.SECONDS)) {
          agent.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      agent = null;
    }
    if (agentDir != null) {
      try (Stream<Path> s = Files.walk(agentDir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a temp folder left behind is harmless
      }
      agentDir = null;
    }
  }
}
