package io.slipway.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.core.engine.Engine;
import io.slipway.core.testing.EngineTestSupport;
import io.slipway.core.testing.TestImages;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line, in process and through the launcher scripts of the dist folder. */
class SlipwayCliIT {

  @TempDir Path context;
  private Engine engine;
  private TestImages images;
  private Set<String> containersBefore;

  @BeforeEach
  void setUp() throws IOException {
    engine = EngineTestSupport.engineOrSkip();
    images = new TestImages(engine);
    containersBefore = images.containerIds();
    Files.writeString(
        context.resolve("Dockerfile"),
        "FROM " + TestImages.BASE + "\nARG WHO\nCOPY . /ctx\nRUN echo \"hi $WHO\"\n");
    Files.writeString(context.resolve(".dockerignore"), "secret/\n*.tmp\n!keep.tmp\n");
    for (String f : List.of("app/main.c", "secret/key", "a.tmp", "keep.tmp", "README")) {
      Path p = context.resolve(f);
      Files.createDirectories(p.getParent());
      Files.writeString(p, f);
    }
  }

  @AfterEach
  void cleanUp() {
    images.removeContainersNotIn(containersBefore);
    images.close();
  }

  private record Run(int exit, String out, String err) {}

  private static Run slipway(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int exit = SlipwayCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void contextListNamesExactlyWhatACopyBuildPutsInTheImage() throws Exception {
    String tag = images.uniqueTag("cli-list");
    Run build = slipway("build", "-q", "-t", tag, context.toString());
    assertThat(build.exit()).as(build.err()).isZero();

    Run list = slipway("context", context.toString(), "--list");

    assertThat(list.exit()).isZero();
    List<String> lines = new ArrayList<>(Arrays.asList(list.out().strip().split("\n")));
    String total = lines.remove(lines.size() - 1);
    String inImage =
        images.run(tag, "sh", "-c", "cd /ctx && find . ! -type d | sed 's|^./||' | sort");
    assertThat(lines).isEqualTo(Arrays.asList(inImage.strip().split("\n")));
    assertThat(lines)
        .containsExactly(".dockerignore", "Dockerfile", "README", "app/main.c", "keep.tmp");
    long bytes = lines.stream().mapToLong(l -> context.resolve(l).toFile().length()).sum();
    assertThat(total).isEqualTo("Total: 5 files, " + bytes + " bytes (" + Human.bytes(bytes) + ")");
    // -q prints the image id only.
    assertThat(build.out().strip()).matches("sha256:[0-9a-f]{64}");
  }

  @Test
  void progressJsonPrintsOneTypedEventPerLine() throws Exception {
    String tag = images.uniqueTag("cli-json");
    Run run =
        slipway(
            "build",
            "--builder",
            "classic",
            "--progress",
            "json",
            "-t",
            tag,
            "--build-arg",
            "WHO=json",
            context.toString());

    assertThat(run.exit()).as(run.err()).isZero();
    ObjectMapper json = new ObjectMapper();
    List<JsonNode> events = new ArrayList<>();
    for (String line : run.out().strip().split("\n")) {
      events.add(json.readTree(line));
    }
    assertThat(events).allMatch(e -> e.hasNonNull("type") && e.hasNonNull("time"));
    assertThat(events.get(events.size() - 1).get("type").asText()).isEqualTo("build-finished");
    assertThat(events.get(events.size() - 1).get("status").asText()).isEqualTo("SUCCEEDED");
    assertThat(events)
        .anyMatch(
            e -> e.get("type").asText().equals("log") && e.get("text").asText().equals("hi json"));
    assertThat(events)
        .filteredOn(e -> e.get("type").asText().equals("step-started"))
        .extracting(e -> e.get("name").asText())
        .contains("ARG WHO", "RUN echo \"hi $WHO\"");
  }

  @Test
  void aFailedBuildExitsNonZeroWithTheReason() throws IOException {
    Files.writeString(context.resolve("Dockerfile"), "FROM " + TestImages.BASE + "\nRUN exit 4\n");
    Run classic = slipway("build", "--builder", "classic", "--force-rm", context.toString());
    assertThat(classic.exit()).isEqualTo(1);
    assertThat(classic.err()).contains("build failed").contains("returned a non-zero code: 4");
    Run buildkit = slipway("build", "--builder", "buildkit", context.toString());
    assertThat(buildkit.exit()).isEqualTo(1);
    assertThat(buildkit.err()).contains("Builder BuildKit: chosen").contains("exit code: 4");
  }

  @Test
  void badInputIsOneLineNamingTheFix() {
    Run tag = slipway("build", "-t", "Upper/Case", context.toString());
    assertThat(tag.exit()).isEqualTo(1);
    assertThat(tag.err().strip())
        .isEqualTo(
            "slipway: Invalid tag \"Upper/Case\": repository names must be lowercase. Try"
                + " \"upper/case\".");
    Run missing = slipway("context", context.resolve("nope").toString(), "--list");
    assertThat(missing.err().strip())
        .startsWith("slipway: The build context")
        .doesNotContain("Exception");
    Run arg = slipway("build", "--build-arg", "=x", context.toString());
    assertThat(arg.err()).contains("A build arg needs a name");
    Run compress = slipway("build", "--compress", "zip", context.toString());
    assertThat(compress.err()).contains("Unknown compression \"zip\"");
  }

  private static Path dist() {
    return Path.of(System.getProperty("slipway.dist", "target/dist"));
  }

  @Test
  void withoutAnEngineTheLauncherSaysSoPlainly() throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(dist().resolve("bin/slipway").toString(), "engine")
            .redirectErrorStream(false);
    pb.environment().put("DOCKER_HOST", "unix://" + context.resolve("no-engine.sock"));
    Process p = pb.start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isEqualTo(1);
    assertThat(err)
        .startsWith("slipway: No Docker engine answers")
        .contains(context.resolve("no-engine.sock").toString())
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void ctrlCCancelsTheBuildAndLeavesNoContainers() throws Exception {
    Files.writeString(
        context.resolve("Dockerfile"),
        "FROM " + TestImages.BASE + "\nRUN echo started; sleep 30\n");
    Process p =
        new ProcessBuilder(
                dist().resolve("bin/slipway").toString(),
                "build",
                "--progress",
                "plain",
                context.toString())
            .redirectErrorStream(true)
            .start();
    var reader =
        new java.io.BufferedReader(
            new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = reader.readLine()) != null && !line.endsWith("started")) {
      // wait for the RUN step to be running
    }
    assertThat(line).as("the RUN step started").isNotNull();
    long signalled = System.nanoTime();
    new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
    String rest = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(15, TimeUnit.SECONDS)).isTrue();
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - signalled)).isLessThan(5);
    assertThat(p.exitValue()).isEqualTo(130);
    assertThat(rest).contains("build cancelled");
    assertThat(images.containerIds()).isSubsetOf(containersBefore);
  }
}
