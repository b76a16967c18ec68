package io.slipway.app.main;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.core.context.ContextSource;
import io.slipway.core.profile.BuildProfile;
import io.slipway.core.profile.DockerfileSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DropsTest {
  @TempDir Path tmp;

  @Test
  void aFolderWithOneDockerfileBecomesAProfileNamedAfterItWithAValidTag() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("My App"));
    Files.writeString(folder.resolve("Dockerfile"), "FROM scratch\n");

    Drops.Outcome o = Drops.resolve(List.of(folder), "", tmp);

    BuildProfile p = ((Drops.Made) o).profile();
    assertThat(p.name()).isEqualTo("My App");
    assertThat(p.tags()).containsExactly("my-app:latest");
    assertThat(p.context()).contains(new ContextSource.LocalFolder(folder));
    assertThat(p.dockerfile()).isEmpty();
  }

  @Test
  void severalDockerfilesAreOfferedTopLevelFirstSkippingDependencies() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("api"));
    Files.writeString(folder.resolve("Dockerfile"), "FROM scratch\n");
    Files.createDirectories(folder.resolve("docker"));
    Files.writeString(folder.resolve("docker/Dockerfile.prod"), "FROM scratch\n");
    Files.writeString(folder.resolve("dev.dockerfile"), "FROM scratch\n");
    Files.createDirectories(folder.resolve("node_modules/x"));
    Files.writeString(folder.resolve("node_modules/x/Dockerfile"), "FROM scratch\n");
    Files.createDirectories(folder.resolve(".git"));
    Files.writeString(folder.resolve(".git/Dockerfile"), "FROM scratch\n");

    Drops.Choose c = (Drops.Choose) Drops.resolve(List.of(folder), "", tmp);

    assertThat(c.dockerfiles())
        .containsExactly("Dockerfile", "dev.dockerfile", "docker/Dockerfile.prod");
    BuildProfile picked = Drops.fromFolder(c.folder(), "docker/Dockerfile.prod");
    assertThat(picked.dockerfile())
        .contains(new DockerfileSource.InContext("docker/Dockerfile.prod"));
  }

  @Test
  void aDroppedDockerfileBuildsItsFolderWithIt() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("svc"));
    Path df = Files.writeString(folder.resolve("Dockerfile.dev"), "FROM scratch\n");

    BuildProfile p = ((Drops.Made) Drops.resolve(List.of(df), "", tmp)).profile();

    assertThat(p.name()).isEqualTo("svc");
    assertThat(p.dockerfile()).contains(new DockerfileSource.InContext("Dockerfile.dev"));
  }

  @Test
  void aTarArchiveAndGitOrHttpUrlsBecomeProfilesOfTheirKind() throws Exception {
    Path tar = Files.writeString(tmp.resolve("context.tar.gz"), "x");
    BuildProfile fromTar = ((Drops.Made) Drops.resolve(List.of(tar), "", tmp)).profile();
    assertThat(fromTar.name()).isEqualTo("context");
    assertThat(fromTar.context()).containsInstanceOf(ContextSource.TarArchive.class);

    BuildProfile git =
        ((Drops.Made) Drops.resolve(List.of(), "https://github.com/org/Api.git#main:svc", tmp))
            .profile();
    assertThat(git.name()).isEqualTo("Api");
    assertThat(git.tags()).containsExactly("api:latest");
    assertThat(git.context()).containsInstanceOf(ContextSource.GitRepository.class);

    BuildProfile url =
        ((Drops.Made) Drops.resolve(List.of(), "https://example.com/site.tar.gz", tmp)).profile();
    assertThat(url.name()).isEqualTo("site");
    assertThat(url.context()).containsInstanceOf(ContextSource.RemoteUrl.class);
  }

  @Test
  void whatCannotBeDroppedSaysWhy() throws Exception {
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    assertThat(((Drops.Refused) Drops.resolve(List.of(empty), "", tmp)).reason())
        .isEqualTo("There is no Dockerfile in empty. Add one, or drop the folder that holds it.");
    Path notes = Files.writeString(tmp.resolve("notes.txt"), "x");
    assertThat(((Drops.Refused) Drops.resolve(List.of(notes), "", tmp)).reason())
        .startsWith("notes.txt is neither a folder, a Dockerfile nor a tar archive.");
    assertThat(((Drops.Refused) Drops.resolve(List.of(empty, notes), "", tmp)).reason())
        .isEqualTo("Drop one folder at a time.");
    assertThat(((Drops.Refused) Drops.resolve(List.of(), "hello world", tmp)).reason())
        .isEqualTo(Drops.WHAT_DROPS);
  }

  @Test
  void theHintWhileDraggingNeedsNoDisk() {
    Path p = Path.of("/home/me/src/api");
    assertThat(Drops.quickHint(List.of(p), "", "/home/me"))
        .isEqualTo(DropHint.accept("Drop to create a profile from ~/src/api"));
    assertThat(Drops.quickHint(List.of(p.resolve("Dockerfile")), "", "/home/me"))
        .isEqualTo(DropHint.accept("Drop to create a profile from ~/src/api"));
    assertThat(Drops.quickHint(List.of(), "git@github.com:org/api.git", "/home/me").kind())
        .isEqualTo(DropHint.Kind.ACCEPT);
    assertThat(Drops.quickHint(List.of(), "just text", "/home/me"))
        .isEqualTo(DropHint.reject(Drops.WHAT_DROPS));
  }
}
