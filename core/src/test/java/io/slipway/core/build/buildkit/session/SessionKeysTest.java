package io.slipway.core.build.buildkit.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionKeysTest {

  @TempDir Path data;
  @TempDir Path contexts;

  @Test
  void theSharedKeyIsStablePerFolderAcrossRunsAndDiffersBetweenFolders() throws Exception {
    Path a = Files.createDirectories(contexts.resolve("a"));
    Path b = Files.createDirectories(contexts.resolve("b"));
    String first = new SessionKeys(data).sharedKey(a);
    assertThat(new SessionKeys(data).sharedKey(a)).isEqualTo(first).hasSize(64);
    assertThat(new SessionKeys(data).sharedKey(b)).isNotEqualTo(first);
    // Another machine (another node id) gets another key for the same folder.
    assertThat(new SessionKeys(data.resolve("other")).sharedKey(a)).isNotEqualTo(first);
  }

  @Test
  void theNodeIdIsKeptPrivately() throws Exception {
    new SessionKeys(data).nodeId();
    Path file = data.resolve(SessionKeys.NODE_ID_FILE);
    assertThat(Files.readString(file)).hasSize(64);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  @Test
  void theDataFolderFollowsTheOsConventions() {
    Path home = Path.of("/home/u");
    assertThat(SessionKeys.defaultDirectory(Map.of(), home, "Linux"))
        .isEqualTo(Path.of("/home/u/.local/share/slipway"));
    assertThat(SessionKeys.defaultDirectory(Map.of("XDG_DATA_HOME", "/x"), home, "Linux"))
        .isEqualTo(Path.of("/x/slipway"));
    assertThat(SessionKeys.defaultDirectory(Map.of(), home, "Mac OS X"))
        .isEqualTo(Path.of("/home/u/Library/Application Support/Slipway"));
  }
}
