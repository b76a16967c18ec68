package io.slipway.core.build.buildkit.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session's shared key, which the engine keys its incremental context cache on: the same for
 * every build of one context folder from this machine, as the docker CLI makes it (SHA-256 of a
 * random node id kept on disk, a colon, and the folder). A rebuild then sends only what changed.
 */
public final class SessionKeys {

  static final String NODE_ID_FILE = "build-node-id";

  private static final Logger log = LoggerFactory.getLogger(SessionKeys.class);

  private final Path dataDir;
  private String nodeId;

  public SessionKeys(Path dataDir) {
    this.dataDir = dataDir;
  }

  /** Keys kept in the user's data folder ({@link #defaultDirectory}). */
  public static SessionKeys forUser(Map<String, String> environment, Path userHome) {
    return new SessionKeys(
        defaultDirectory(environment, userHome, System.getProperty("os.name", "")));
  }

  /**
   * Slipway's data folder by the OS's convention: {@code %LOCALAPPDATA%\Slipway} on Windows, {@code
   * ~/Library/Application Support/Slipway} on macOS, else {@code $XDG_DATA_HOME/slipway} (absolute
   * only) or {@code ~/.local/share/slipway}.
   */
  public static Path defaultDirectory(Map<String, String> environment, Path userHome, String os) {
    String o = os.toLowerCase(Locale.ROOT);
    if (o.startsWith("windows")) {
      String local = environment.getOrDefault("LOCALAPPDATA", "");
      return (local.isBlank() ? userHome.resolve("AppData").resolve("Local") : Path.of(local))
          .resolve("Slipway");
    }
    if (o.startsWith("mac") || o.startsWith("darwin")) {
      return userHome.resolve("Library").resolve("Application Support").resolve("Slipway");
    }
    String xdg = environment.getOrDefault("XDG_DATA_HOME", "");
    Path base =
        !xdg.isBlank() && Path.of(xdg).isAbsolute()
            ? Path.of(xdg)
            : userHome.resolve(".local").resolve("share");
    return base.resolve("slipway");
  }

  /** The shared key for a context folder. */
  public String sharedKey(Path contextDir) {
    String dir;
    try {
      dir = contextDir.toRealPath().toString();
    } catch (IOException e) {
      dir = contextDir.toAbsolutePath().normalize().toString();
    }
    return sha256(nodeId() + ":" + dir);
  }

  /** The random id of this machine's Slipway, made once and kept. */
  synchronized String nodeId() {
    if (nodeId == null) {
      nodeId = readOrCreate();
    }
    return nodeId;
  }

  private String readOrCreate() {
    Path file = dataDir.resolve(NODE_ID_FILE);
    try {
      if (Files.isRegularFile(file)) {
        String id = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (id.length() >= 32) {
          return id;
        }
      }
      Files.createDirectories(dataDir);
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      String id = HexFormat.of().formatHex(random);
      Path tmp = Files.createTempFile(dataDir, NODE_ID_FILE, ".tmp");
      try {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not POSIX: the folder's own permissions apply
      }
      Files.writeString(tmp, id, StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
      try {
        // Another Slipway may have made one meanwhile: keep the first.
        Files.move(tmp, file);
      } catch (FileAlreadyExistsException e) {
        Files.deleteIfExists(tmp);
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
      }
      return id;
    } catch (IOException e) {
      // Builds still work; only the incremental context transfer is lost between runs.
      log.warn(
          "Cannot keep the build node id in {} ({}); context transfers will not be incremental",
          file,
          e.getMessage());
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      return HexFormat.of().formatHex(random);
    }
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
