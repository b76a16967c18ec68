package io.slipway.core.context;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.build.BuildRequest;
import io.slipway.core.build.BuildResult;
import io.slipway.core.build.classic.ClassicBuilder;
import io.slipway.core.engine.Engine;
import io.slipway.core.testing.EngineTestSupport;
import io.slipway.core.testing.TestImages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Slipway sends exactly what {@code docker build} sends: the same tree, built once by the docker
 * CLI (classic builder, whose client applies .dockerignore) and once by Slipway, lands in the image
 * as the same files; and Slipway's own listing names exactly those files.
 */
class DockerignoreParityIT {

  @TempDir Path context;
  private Engine engine;
  private TestImages images;

  @BeforeEach
  void setUp() throws IOException {
    engine = EngineTestSupport.engineOrSkip();
    images = new TestImages(engine);
    Files.writeString(context.resolve("Dockerfile"), "FROM " + TestImages.BASE + "\nCOPY . /ctx\n");
    Files.writeString(
        context.resolve(".dockerignore"),
        String.join(
            "\n",
            "# comments and blank lines are skipped",
            "",
            "*.log",
            "!keep.log",
            "**/tmp",
            "build/",
            "!build/keep/**",
            "/abs.txt",
            "docs/*.md",
            "!docs/README.md",
            "node_modules",
            "sub/**/*.bak",
            "[ab].txt",
            "?.cfg",
            "./dot/../cleaned",
            "Dockerfile",
            ".dockerignore",
            "vendor",
            "!**/*.keep",
            ""));
    for (String file :
        List.of(
            "a.log",
            "keep.log",
            "deep/x.log",
            "x/y/tmp/f",
            "tmp/g",
            "tmpfile",
            "build/out.o",
            "build/keep/k.txt",
            "build/keep/more/m.txt",
            "abs.txt",
            "sub/abs.txt",
            "deep/x.log",
            "docs/a.md",
            "docs/README.md",
            "docs/img/x.md",
            "node_modules/p/index.js",
            "sub/a/b/c.bak",
            "sub/c.bak",
            "sub/c.txt",
            "a.txt",
            "b.txt",
            "c.txt",
            "1.cfg",
            "12.cfg",
            "cleaned",
            "spaces in name.txt",
            "vendor/lib/x.keep",
            "top/y.keep")) {
      Path p = context.resolve(file);
      Files.createDirectories(p.getParent());
      Files.writeString(p, file);
    }
    Files.createDirectories(context.resolve("emptydir"));
    Files.createSymbolicLink(context.resolve("link-to-a"), Path.of("a.txt"));
  }

  @AfterEach
  void cleanUp() {
    images.close();
  }

  @Test
  void slipwaySendsWhatDockerBuildSends() throws Exception {
    String dockerTag = images.uniqueTag("parity-docker");
    String slipwayTag = images.uniqueTag("parity-slipway");
    dockerCliBuild(dockerTag);
    BuildResult result =
        new ClassicBuilder(engine)
            .start(BuildRequest.builder(context).tag(slipwayTag).build(), e -> {})
            .result()
            .get(120, TimeUnit.SECONDS);
    assertThat(result.succeeded()).as(result.error().orElse("")).isTrue();

    List<String> fromDocker = leavesInImage(dockerTag);
    List<String> fromSlipway = leavesInImage(slipwayTag);
    List<String> listed = leaves(LocalContext.scan(context, null));

    assertThat(fromSlipway).isEqualTo(fromDocker);
    // The Dockerfile and .dockerignore are always sent (the engine needs them), and the engine
    // itself drops them from the context when .dockerignore names them, as it does here.
    assertThat(listed).contains("Dockerfile", ".dockerignore");
    assertThat(fromDocker).doesNotContain("Dockerfile", ".dockerignore");
    List<String> listedWithoutBuildFiles = new ArrayList<>(listed);
    listedWithoutBuildFiles.removeAll(List.of("Dockerfile", ".dockerignore"));
    assertThat(listedWithoutBuildFiles).isEqualTo(fromDocker);
    // And the semantics are the interesting ones, not an empty context.
    assertThat(listed)
        .contains(
            "top/y.keep",
            "keep.log",
            "build/keep/k.txt",
            "docs/README.md",
            "sub/abs.txt",
            "sub/c.txt",
            "c.txt",
            "12.cfg",
            "emptydir/",
            "link-to-a",
            "spaces in name.txt",
            "tmpfile")
        .doesNotContain(
            "vendor/lib/x.keep",
            "a.log",
            "x/y/tmp/f",
            "tmp/g",
            "build/out.o",
            "abs.txt",
            "docs/a.md",
            "node_modules/p/index.js",
            "sub/a/b/c.bak",
            "a.txt",
            "1.cfg",
            "cleaned");
  }

  /** Files, links and empty folders (with a trailing slash), relative to the context, sorted. */
  static List<String> leaves(LocalContext context) {
    List<String> out = new ArrayList<>();
    List<ContextEntry> entries = context.entries();
    for (int i = 0; i < entries.size(); i++) {
      ContextEntry e = entries.get(i);
      if (!e.isDirectory()) {
        out.add(e.name());
      } else if (i + 1 == entries.size() || !entries.get(i + 1).name().startsWith(e.name() + "/")) {
        out.add(e.name() + "/");
      }
    }
    out.sort(String::compareTo);
    return out;
  }

  private List<String> leavesInImage(String image) throws InterruptedException {
    String listing =
        images.run(
            image,
            "sh",
            "-c",
            "cd /ctx && find . ! -type d | sed 's|^./||'"
                + " && find . -mindepth 1 -type d | while read d; do"
                + " [ -z \"$(ls -A \"$d\")\" ] && echo \"${d#./}/\"; done; true");
    List<String> out = new ArrayList<>(Arrays.asList(listing.strip().split("\n")));
    out.removeIf(String::isEmpty);
    out.sort(String::compareTo);
    return out;
  }

  private void dockerCliBuild(String tag) throws IOException, InterruptedException {
    ProcessBuilder pb =
        new ProcessBuilder("docker", "build", "-q", "-t", tag, context.toString())
            .redirectErrorStream(true);
    pb.environment().put("DOCKER_BUILDKIT", "0");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("docker build: " + output).isZero();
  }
}
