package io.slipway.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.build.DockerfileOutline.Arg;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DockerfileOutlineTest {

  @Test
  void namedStagesInOrderOnceEachWhateverTheCaseOfAs() {
    DockerfileOutline o =
        DockerfileOutline.parse(
            "FROM golang:1.22 AS build\n"
                + "RUN go build\n"
                + "from --platform=$BUILDPLATFORM alpine as Test\n"
                + "FROM scratch\n"
                + "FROM build AS BUILD\n"
                + "FROM gcr.io/distroless/static AS runtime\n");
    assertThat(o.stages()).containsExactly("build", "Test", "runtime");
  }

  @Test
  void argsWithAndWithoutDefaultsGlobalAndPerStageFirstDeclarationWins() {
    DockerfileOutline o =
        DockerfileOutline.parse(
            "ARG VERSION=1.0\n"
                + "FROM busybox\n"
                + "ARG VERSION\n"
                + "ARG USER=\"app user\" HOME=/home/app\n"
                + "ARG \\\n  DEBUG\n"
                + "# ARG COMMENTED=1\n"
                + "RUN echo $VERSION\n");
    assertThat(o.args())
        .containsExactly(
            new Arg("VERSION", Optional.of("1.0")),
            new Arg("USER", Optional.of("app user")),
            new Arg("HOME", Optional.of("/home/app")),
            new Arg("DEBUG", Optional.empty()));
  }

  @Test
  void anEmptyOrOddDockerfileGivesNothing() {
    assertThat(DockerfileOutline.parse("")).isEqualTo(DockerfileOutline.EMPTY);
    assertThat(DockerfileOutline.parse("FROM\nARG\nARG =x\n")).isEqualTo(DockerfileOutline.EMPTY);
  }
}
