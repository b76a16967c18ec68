package io.slipway.core.build.buildkit.session;

/**
 * Go's {@code os.FileMode} bits, which fsutil's {@code Stat.mode} carries: the permission bits as
 * in POSIX, but the file type and setuid/setgid/sticky in high bits of Go's own. The engine reads
 * raw POSIX modes wrongly (it asks for a directory's content as if it were a file).
 */
final class GoFileMode {

  static final int DIR = 1 << 31;
  static final int SYMLINK = 1 << 27;
  static final int DEVICE = 1 << 26;
  static final int NAMED_PIPE = 1 << 25;
  static final int SOCKET = 1 << 24;
  static final int SETUID = 1 << 23;
  static final int SETGID = 1 << 22;
  static final int CHAR_DEVICE = 1 << 21;
  static final int STICKY = 1 << 20;

  /** Every type bit: a mode with none of these is a regular file. */
  static final int TYPE = DIR | SYMLINK | NAMED_PIPE | SOCKET | DEVICE | CHAR_DEVICE | (1 << 19);

  private static final int S_IFMT = 0170000;

  private GoFileMode() {}

  /** Go's FileMode for a POSIX {@code st_mode}. */
  static int fromPosix(int st) {
    int mode = st & 0777;
    switch (st & S_IFMT) {
      case 0040000 -> mode |= DIR;
      case 0120000 -> mode |= SYMLINK;
      case 0010000 -> mode |= NAMED_PIPE;
      case 0140000 -> mode |= SOCKET;
      case 0060000 -> mode |= DEVICE;
      case 0020000 -> mode |= DEVICE | CHAR_DEVICE;
      default -> {}
    }
    if ((st & 04000) != 0) {
      mode |= SETUID;
    }
    if ((st & 02000) != 0) {
      mode |= SETGID;
    }
    if ((st & 01000) != 0) {
      mode |= STICKY;
    }
    return mode;
  }

  /** The POSIX permission bits (with setuid, setgid, sticky) of a Go FileMode. */
  static int toPosixPermissions(int mode) {
    int p = mode & 0777;
    if ((mode & SETUID) != 0) {
      p |= 04000;
    }
    if ((mode & SETGID) != 0) {
      p |= 02000;
    }
    if ((mode & STICKY) != 0) {
      p |= 01000;
    }
    return p;
  }

  static boolean isDirectory(int mode) {
    return (mode & DIR) != 0;
  }

  static boolean isSymlink(int mode) {
    return (mode & SYMLINK) != 0;
  }

  /** fsutil's rule for which entries have content to request: regular files only. */
  static boolean isRegular(int mode) {
    return (mode & TYPE) == 0;
  }
}
