package io.slipway.core.profile;

import io.slipway.core.build.BuildArg;
import io.slipway.core.build.selection.BuilderChoice;
import io.slipway.core.context.Compression;
import io.slipway.core.context.ContextSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Profiles for tests. */
public final class Profiles {

  private Profiles() {}

  /** A profile with every field set to something other than its default. */
  public static BuildProfile full(String name, Path dir) {
    return BuildProfile.builder(name)
        .context(
            new ContextSource.GitRepository(
                "https://example.com/team/app.git", Optional.of("v2.1"), Optional.of("docker")))
        .dockerfile(new DockerfileSource.InContext("build/Dockerfile.prod"))
        .tag("registry.example:5000/team/app:2.1")
        .tag("app:latest")
        .buildArg(BuildArg.parse("VERSION=2.1"))
        .buildArg(BuildArg.parse("NPM_TOKEN"))
        .buildArg(BuildArg.parse("EMPTY="))
        .target("runtime")
        .label("org.opencontainers.image.source", "https://example.com/team/app")
        .label("a-label", "with \"quotes\", ünïcødé and a\nnewline")
        .platform("linux/arm64/v8")
        .network("host")
        .extraHost("db.local:10.0.0.5")
        .extraHost("gw:host-gateway")
        .noCache(true)
        .pull(true)
        .builder(BuilderChoice.BUILDKIT)
        .compression(Compression.XZ)
        .cacheFrom("app:cache")
        .output(OutputSpec.local(dir.resolve("out").toString()))
        .secret(SecretReference.fromFile("npmrc", dir.resolve(".npmrc")))
        .secret(SecretReference.fromEnvironment("token", "GH_TOKEN"))
        .ssh(SshReference.defaultAgent())
        .ssh(new SshReference("deploy", List.of(dir.resolve("id_ed25519"), dir.resolve("k2"))))
        .iidFile(dir.resolve("iid.txt"))
        .engine(new EngineChoice.DockerContext("remote-box"))
        .build();
  }

  /** A valid profile building {@code folder} with everything else at its default. */
  public static BuildProfile minimal(String name, Path folder) {
    return BuildProfile.builder(name).context(new ContextSource.LocalFolder(folder)).build();
  }
}
