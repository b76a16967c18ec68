package io.slipway.core.context;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerfilesTest {
  @TempDir Path tmp;

  @Test
  void topLevelFirstThenByDepthSkippingHiddenAndDependencyFolders() throws Exception {
    Files.writeString(tmp.resolve("Dockerfile"), "FROM scratch\n");
    Files.createDirectories(tmp.resolve("docker/ci"));
    Files.writeString(tmp.resolve("docker/Dockerfile.prod"), "");
    Files.writeString(tmp.resolve("docker/ci/Containerfile"), "");
    Files.writeString(tmp.resolve("dev.dockerfile"), "");
    Files.createDirectories(tmp.resolve("node_modules/x"));
    Files.writeString(tmp.resolve("node_modules/x/Dockerfile"), "");
    Files.createDirectories(tmp.resolve(".git"));
    Files.writeString(tmp.resolve(".git/Dockerfile"), "");
    Files.createDirectories(tmp.resolve("a/b/c/d"));
    Files.writeString(tmp.resolve("a/b/c/d/Dockerfile"), "");
    Files.writeString(tmp.resolve("notes.txt"), "");

    assertThat(Dockerfiles.find(tmp))
        .containsExactly(
            "Dockerfile", "dev.dockerfile", "docker/Dockerfile.prod", "docker/ci/Containerfile");
    assertThat(Dockerfiles.find(tmp.resolve("missing"))).isEmpty();
  }
}
