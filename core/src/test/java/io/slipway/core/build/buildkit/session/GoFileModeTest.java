package io.slipway.core.build.buildkit.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class GoFileModeTest {

  @Test
  void posixTypesBecomeGoTypeBits() {
    assertThat(GoFileMode.fromPosix(0100644)).isEqualTo(0644);
    assertThat(GoFileMode.fromPosix(0040755)).isEqualTo(GoFileMode.DIR | 0755);
    assertThat(GoFileMode.fromPosix(0120777)).isEqualTo(GoFileMode.SYMLINK | 0777);
    assertThat(GoFileMode.fromPosix(0010600)).isEqualTo(GoFileMode.NAMED_PIPE | 0600);
    assertThat(GoFileMode.fromPosix(0060660)).isEqualTo(GoFileMode.DEVICE | 0660);
    assertThat(GoFileMode.fromPosix(0020666))
        .isEqualTo(GoFileMode.DEVICE | GoFileMode.CHAR_DEVICE | 0666);
  }

  @Test
  void setuidSetgidAndStickyMoveToGoBitsAndBack() {
    int mode = GoFileMode.fromPosix(0107755);
    assertThat(mode).isEqualTo(GoFileMode.SETUID | GoFileMode.SETGID | GoFileMode.STICKY | 0755);
    assertThat(GoFileMode.toPosixPermissions(mode)).isEqualTo(07755);
  }

  @Test
  void onlyRegularFilesHaveContentToRequest() {
    assertThat(GoFileMode.isRegular(GoFileMode.fromPosix(0100644))).isTrue();
    assertThat(GoFileMode.isRegular(GoFileMode.fromPosix(0104755))).isTrue();
    assertThat(GoFileMode.isRegular(GoFileMode.fromPosix(0040755))).isFalse();
    assertThat(GoFileMode.isRegular(GoFileMode.fromPosix(0120777))).isFalse();
    assertThat(GoFileMode.isRegular(GoFileMode.fromPosix(0010644))).isFalse();
  }

  @Test
  void theDirectoryBitIsTheSignBitAsInGo() {
    // Go's ModeDir is 1<<31: the value the engine compares is the unsigned 2147484141.
    assertThat(Integer.toUnsignedLong(GoFileMode.fromPosix(0040755))).isEqualTo(2147484141L);
  }
}
