package io.slipway.core.build.buildkit.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.build.BuildEvent;
import io.slipway.core.build.BuildRequest;
import io.slipway.core.build.BuildResult;
import io.slipway.core.build.BuildStatus;
import io.slipway.core.build.RegistryAccess;
import io.slipway.core.build.buildkit.BuildKitBuilder;
import io.slipway.core.engine.Engine;
import io.slipway.core.testing.EngineTestSupport;
import io.slipway.core.testing.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds through the BuildKit session against the real engine. */
class SessionBuildIT {

  @TempDir Path context;
  @TempDir Path data;

  private Engine engine;
  private TestImages images;
  private final List<BuildEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() {
    engine = EngineTestSupport.engineOrSkip();
    images = new TestImages(engine);
  }

  @AfterEach
  void cleanUp() {
    images.close();
  }

  private BuildKitBuilder builder(Map<String, String> env) {
    return new BuildKitBuilder(
        engine, env, Clock.systemUTC(), RegistryAccess.fromEnvironment(env), new SessionKeys(data));
  }

  private BuildResult build(BuildKitBuilder builder, BuildRequest request) {
    events.clear();
    BuildResult result =
        builder.start(request, events::add).result().orTimeout(180, TimeUnit.SECONDS).join();
    result.imageId().ifPresent(images::remember);
    return result;
  }

  private void dockerfile(String... lines) throws IOException {
    Files.writeString(context.resolve("Dockerfile"), String.join("\n", lines) + "\n");
  }

  private <T> List<T> of(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private String failure(BuildResult r) {
    return r.error().orElse("")
        + "\n"
        + String.join("\n", of(BuildEvent.LogLine.class).stream().map(l -> l.text()).toList());
  }

  @Test
  void theContextComesThroughTheSessionAndDockerignoreApplies() throws Exception {
    String run = UUID.randomUUID().toString();
    Files.writeString(context.resolve("greeting.txt"), "hello " + run + "\n");
    Files.createDirectories(context.resolve("sub/deeper"));
    Files.writeString(context.resolve("sub/deeper/x.txt"), "x\n");
    Files.writeString(context.resolve("secret.key"), "must not be sent\n");
    Files.writeString(context.resolve(".dockerignore"), "*.key\n");
    dockerfile(
        "FROM " + TestImages.BASE,
        "COPY . /ctx/",
        "RUN ls -R /ctx > /listing && cat /ctx/greeting.txt");
    BuildResult r = build(builder(Map.of()), BuildRequest.builder(context).build());
    assertThat(r.status()).as(failure(r)).isEqualTo(BuildStatus.SUCCEEDED);
    assertThat(of(BuildEvent.Warning.class)).noneMatch(w -> w.message().contains("session"));
    String image = r.imageId().orElseThrow();
    assertThat(images.run(image, "cat", "/ctx/greeting.txt")).contains("hello " + run);
    assertThat(images.run(image, "cat", "/ctx/sub/deeper/x.txt")).contains("x");
    assertThat(images.run(image, "ls", "/ctx")).doesNotContain("secret.key");
  }

  @Test
  void withSessionsTurnedOffTheContextGoesAsATar() throws Exception {
    Files.writeString(context.resolve("a.txt"), "a\n");
    dockerfile("FROM " + TestImages.BASE, "COPY a.txt /a.txt");
    Map<String, String> env = new HashMap<>();
    env.put(BuildKitBuilder.SESSION_VARIABLE, "0");
    BuildResult r = build(builder(env), BuildRequest.builder(context).build());
    assertThat(r.status()).as(failure(r)).isEqualTo(BuildStatus.SUCCEEDED);
    assertThat(of(BuildEvent.StepStarted.class))
        .anyMatch(s -> s.name().startsWith("Sending build context"));
  }

  /** The largest "transferring context" figure of the last build: the bytes the engine received. */
  private long contextBytesTransferred() {
    return of(BuildEvent.StepProgress.class).stream()
        .filter(p -> p.label().startsWith("transferring context"))
        .mapToLong(BuildEvent.StepProgress::current)
        .max()
        .orElse(-1);
  }

  @Test
  void aRebuildAfterTouchingOneFileTransfersOnlyThatFile() throws Exception {
    // 200 MB in 400 files of 512 KiB.
    java.util.Random random = new java.util.Random(42);
    byte[] block = new byte[512 * 1024];
    Files.createDirectories(context.resolve("data"));
    for (int i = 0; i < 400; i++) {
      random.nextBytes(block);
      Files.write(context.resolve("data/f-" + String.format("%03d", i)), block);
    }
    dockerfile(
        "FROM " + TestImages.BASE,
        "RUN --mount=type=bind,target=/ctx du -s /ctx/data > /size && echo " + UUID.randomUUID());
    BuildKitBuilder builder = builder(Map.of());
    BuildResult first = build(builder, BuildRequest.builder(context).build());
    assertThat(first.status()).as(failure(first)).isEqualTo(BuildStatus.SUCCEEDED);
    long firstBytes = contextBytesTransferred();
    assertThat(firstBytes).as(events.toString()).isGreaterThan(200L * 1000 * 1000);

    Path touched = context.resolve("data/f-123");
    Files.write(touched, "changed".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    BuildResult second = build(builder, BuildRequest.builder(context).build());
    assertThat(second.status()).as(failure(second)).isEqualTo(BuildStatus.SUCCEEDED);
    long secondBytes = contextBytesTransferred();
    assertThat(secondBytes).as(events.toString()).isBetween(1L, 1000L * 1000);
  }

  @Test
  void aSecretMountReadsTheSecretWhichShowsNowhereElse() throws Exception {
    String value = "s3cr3t-" + UUID.randomUUID();
    Path secretFile = data.resolve("token.txt");
    Files.writeString(secretFile, value);
    String envValue = "env-" + UUID.randomUUID();
    dockerfile(
        "FROM " + TestImages.BASE,
        // The Dockerfile holds only digests: the values themselves must show nowhere.
        "RUN --mount=type=secret,id=token --mount=type=secret,id=fromenv"
            + " test \"$(sha256sum < /run/secrets/token | cut -d' ' -f1)\" = "
            + SessionKeys.sha256(value)
            + " && test \"$(sha256sum < /run/secrets/fromenv | cut -d' ' -f1)\" = "
            + SessionKeys.sha256(envValue)
            + " && echo secret-ok && echo "
            + UUID.randomUUID());
    Map<String, String> env = new HashMap<>();
    env.put("MY_TOKEN", envValue);
    BuildRequest request =
        BuildRequest.builder(context)
            .secret(io.slipway.core.profile.SecretReference.fromFile("token", secretFile))
            .secret(io.slipway.core.profile.SecretReference.fromEnvironment("fromenv", "MY_TOKEN"))
            .build();
    BuildResult r = build(builder(env), request);
    assertThat(r.status()).as(failure(r)).isEqualTo(BuildStatus.SUCCEEDED);
    assertThat(of(BuildEvent.LogLine.class)).anyMatch(l -> l.text().contains("secret-ok"));
    for (BuildEvent e : events) {
      assertThat(e.toString()).doesNotContain(value).doesNotContain(envValue);
    }
    String image = r.imageId().orElseThrow();
    String history = get("/images/" + image + "/history") + get("/images/" + image + "/json");
    assertThat(history).doesNotContain(value).doesNotContain(envValue);
    // Every byte of the image, as docker save writes it (layers and config).
    String saved = get("/images/" + image + "/get");
    assertThat(saved).isNotEmpty().doesNotContain(value).doesNotContain(envValue);
  }

  private String get(String path) throws IOException {
    try (com.github.dockerjava.transport.DockerHttpClient.Response r =
        engine
            .http()
            .execute(
                com.github.dockerjava.transport.DockerHttpClient.Request.builder()
                    .method(com.github.dockerjava.transport.DockerHttpClient.Request.Method.GET)
                    .path(engine.apiPath(path))
                    .build())) {
      return new String(r.getBody().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
    }
  }

  private void outputDockerfile(String run) throws IOException {
    dockerfile(
        "FROM " + TestImages.BASE + " AS b",
        "RUN mkdir -p /out/sub && echo "
            + run
            + " > /out/a.txt && echo x > /out/sub/b.txt"
            + " && chmod 750 /out/sub/b.txt && ln -s a.txt /out/link",
        "FROM scratch",
        "COPY --from=b /out /");
  }

  @Test
  void aLocalOutputWritesTheResultIntoAFolder() throws Exception {
    String run = UUID.randomUUID().toString();
    outputDockerfile(run);
    Path dest = data.resolve("out");
    BuildResult r =
        build(
            builder(Map.of()),
            BuildRequest.builder(context)
                .output(io.slipway.core.profile.OutputSpec.local(dest.toString()))
                .build());
    assertThat(r.status()).as(failure(r)).isEqualTo(BuildStatus.SUCCEEDED);
    assertThat(Files.readString(dest.resolve("a.txt"))).isEqualTo(run + "\n");
    assertThat(Files.readString(dest.resolve("sub/b.txt"))).isEqualTo("x\n");
    assertThat(
            java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dest.resolve("sub/b.txt"))))
        .isEqualTo("rwxr-x---");
    assertThat(Files.readSymbolicLink(dest.resolve("link"))).isEqualTo(Path.of("a.txt"));
    assertThat(r.imageId()).isEmpty();
  }

  @Test
  void aTarOutputWritesTheResultAsAnArchive() throws Exception {
    String run = UUID.randomUUID().toString();
    outputDockerfile(run);
    Path dest = data.resolve("out.tar");
    BuildResult r =
        build(
            builder(Map.of()),
            BuildRequest.builder(context)
                .output(
                    new io.slipway.core.profile.OutputSpec(
                        "tar", java.util.Optional.of(dest.toString())))
                .build());
    assertThat(r.status()).as(failure(r)).isEqualTo(BuildStatus.SUCCEEDED);
    Map<String, String> entries = new java.util.TreeMap<>();
    try (org.apache.commons.compress.archivers.tar.TarArchiveInputStream tar =
        new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
            Files.newInputStream(dest))) {
      for (var e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        entries.put(
            e.getName(),
            e.isSymbolicLink()
                ? "-> " + e.getLinkName()
                : new String(tar.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    assertThat(entries)
        .containsEntry("a.txt", run + "\n")
        .containsEntry("sub/b.txt", "x\n")
        .containsEntry("link", "-> a.txt");
  }

  @Test
  void aCacheOnlyOutputBuildsWithoutAnImage() throws Exception {
    dockerfile("FROM " + TestImages.BASE, "RUN echo " + UUID.randomUUID());
    BuildResult r =
        build(
            builder(Map.of()),
            BuildRequest.builder(context)
                .output(
                    new io.slipway.core.profile.OutputSpec("cacheonly", java.util.Optional.empty()))
                .build());
    assertThat(r.status()).as(failure(r)).isEqualTo(BuildStatus.SUCCEEDED);
    assertThat(r.imageId()).isEmpty();
  }

  /** Runs a command, returning its output; fails the test when it fails. */
  private static String exec(Map<String, String> env, String... cmd) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
    return out;
  }

  @Test
  void anSshMountListsTheKeysOfTheForwardedAgent() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/ssh-agent")), "needs OpenSSH's ssh-agent");
    Path key = data.resolve("id_test");
    exec(
        Map.of(),
        "ssh-keygen",
        "-q",
        "-t",
        "ed25519",
        "-N",
        "",
        "-C",
        "slipway-test-key",
        "-f",
        key.toString());
    Path socket = data.resolve("agent.sock");
    Process agent =
        new ProcessBuilder("ssh-agent", "-D", "-a", socket.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    try {
      for (int i = 0; i < 100 && !Files.exists(socket); i++) {
        Thread.sleep(50);
      }
      Map<String, String> env = Map.of("SSH_AUTH_SOCK", socket.toString());
      exec(env, "ssh-add", key.toString());
      String fingerprint = exec(Map.of(), "ssh-keygen", "-l", "-f", key.toString()).split(" ")[1];
      copySshAddInto(context.resolve("sshroot"));
      dockerfile(
          "FROM " + TestImages.BASE,
          "COPY sshroot/ /",
          "RUN --mount=type=ssh /usr/bin/ssh-add -l && echo " + UUID.randomUUID());
      BuildResult r =
          build(
              builder(env),
              BuildRequest.builder(context)
                  .ssh(io.slipway.core.profile.SshReference.defaultAgent())
                  .build());
      assertThat(r.status()).as(failure(r)).isEqualTo(BuildStatus.SUCCEEDED);
      assertThat(of(BuildEvent.LogLine.class))
          .anyMatch(l -> l.text().contains(fingerprint) && l.text().contains("slipway-test-key"));
    } finally {
      agent.destroy();
      agent.waitFor();
    }
  }

  /** The host's ssh-add with the libraries it loads (the busybox base image has no OpenSSH). */
  private static void copySshAddInto(Path root) throws Exception {
    List<String> files = new java.util.ArrayList<>(List.of("/usr/bin/ssh-add"));
    for (String line : exec(Map.of(), "ldd", "/usr/bin/ssh-add").split("\n")) {
      java.util.regex.Matcher m = java.util.regex.Pattern.compile("(/\\S+)").matcher(line);
      if (m.find()) {
        files.add(m.group(1));
      }
    }
    for (String f : files) {
      Path target = root.resolve(f.substring(1));
      Files.createDirectories(target.getParent());
      Files.copy(Path.of(f), target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    }
  }

  @Test
  void keyFilesAreServedThroughAnAgentOfTheBuildsOwn() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/ssh-agent")), "needs OpenSSH's ssh-agent");
    Path key = data.resolve("id_file");
    exec(
        Map.of(),
        "ssh-keygen",
        "-q",
        "-t",
        "ed25519",
        "-N",
        "",
        "-C",
        "slipway-file-key",
        "-f",
        key.toString());
    copySshAddInto(context.resolve("sshroot"));
    dockerfile(
        "FROM " + TestImages.BASE,
        "COPY sshroot/ /",
        "RUN --mount=type=ssh,id=deploy /usr/bin/ssh-add -l && echo " + UUID.randomUUID());
    BuildResult r =
        build(
            builder(Map.of()),
            BuildRequest.builder(context)
                .ssh(new io.slipway.core.profile.SshReference("deploy", List.of(key)))
                .build());
    assertThat(r.status()).as(failure(r)).isEqualTo(BuildStatus.SUCCEEDED);
    assertThat(of(BuildEvent.LogLine.class)).anyMatch(l -> l.text().contains("slipway-file-key"));
  }

  @Test
  void aCancelledBuildClosesItsSession() throws Exception {
    int before = BuildSession.openCount();
    dockerfile("FROM " + TestImages.BASE, "RUN echo " + UUID.randomUUID() + " && sleep 60");
    events.clear();
    io.slipway.core.build.BuildHandle handle =
        builder(Map.of()).start(BuildRequest.builder(context).build(), events::add);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (of(BuildEvent.StepStarted.class).stream()
        .noneMatch(st -> st.name().contains("sleep 60"))) {
      assertThat(System.nanoTime())
          .as("the RUN step never started: " + events)
          .isLessThan(deadline);
      Thread.sleep(50);
    }
    assertThat(BuildSession.openCount()).isEqualTo(before + 1);
    handle.cancel();
    BuildResult r = handle.result().orTimeout(30, TimeUnit.SECONDS).join();
    assertThat(r.status()).isEqualTo(BuildStatus.CANCELLED);
    assertThat(BuildSession.openCount()).isEqualTo(before);
  }

  @Test
  void aPrivateBaseImageIsPulledWithTheSessionsCredentialsWithoutAPrePull() throws Exception {
    try (io.slipway.core.testing.TestRegistry registry =
        io.slipway.core.testing.TestRegistry.startOrSkip("alice", "s3ssion-pw")) {
      String base = registry.pushBase(engine);
      registry.removeLocalCopy(engine, base);
      try {
        Path config = Files.createDirectories(data.resolve("docker-config"));
        String auth =
            java.util.Base64.getEncoder()
                .encodeToString(
                    "alice:s3ssion-pw".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Files.writeString(
            config.resolve("config.json"),
            "{\"auths\":{\"" + registry.host() + "\":{\"auth\":\"" + auth + "\"}}}");
        dockerfile("FROM " + base, "RUN echo from-private-base " + UUID.randomUUID());
        BuildResult r =
            build(
                builder(Map.of("DOCKER_CONFIG", config.toString())),
                BuildRequest.builder(context).build());
        assertThat(r.status()).as(failure(r)).isEqualTo(BuildStatus.SUCCEEDED);
        // BuildKit pulled it (its own FROM vertex), not Slipway's pre-pull.
        assertThat(of(BuildEvent.StepStarted.class))
            .noneMatch(st -> st.name().startsWith("Pulling "));
        assertThat(of(BuildEvent.StepStarted.class))
            .anyMatch(st -> st.name().contains("FROM " + base) || st.name().contains(base));
        assertThat(events.toString()).doesNotContain("s3ssion-pw");
      } finally {
        registry.removeLocalCopy(engine, base);
      }
    }
  }

  @Test
  void aTarArchiveContextIsUploadedAlongsideTheSessionBuild() throws Exception {
    Path archive = data.resolve("ctx.tar");
    String run = UUID.randomUUID().toString();
    try (org.apache.commons.compress.archivers.tar.TarArchiveOutputStream tar =
        new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(
            Files.newOutputStream(archive))) {
      Map<String, String> files =
          Map.of(
              "build/Dockerfile",
              "FROM "
                  + TestImages.BASE
                  + "\nCOPY data.txt /data.txt\nRUN --mount=type=secret,id=s test -s /run/secrets/s"
                  + " && echo "
                  + run
                  + "\n",
              "data.txt",
              "archived " + run + "\n");
      for (Map.Entry<String, String> f : files.entrySet()) {
        byte[] bytes = f.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        org.apache.commons.compress.archivers.tar.TarArchiveEntry e =
            new org.apache.commons.compress.archivers.tar.TarArchiveEntry(f.getKey());
        e.setSize(bytes.length);
        tar.putArchiveEntry(e);
        tar.write(bytes);
        tar.closeArchiveEntry();
      }
    }
    Path secret = data.resolve("s.txt");
    Files.writeString(secret, "value");
    BuildResult r =
        build(
            builder(Map.of()),
            BuildRequest.builder(new io.slipway.core.context.ContextSource.TarArchive(archive))
                .dockerfile("build/Dockerfile")
                .secret(io.slipway.core.profile.SecretReference.fromFile("s", secret))
                .build());
    assertThat(r.status()).as(failure(r)).isEqualTo(BuildStatus.SUCCEEDED);
    // The archive went up as its own request (Slipway's upload step), the secret through the
    // session.
    assertThat(of(BuildEvent.StepStarted.class))
        .anyMatch(
            s -> s.stepId().equals("context") && s.name().startsWith("Sending build context"));
    assertThat(images.run(r.imageId().orElseThrow(), "cat", "/data.txt"))
        .contains("archived " + run);
  }
}
