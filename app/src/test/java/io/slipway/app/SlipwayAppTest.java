package io.slipway.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.app.engine.EngineConnector;
import io.slipway.app.main.MainViewModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window's argument, as the desktop entry passes it: a folder or a Dockerfile. */
class SlipwayAppTest {
  @TempDir Path tmp;

  MainViewModel model() {
    EngineConnector none =
        () -> {
          throw new IllegalStateException("no engine in this test");
        };
    return new MainViewModel(
        none, Runnable::run, Runnable::run, (task, delay) -> task.run(), Clock.systemUTC());
  }

  @Test
  void aFolderIsChosen() throws IOException {
    Path folder = Files.createDirectory(tmp.resolve("web"));
    Files.writeString(folder.resolve("Dockerfile"), "FROM scratch\n");
    MainViewModel model = model();

    SlipwayApp.open(model, folder);

    assertThat(model.contextDirProperty().get()).isEqualTo(folder.toAbsolutePath());
    assertThat(model.dockerfileProperty().get()).isEqualTo("Dockerfile");
    assertThat(model.dockerfileProblemProperty().get()).isEmpty();
  }

  @Test
  void aDockerfileChoosesItsFolderAndItself() throws IOException {
    Path folder = Files.createDirectory(tmp.resolve("api"));
    Path dockerfile = Files.writeString(folder.resolve("Dockerfile.dev"), "FROM scratch\n");
    MainViewModel model = model();

    SlipwayApp.open(model, dockerfile);

    assertThat(model.contextDirProperty().get()).isEqualTo(folder.toAbsolutePath());
    assertThat(model.dockerfileProperty().get()).isEqualTo("Dockerfile.dev");
    assertThat(model.dockerfileProblemProperty().get()).isEmpty();
    assertThat(model.windowTitleProperty().get()).isEqualTo("Slipway — api");
  }
}
