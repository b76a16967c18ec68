package io.slipway.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.slipway.core.SlipwayException;
import io.slipway.core.build.buildkit.BuildKitBuilder;
import io.slipway.core.build.classic.ClassicBuilder;
import io.slipway.core.context.ContextSource;
import io.slipway.core.engine.Engine;
import io.slipway.core.testing.EngineTestSupport;
import io.slipway.core.testing.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every kind of context against the real engine: a git repository (file:// and a {@code git daemon}
 * on loopback) at a branch, a tag, a commit and a folder; URLs served by a local HTTP server (a
 * gzip tarball, a lone Dockerfile, basic auth, a slow download cancelled); a tar archive on disk;
 * inline Dockerfiles.
 */
class ContextSourcesIT {

  private static final String PASSWORD = "s3cret-Download-pw";

  @TempDir Path tmp;

  private Engine engine;
  private TestImages images;
  private Set<String> containersBefore;
  private Set<Path> scratchBefore;
  private HttpServer http;
  private Process gitDaemon;
  private final List<BuildEvent> events = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws IOException {
    engine = EngineTestSupport.engineOrSkip();
    images = new TestImages(engine);
    containersBefore = images.containerIds();
    scratchBefore = scratchFolders();
  }

  @AfterEach
  void cleanUp() {
    if (http != null) {
      http.stop(0);
    }
    if (gitDaemon != null) {
      gitDaemon.destroyForcibly();
    }
    images.removeContainersNotIn(containersBefore);
    images.close();
  }

  private BuilderService builder(String kind) {
    // HOME points at an empty folder: no ~/.git-credentials of the machine's user is read.
    Map<String, String> env = Map.of("HOME", tmp.toString());
    return kind.equals("classic")
        ? new ClassicBuilder(engine, env, Clock.systemUTC())
        : new BuildKitBuilder(engine, env, Clock.systemUTC());
  }

  private BuildResult build(String kind, BuildRequest request) {
    events.clear();
    return builder(kind)
        .start(request, events::add)
        .result()
        .orTimeout(180, TimeUnit.SECONDS)
        .join();
  }

  private String built(String kind, BuildRequest.Builder request, String... cmd)
      throws InterruptedException {
    String tag = images.uniqueTag("ctx");
    BuildResult result = build(kind, request.tag(tag).build());
    assertThat(result.status())
        .as("%s: %s", result.error(), events)
        .isEqualTo(BuildStatus.SUCCEEDED);
    return images.run(tag, cmd).strip();
  }

  private static Set<Path> scratchFolders() throws IOException {
    try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return s.filter(p -> p.getFileName().toString().startsWith("slipway-context-"))
          .collect(Collectors.toSet());
    }
  }

  private void assertScratchRemoved() throws IOException {
    assertThat(scratchFolders()).isSubsetOf(scratchBefore);
  }

  // --- git ---------------------------------------------------------------------------------

  /** A real repository made with git: tag v1, main two commits on, a branch with a folder. */
  private record Repo(Path bare, String firstCommit) {}

  private Repo gitRepository() throws Exception {
    Path work = tmp.resolve("work");
    Files.createDirectories(work);
    git(work, "init", "-q", "-b", "main");
    git(work, "config", "user.email", "t@example.com");
    git(work, "config", "user.name", "Test");
    Files.writeString(
        work.resolve("Dockerfile"), "FROM " + TestImages.BASE + "\nCOPY marker /marker\n");
    Files.writeString(work.resolve("marker"), "one\n");
    git(work, "add", ".");
    git(work, "commit", "-q", "-m", "one");
    String first = git(work, "rev-parse", "HEAD").strip();
    git(work, "tag", "-a", "v1", "-m", "version one");
    Files.writeString(work.resolve("marker"), "two\n");
    git(work, "commit", "-q", "-am", "two");
    git(work, "checkout", "-q", "-b", "feature");
    Files.createDirectories(work.resolve("app"));
    Files.writeString(
        work.resolve("app/Dockerfile"), "FROM " + TestImages.BASE + "\nCOPY . /app\n");
    Files.writeString(work.resolve("app/inner"), "inside app\n");
    git(work, "add", ".");
    git(work, "commit", "-q", "-m", "app");
    git(work, "checkout", "-q", "main");
    Path bare = tmp.resolve("served/repo.git");
    Files.createDirectories(bare.getParent());
    git(tmp, "clone", "-q", "--bare", work.toString(), bare.toString());
    return new Repo(bare, first);
  }

  private static String git(Path dir, String... args) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as("git %s: %s", String.join(" ", args), out).isZero();
    return out;
  }

  private BuildRequest.Builder gitContext(String url) {
    return BuildRequest.builder(ContextSource.GitRepository.parse(url));
  }

  @ParameterizedTest
  @ValueSource(strings = {"classic", "buildkit"})
  void gitFileUrlAtBranchTagCommitAndFolder(String kind) throws Exception {
    Repo repo = gitRepository();
    String url = "file://" + repo.bare();
    assertThat(built(kind, gitContext(url), "cat", "/marker")).isEqualTo("two");
    assertThat(events)
        .anySatisfy(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        BuildEvent.StepStarted.class,
                        s -> assertThat(s.name()).isEqualTo("Cloning " + url)));
    assertThat(built(kind, gitContext(url + "#v1"), "cat", "/marker")).isEqualTo("one");
    assertThat(built(kind, gitContext(url + "#" + repo.firstCommit()), "cat", "/marker"))
        .isEqualTo("one");
    assertThat(built(kind, gitContext(url + "#feature:app"), "cat", "/app/inner"))
        .isEqualTo("inside app");
    assertScratchRemoved();
  }

  @Test
  void gitDaemonOnLoopbackWithAShortCommitId() throws Exception {
    Repo repo = gitRepository();
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    gitDaemon =
        new ProcessBuilder(
                "git",
                "daemon",
                "--reuseaddr",
                "--export-all",
                "--listen=127.0.0.1",
                "--port=" + port,
                "--base-path=" + repo.bare().getParent(),
                repo.bare().getParent().toString())
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("git-daemon.log").toFile())
            .start();
    awaitPort(port);
    String url = "git://127.0.0.1:" + port + "/repo.git";
    assertThat(built("buildkit", gitContext(url + "#main"), "cat", "/marker")).isEqualTo("two");
    assertThat(
            built(
                "classic",
                gitContext(url + "#" + repo.firstCommit().substring(0, 10)),
                "cat",
                "/marker"))
        .isEqualTo("one");
    assertScratchRemoved();
  }

  @Test
  void aMissingRefOrFolderIsAClearFailure() throws Exception {
    Repo repo = gitRepository();
    String url = "file://" + repo.bare();
    BuildResult noRef = build("classic", gitContext(url + "#no-such-branch").build());
    assertThat(noRef.status()).isEqualTo(BuildStatus.FAILED);
    assertThat(noRef.error())
        .contains(
            "The git ref \"no-such-branch\" is not a branch, tag or commit of "
                + url
                + ". Check the name after '#' (URL#ref:folder).");
    BuildResult noFolder = build("buildkit", gitContext(url + "#main:nope").build());
    assertThat(noFolder.error().orElseThrow())
        .startsWith("There is no folder \"nope\" in " + url + "#main:nope.");
    BuildResult noRepo =
        build("classic", gitContext("file://" + tmp.resolve("missing.git")).build());
    assertThat(noRepo.error().orElseThrow()).startsWith("There is no git repository at");
    assertScratchRemoved();
  }

  private static void awaitPort(int port) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    throw new AssertionError("git daemon did not listen on port " + port);
  }

  // --- URLs -------------------------------------------------------------------------------

  private String serve(Map<String, byte[]> files, Optional<String> password) throws IOException {
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext(
        "/",
        exchange -> {
          try (exchange) {
            if (password.isPresent() && !authorized(exchange, password.get())) {
              exchange.sendResponseHeaders(401, -1);
              return;
            }
            byte[] body = files.get(exchange.getRequestURI().getPath());
            if (body == null) {
              exchange.sendResponseHeaders(404, -1);
              return;
            }
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          }
        });
    http.start();
    return "http://127.0.0.1:" + http.getAddress().getPort();
  }

  private static boolean authorized(HttpExchange exchange, String password) {
    String expected =
        "Basic "
            + Base64.getEncoder()
                .encodeToString(("user:" + password).getBytes(StandardCharsets.UTF_8));
    return expected.equals(exchange.getRequestHeaders().getFirst("Authorization"));
  }

  private static byte[] tar(Map<String, String> files, String compression) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (OutputStream compressed =
            switch (compression) {
              case "gzip" -> new GzipCompressorOutputStream(bytes);
              case "xz" -> new XZCompressorOutputStream(bytes);
              default -> bytes;
            };
        TarArchiveOutputStream tar = new TarArchiveOutputStream(compressed)) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        byte[] content = f.getValue().getBytes(StandardCharsets.UTF_8);
        TarArchiveEntry entry = new TarArchiveEntry(f.getKey());
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }

  @ParameterizedTest
  @ValueSource(strings = {"classic", "buildkit"})
  void urlOfAGzipTarballAndOfALoneDockerfile(String kind) throws Exception {
    byte[] tarball =
        tar(
            Map.of(
                "Dockerfile",
                "FROM " + TestImages.BASE + "\nCOPY hello /hello\n",
                "hello",
                "from the tarball\n"),
            "gzip");
    byte[] dockerfile =
        ("FROM " + TestImages.BASE + "\nRUN echo lone > /lone\n").getBytes(StandardCharsets.UTF_8);
    String base =
        serve(Map.of("/ctx.tar.gz", tarball, "/Dockerfile", dockerfile), Optional.empty());
    assertThat(
            built(
                kind,
                BuildRequest.builder(new ContextSource.RemoteUrl(base + "/ctx.tar.gz")),
                "cat",
                "/hello"))
        .isEqualTo("from the tarball");
    assertThat(events)
        .anySatisfy(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        BuildEvent.StepProgress.class,
                        p -> {
                          assertThat(p.stepId()).isEqualTo(BuildContext.FETCH_STEP);
                          assertThat(p.current()).isEqualTo(tarball.length);
                        }));
    assertThat(
            built(
                kind,
                BuildRequest.builder(new ContextSource.RemoteUrl(base + "/Dockerfile")),
                "cat",
                "/lone"))
        .isEqualTo("lone");
    BuildResult missing =
        build(kind, BuildRequest.builder(new ContextSource.RemoteUrl(base + "/nope.tar")).build());
    assertThat(missing.error())
        .contains(
            "Downloading the context from "
                + base
                + "/nope.tar failed: the server answered HTTP 404. Check the URL.");
    assertScratchRemoved();
  }

  @Test
  void aUrlPasswordIsSentButNeverShown() throws Exception {
    byte[] tarball =
        tar(Map.of("Dockerfile", "FROM " + TestImages.BASE + "\nRUN echo ok > /ok\n"), "");
    String base = serve(Map.of("/ctx.tar", tarball), Optional.of(PASSWORD));
    String withLogin = base.replace("http://", "http://user:" + PASSWORD + "@") + "/ctx.tar";
    assertThat(
            built(
                "buildkit",
                BuildRequest.builder(new ContextSource.RemoteUrl(withLogin)),
                "cat",
                "/ok"))
        .isEqualTo("ok");
    assertThat(events.toString()).doesNotContain(PASSWORD).contains("…@127.0.0.1");
    BuildResult refused =
        build(
            "classic",
            BuildRequest.builder(new ContextSource.RemoteUrl(base + "/ctx.tar")).build());
    assertThat(refused.error().orElseThrow()).contains("HTTP 401").doesNotContain(PASSWORD);
  }

  @Test
  void cancelDuringASlowDownloadEndsAtOnceAndRemovesTheDownload() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    http.createContext(
        "/slow.tar",
        exchange -> {
          try (exchange) {
            exchange.sendResponseHeaders(200, 100L * 1024 * 1024);
            OutputStream out = exchange.getResponseBody();
            out.write(new byte[64 * 1024]);
            out.flush();
            started.countDown();
            Thread.sleep(30_000);
          } catch (InterruptedException | IOException e) {
            // the client went away
          }
        });
    http.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    http.start();
    String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/slow.tar";
    events.clear();
    BuildHandle handle =
        builder("buildkit")
            .start(BuildRequest.builder(new ContextSource.RemoteUrl(url)).build(), events::add);
    assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
    long cancelAt = System.nanoTime();
    handle.cancel();
    BuildResult result = handle.result().orTimeout(30, TimeUnit.SECONDS).join();
    assertThat(result.status()).isEqualTo(BuildStatus.CANCELLED);
    assertThat(Duration.ofNanos(System.nanoTime() - cancelAt)).isLessThan(Duration.ofSeconds(5));
    assertScratchRemoved();
  }

  // --- tar archives and inline Dockerfiles ---------------------------------------------------

  @ParameterizedTest
  @ValueSource(strings = {"classic", "buildkit"})
  void anXzTarArchiveOnDiskIsSentAsItIs(String kind) throws Exception {
    Path archive = tmp.resolve("context.tar.xz");
    Files.write(
        archive,
        tar(
            Map.of(
                "build/Dockerfile",
                "FROM " + TestImages.BASE + "\nCOPY data.txt /data.txt\nRUN false\n",
                "data.txt",
                "archived\n"),
            "xz"));
    BuildResult failed =
        build(
            kind,
            BuildRequest.builder(new ContextSource.TarArchive(archive))
                .dockerfile("build/Dockerfile")
                .build());
    // The failing step is traced to its Dockerfile line, read from inside the archive.
    assertThat(failed.status()).isEqualTo(BuildStatus.FAILED);
    assertThat(events)
        .anySatisfy(
            e ->
                assertThat(e)
                    .isInstanceOfSatisfying(
                        BuildEvent.StepStarted.class,
                        s -> assertThat(s.dockerfileLine()).contains(3)));
    Files.write(
        archive,
        tar(
            Map.of(
                "build/Dockerfile",
                "FROM " + TestImages.BASE + "\nCOPY data.txt /data.txt\n",
                "data.txt",
                "archived\n"),
            "xz"));
    assertThat(
            built(
                kind,
                BuildRequest.builder(new ContextSource.TarArchive(archive))
                    .dockerfile("build/Dockerfile"),
                "cat",
                "/data.txt"))
        .isEqualTo("archived");
  }

  @Test
  void anInlineDockerfileWithATarArchiveIsRefusedNamingTheRule() throws Exception {
    Path archive = tmp.resolve("context.tar");
    Files.write(archive, tar(Map.of("Dockerfile", "FROM scratch\n"), ""));
    BuildRequest request =
        BuildRequest.builder(new ContextSource.TarArchive(archive))
            .inlineDockerfile("FROM scratch\n")
            .build();
    assertThatThrownBy(() -> builder("classic").start(request, events::add))
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining("An inline Dockerfile cannot be used with the tar archive")
        .hasMessageContaining("`docker build -f - -`");
    Path notTar = tmp.resolve("notes.txt");
    Files.writeString(notTar, "just text");
    assertThatThrownBy(
            () ->
                builder("buildkit")
                    .start(
                        BuildRequest.builder(new ContextSource.TarArchive(notTar)).build(),
                        events::add))
        .hasMessageContaining("is not a tar archive (plain, gzip, bzip2 or xz)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"classic", "buildkit"})
  void anInlineDockerfileBuildsTheFolderWithoutItselfInTheImage(String kind) throws Exception {
    Path folder = tmp.resolve("ctx");
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("kept.txt"), "kept\n");
    Files.writeString(folder.resolve("skipped.txt"), "skipped\n");
    Files.writeString(folder.resolve(".dockerignore"), "skipped.txt\n");
    String listing =
        built(
            kind,
            BuildRequest.builder(folder)
                .inlineDockerfile("FROM " + TestImages.BASE + "\nCOPY . /ctx\n"),
            "ls",
            "-A",
            "/ctx");
    // BuildKit reads the inline Dockerfile through the session, from memory, as the docker CLI
    // does: it is not part of the context, as with the classic builder.
    assertThat(listing.lines()).containsExactlyInAnyOrder(".dockerignore", "kept.txt");
    // The folder itself is untouched: its .dockerignore is not rewritten on disk.
    assertThat(Files.readString(folder.resolve(".dockerignore"))).isEqualTo("skipped.txt\n");
    assertScratchRemoved();
  }
}
