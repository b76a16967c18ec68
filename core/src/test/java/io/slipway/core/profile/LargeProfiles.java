package io.slipway.core.profile;

import io.slipway.core.build.BuildArg;
import io.slipway.core.context.ContextSource;
import java.nio.file.Path;

/** Big profiles whose every part carries its generation, so a torn file cannot pass for whole. */
final class LargeProfiles {

  static final String NAME = "large";

  private LargeProfiles() {}

  static BuildProfile of(long generation) {
    String g = Long.toString(generation);
    BuildProfile.Builder b =
        BuildProfile.builder(NAME)
            .context(new ContextSource.LocalFolder(Path.of("/src/large")))
            .target("gen-" + g);
    StringBuilder dockerfile = new StringBuilder("FROM scratch\n");
    for (int i = 0; i < 40_000; i++) {
      dockerfile.append("LABEL line").append(i).append('=').append(g).append('\n');
    }
    b.dockerfile(new DockerfileSource.Inline(dockerfile.toString()));
    for (int i = 0; i < 2_000; i++) {
      b.label("label." + i, g);
      b.buildArg(BuildArg.parse("ARG_" + i + "=" + g));
    }
    return b.tag("large:" + g).build();
  }

  /** The generation a loaded profile was written for. */
  static long generationOf(BuildProfile profile) {
    return Long.parseLong(profile.target().orElseThrow().substring("gen-".length()));
  }
}
