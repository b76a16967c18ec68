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
    // Most of the file is one long string, cheap to make, so that a save spends its time writing
    // and forcing the file, where a kill is most telling.
    String line = "LABEL generation=" + g + "\n";
    b.dockerfile(
        new DockerfileSource.Inline("FROM scratch\n" + line.repeat(6_000_000 / line.length())));
    for (int i = 0; i < 200; i++) {
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
