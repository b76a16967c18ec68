package io.slipway.core.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A git context over ssh from a real OpenSSH server on loopback, with the key only in an ssh agent
 * the test starts: the checkout finds it through {@code SSH_AUTH_SOCK}, and without the agent it is
 * refused with the fix.
 */
class GitOverSshIT {

  @TempDir Path tmp;
  private final List<Process> processes = new ArrayList<>();
  private int port;
  private Path home;
  private Path agentSocket;
  private String url;

  @BeforeEach
  void setUp() throws Exception {
    Path sshd = Path.of("/usr/sbin/sshd");
    boolean required = "1".equals(System.getenv("SLIPWAY_REQUIRE_ENGINE"));
    if (!required) {
      Assumptions.assumeTrue(Files.isExecutable(sshd), "no OpenSSH server (openssh-server)");
    }
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", tmp.resolve("host_key").toString());
    run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", tmp.resolve("user_key").toString());
    Files.copy(tmp.resolve("user_key.pub"), tmp.resolve("authorized_keys"));
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Files.writeString(
        tmp.resolve("sshd_config"),
        String.join(
            "\n",
            "Port " + port,
            "ListenAddress 127.0.0.1",
            "HostKey " + tmp.resolve("host_key"),
            "AuthorizedKeysFile " + tmp.resolve("authorized_keys"),
            "PasswordAuthentication no",
            "KbdInteractiveAuthentication no",
            "PubkeyAuthentication yes",
            "UsePAM no",
            "StrictModes no",
            "PidFile " + tmp.resolve("sshd.pid"),
            ""));
    // sshd insists on its privilege separation folder (CI runs as root and can make it).
    try {
      Files.createDirectories(Path.of("/run/sshd"));
    } catch (IOException e) {
      Assumptions.assumeTrue(required, "cannot create /run/sshd for the OpenSSH server");
      throw e;
    }
    start(sshd.toString(), "-D", "-e", "-f", tmp.resolve("sshd_config").toString());
    awaitPort(port);

    agentSocket = tmp.resolve("agent.sock");
    start("ssh-agent", "-D", "-a", agentSocket.toString());
    for (int i = 0; i < 100 && !Files.exists(agentSocket); i++) {
      Thread.sleep(50);
    }
    run(
        Map.of("SSH_AUTH_SOCK", agentSocket.toString()),
        "ssh-add",
        tmp.resolve("user_key").toString());

    // ~/.ssh knows the server but holds no key: the key is only in the agent.
    home = tmp.resolve("home");
    Files.createDirectories(home.resolve(".ssh"));
    String hostKey = Files.readString(tmp.resolve("host_key.pub")).strip();
    Files.writeString(
        home.resolve(".ssh/known_hosts"), "[127.0.0.1]:" + port + " " + hostKey + "\n");

    Path work = tmp.resolve("work");
    try (Git git = Git.init().setDirectory(work.toFile()).setInitialBranch("main").call()) {
      Files.writeString(work.resolve("Dockerfile"), "FROM scratch\n");
      git.add().addFilepattern(".").call();
      git.commit().setMessage("over ssh").setSign(false).call();
    }
    Path bare = tmp.resolve("repo.git");
    Git.cloneRepository()
        .setURI(work.toUri().toString())
        .setDirectory(bare.toFile())
        .setBare(true)
        .call()
        .close();
    url = "ssh://" + System.getProperty("user.name") + "@127.0.0.1:" + port + bare;
  }

  @AfterEach
  void stop() {
    processes.forEach(Process::destroyForcibly);
  }

  private void start(String... command) throws IOException {
    processes.add(
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve(Path.of(command[0]).getFileName() + ".log").toFile())
            .start());
  }

  private static void run(String... command) throws Exception {
    run(Map.of(), command);
  }

  private static void run(Map<String, String> env, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(String.join(" ", command) + ": " + out).isZero();
  }

  private static void awaitPort(int port) throws InterruptedException {
    for (int i = 0; i < 200; i++) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("sshd did not listen on port " + port);
  }

  private Path checkout(Map<String, String> env) throws IOException {
    Path dir = Files.createTempDirectory(tmp, "checkout");
    return new GitCheckout(
            ContextSource.GitRepository.parse(url + "#main"), GitCredentials.fromEnvironment(env))
        .checkout(dir, (task, done, total) -> {});
  }

  @Test
  void theKeyInTheSshAgentOpensTheRepository() throws Exception {
    assertThat(ContextSource.GitRepository.parse(url).url()).isEqualTo(url);
    Path folder =
        checkout(Map.of("HOME", home.toString(), "SSH_AUTH_SOCK", agentSocket.toString()));
    assertThat(folder.resolve("Dockerfile")).hasContent("FROM scratch");
  }

  @Test
  void withoutTheAgentTheServerRefusesAndTheMessageSaysWhatToDo() {
    assertThatThrownBy(() -> checkout(Map.of("HOME", home.toString())))
        .isInstanceOf(ContextException.class)
        .hasMessageStartingWith("git was refused access to " + GitUrls.redactUserInfo(url) + ".")
        .hasMessageContaining("load your key into the ssh agent");
  }
}
