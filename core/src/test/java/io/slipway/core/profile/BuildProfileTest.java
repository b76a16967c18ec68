package io.slipway.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.build.BuildArg;
import io.slipway.core.build.BuildRequest;
import io.slipway.core.context.Compression;
import io.slipway.core.context.ContextSource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profile value: a request from it, what it refuses for now, and what it never prints. */
class BuildProfileTest {

  @TempDir Path dir;

  @Test
  void aFolderProfileBecomesTheSameRequestAsItsFlags() {
    BuildProfile p =
        Profiles.minimal("web", dir).toBuilder()
            .dockerfile(new DockerfileSource.InContext("docker/Dockerfile"))
            .tag("web:1")
            .buildArg(BuildArg.parse("A=1"))
            .buildArg(BuildArg.parse("TOKEN"))
            .target("run")
            .label("k", "v")
            .platform("linux/amd64")
            .network("none")
            .extraHost("h:1.2.3.4")
            .noCache(true)
            .pull(true)
            .compression(Compression.GZIP)
            .cacheFrom("web:cache")
            .iidFile(dir.resolve("iid"))
            .build();

    BuildRequest request = p.toRequestBuilder().build();

    BuildRequest expected =
        BuildRequest.builder(dir)
            .dockerfile("docker/Dockerfile")
            .tag("web:1")
            .buildArg(BuildArg.parse("A=1"))
            .buildArg(BuildArg.parse("TOKEN"))
            .target("run")
            .label("k", "v")
            .platform("linux/amd64")
            .network("none")
            .extraHost("h:1.2.3.4")
            .noCache(true)
            .pull(true)
            .compression(Compression.GZIP)
            .cacheFrom("web:cache")
            .iidFile(dir.resolve("iid"))
            .build();
    assertThat(request).isEqualTo(expected);
    // A default Dockerfile stays the context's own (Dockerfile, or a lowercase dockerfile).
    assertThat(Profiles.minimal("m", dir).toRequestBuilder().build().dockerfile())
        .isEqualTo(BuildRequest.DEFAULT_DOCKERFILE);
  }

  @Test
  void everyContextBuildsAndWhatNeedsTheSessionIsAClearError() {
    BuildProfile base = Profiles.minimal("p", dir);
    BuildRequest git =
        base.withContext(ContextSource.GitRepository.parse("https://h/r.git#main:app"))
            .toRequestBuilder()
            .build();
    assertThat(git.source())
        .isEqualTo(ContextSource.GitRepository.parse("https://h/r.git#main:app"));
    assertThat(git.localFolder()).isEmpty();
    BuildRequest inline =
        base.toBuilder()
            .dockerfile(new DockerfileSource.Inline("FROM scratch"))
            .build()
            .toRequestBuilder()
            .build();
    assertThat(inline.inlineDockerfile()).contains("FROM scratch");
    assertThat(inline.dockerfile()).isEqualTo(BuildRequest.DEFAULT_DOCKERFILE);
    BuildRequest withSessionParts =
        base.toBuilder()
            .secret(SecretReference.fromEnvironment("t", "T"))
            .ssh(SshReference.defaultAgent())
            .output(OutputSpec.local("out"))
            .build()
            .toRequestBuilder()
            .build();
    assertThat(withSessionParts.secrets())
        .containsExactly(SecretReference.fromEnvironment("t", "T"));
    assertThat(withSessionParts.ssh()).containsExactly(SshReference.defaultAgent());
    assertThat(withSessionParts.output()).contains(OutputSpec.local("out"));
    assertThat(withSessionParts.needsSession()).isTrue();
    assertThatThrownBy(() -> base.toBuilder().context(null).build().toRequestBuilder())
        .isInstanceOfSatisfying(
            ProfileException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ProfileProblem::field)
                    .containsExactly("context"));
  }

  @Test
  void toStringShowsNoBuildArgValueAndNoUrlPassword() {
    BuildProfile p =
        Profiles.full("web", dir).toBuilder()
            .buildArg(BuildArg.parse("DB_PASSWORD=hunter2-typed"))
            .context(
                new ContextSource.GitRepository(
                    "https://bob:hunter2-url@example.com/r.git",
                    Optional.empty(),
                    Optional.empty()))
            .build();
    assertThat(p.toString())
        .doesNotContain("hunter2")
        .contains("DB_PASSWORD=…")
        .contains("NPM_TOKEN (from environment)")
        .contains("id=token,env=GH_TOKEN");
  }

  @Test
  void theRecordIsImmutableAndWithersLeaveTheOriginal() {
    BuildProfile p = Profiles.full("a", dir);
    BuildProfile renamed = p.withName("b");
    assertThat(p.name()).isEqualTo("a");
    assertThat(renamed).isEqualTo(p.toBuilder().name("b").build());
    assertThat(p.withTags(List.of("x:1")).tags()).containsExactly("x:1");
    assertThatThrownBy(() -> p.tags().add("y")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> p.labels().put("y", "z"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(p.toBuilder().build()).isEqualTo(p);
  }

  @Test
  void theEngineChoiceIsTheEnvironmentTheLocatorReads() {
    Map<String, String> env = Map.of("DOCKER_HOST", "tcp://a:2375", "PATH", "/bin");
    assertThat(EngineChoice.DEFAULT.applyTo(env)).isEqualTo(env);
    assertThat(new EngineChoice.DockerContext("box").applyTo(env))
        .isEqualTo(Map.of("DOCKER_CONTEXT", "box", "PATH", "/bin"));
    assertThat(
            new EngineChoice.Host("unix:///x.sock")
                .applyTo(Map.of("DOCKER_CONTEXT", "box", "PATH", "/bin")))
        .isEqualTo(Map.of("DOCKER_HOST", "unix:///x.sock", "PATH", "/bin"));
  }

  @Test
  void flagSyntaxesParseAsBuildxTakesThem() {
    assertThat(SecretReference.parse("id=npm,src=.npmrc", dir))
        .isEqualTo(SecretReference.fromFile("npm", dir.resolve(".npmrc")));
    assertThat(SecretReference.parse("id=t,env=GH_TOKEN", dir))
        .isEqualTo(SecretReference.fromEnvironment("t", "GH_TOKEN"));
    assertThat(SecretReference.parse("type=env,id=t,src=GH_TOKEN", dir))
        .isEqualTo(SecretReference.fromEnvironment("t", "GH_TOKEN"));
    assertThat(SecretReference.parse("id=only", dir))
        .isEqualTo(new SecretReference("only", Optional.empty(), Optional.empty()));
    assertThatThrownBy(() -> SecretReference.parse("id=x,value=abc", dir))
        .hasMessageContaining("Unknown --secret key \"value\"");
    assertThat(SshReference.parse("default", dir)).isEqualTo(SshReference.defaultAgent());
    assertThat(SshReference.parse("gh=keys/a,/abs/b", dir))
        .isEqualTo(new SshReference("gh", List.of(dir.resolve("keys/a"), Path.of("/abs/b"))));
    assertThat(OutputSpec.parse("type=tar,dest=out.tar"))
        .isEqualTo(new OutputSpec("tar", Optional.of("out.tar")));
    assertThatThrownBy(() -> OutputSpec.parse("type=image,push=true"))
        .hasMessageContaining("Unknown --output key \"push\"");
  }
}
