package io.slipway.core.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class BaseImagesTest {

  @Test
  void findsExternalBaseImagesWithMetaArgsSubstituted() {
    String dockerfile =
        String.join(
            "\n",
            "ARG REGISTRY=registry.example.com",
            "ARG VERSION",
            "FROM --platform=$BUILDPLATFORM ${REGISTRY}/base:${VERSION:-1} AS build",
            "RUN make",
            "FROM build AS test",
            "FROM scratch",
            "COPY --from=build /out /",
            "FROM $REGISTRY/runtime:2",
            "");
    assertThat(BaseImages.of(DockerfileLines.parse(dockerfile), Map.of()))
        .containsExactly("registry.example.com/base:1", "registry.example.com/runtime:2");
    assertThat(BaseImages.of(DockerfileLines.parse(dockerfile), Map.of("VERSION", "7")))
        .containsExactly("registry.example.com/base:7", "registry.example.com/runtime:2");
  }
}
