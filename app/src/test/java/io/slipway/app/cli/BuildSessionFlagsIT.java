package io.slipway.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.engine.Engine;
import io.slipway.core.testing.EngineTestSupport;
import io.slipway.core.testing.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code slipway build --secret … -o …} with docker build's spelling, on the real engine. */
class BuildSessionFlagsIT {

  @TempDir Path tmp;
  private Engine engine;
  private TestImages images;

  @BeforeEach
  void setUp() {
    engine = EngineTestSupport.engineOrSkip();
    images = new TestImages(engine);
  }

  @AfterEach
  void cleanUp() {
    images.close();
  }

  @Test
  void secretsFromAFileAndAVariableReachTheBuildAndTheResultGoesToAFolder() throws Exception {
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    String fromFile = "file-" + UUID.randomUUID();
    String fromEnv = "env-" + UUID.randomUUID();
    Files.writeString(tmp.resolve("token.txt"), fromFile);
    Files.writeString(
        ctx.resolve("Dockerfile"),
        "FROM "
            + TestImages.BASE
            + " AS b\n"
            + "RUN --mount=type=secret,id=tok --mount=type=secret,id=gh"
            + " wc -c < /run/secrets/tok > /tok.len && wc -c < /run/secrets/gh > /gh.len"
            + " && echo "
            + UUID.randomUUID()
            + "\n"
            + "FROM scratch\n"
            + "COPY --from=b /tok.len /gh.len /\n");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("GH_TOKEN", fromEnv);
    env.remove("DOCKER_BUILDKIT");
    TestCli cli = new TestCli(env, tmp, tmp);
    TestCli.Run run =
        cli.run(
            "build",
            "--builder",
            "buildkit",
            "--progress",
            "plain",
            "--secret",
            "id=tok,src=token.txt",
            "--secret",
            "id=gh,env=GH_TOKEN",
            "-o",
            "type=local,dest=" + tmp.resolve("out"),
            "ctx");
    assertThat(run.exit()).as(run.err() + run.out()).isZero();
    assertThat(Files.readString(tmp.resolve("out/tok.len")).trim())
        .isEqualTo(String.valueOf(fromFile.length()));
    assertThat(Files.readString(tmp.resolve("out/gh.len")).trim())
        .isEqualTo(String.valueOf(fromEnv.length()));
    assertThat(run.out() + run.err()).doesNotContain(fromFile).doesNotContain(fromEnv);
  }

  @Test
  void theClassicBuilderRefusesSecretsInsteadOfIgnoringThem() throws Exception {
    Path ctx = Files.createDirectories(tmp.resolve("ctx"));
    Files.writeString(ctx.resolve("Dockerfile"), "FROM " + TestImages.BASE + "\n");
    TestCli.Run run =
        new TestCli(System.getenv(), tmp, tmp)
            .run("build", "--builder", "classic", "--secret", "id=x,env=HOME", "ctx");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("need the BuildKit builder");
  }
}
