package io.slipway.core.history;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.core.AtomicFiles;
import io.slipway.core.SlipwayException;
import io.slipway.core.build.BuildStatus;
import io.slipway.core.profile.ProfileNames;
import io.slipway.core.timeline.TimelineJson;
import io.slipway.core.timeline.TimelineSnapshot;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every finished build of every profile, with its whole timeline and log, in one folder (by default
 * the user's data folder, {@link #defaultDirectory}).
 *
 * <h2>On disk</h2>
 *
 * <pre>
 * history/
 *   api-server-1f2e3d4c/                       one folder per profile: a readable stem of the name
 *                                              and 8 hex digits of the SHA-256 of its key, so that
 *                                              names differing only in punctuation stay apart
 *     20260302T100000123Z-a1b2.json            the entry: what the list shows (small)
 *     20260302T100000123Z-a1b2.timeline.json.gz  the timeline, log included (TimelineJson, gzip)
 * </pre>
 *
 * <ul>
 *   <li>Every file is written atomically: to a hidden temporary file in the same folder, forced to
 *       disk, then renamed. The timeline is written first and the entry last, so an entry always
 *       has its timeline; a crash leaves at most an orphan timeline or a temporary file, both
 *       removed by a later listing.
 *   <li>Retention: after each save, only the newest {@link #retention()} builds of that profile are
 *       kept (default {@value #DEFAULT_RETENTION}).
 *   <li>An entry file that cannot be read is skipped by {@link #list} (and logged), never deleted.
 *   <li>Nothing secret is stored: a timeline holds only what the build's events carried, and build
 *       events never carry credentials.
 * </ul>
 *
 * <p>Safe to use from several threads; every method touches the disk, so never call one on the UI
 * thread.
 */
public final class HistoryStore {

  private static final Logger LOG = LoggerFactory.getLogger(HistoryStore.class);

  /** How many builds per profile are kept unless told otherwise. */
  public static final int DEFAULT_RETENTION = 50;

  static final String ENTRY_FORMAT = "slipway-history-entry";
  static final int ENTRY_VERSION = 1;
  static final String ENTRY_SUFFIX = ".json";
  static final String TIMELINE_SUFFIX = ".timeline.json.gz";
  private static final String TEMP_SUFFIX = ".tmp";
  private static final Duration STALE = Duration.ofHours(1);
  private static final Pattern ID = Pattern.compile("\\d{8}T\\d{9}Z-[0-9a-f]{4}");
  private static final DateTimeFormatter ID_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path directory;
  private volatile int retention;

  /** A store in {@code directory} (made on the first save), keeping the default number. */
  public HistoryStore(Path directory) {
    this(directory, DEFAULT_RETENTION);
  }

  public HistoryStore(Path directory, int retention) {
    this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    setRetention(retention);
  }

  /** The store in the user's data folder for this OS ({@link #defaultDirectory}). */
  public static HistoryStore forUser(Map<String, String> environment, Path userHome) {
    return new HistoryStore(
        defaultDirectory(environment, userHome, System.getProperty("os.name", "")));
  }

  /**
   * Slipway's data folder, by the OS's convention: {@code %LOCALAPPDATA%\Slipway} on Windows,
   * {@code ~/Library/Application Support/Slipway} on macOS, else {@code $XDG_DATA_HOME/slipway} (an
   * absolute {@code XDG_DATA_HOME} only, as the XDG spec says) or {@code ~/.local/share/slipway}.
   */
  public static Path dataDirectory(Map<String, String> environment, Path userHome, String osName) {
    String os = osName.toLowerCase(Locale.ROOT);
    if (os.startsWith("windows")) {
      String local = environment.getOrDefault("LOCALAPPDATA", "");
      Path base = local.isBlank() ? userHome.resolve("AppData").resolve("Local") : Path.of(local);
      return base.resolve("Slipway");
    }
    if (os.startsWith("mac") || os.startsWith("darwin")) {
      return userHome.resolve("Library").resolve("Application Support").resolve("Slipway");
    }
    String xdg = environment.getOrDefault("XDG_DATA_HOME", "");
    Path base =
        !xdg.isBlank() && Path.of(xdg).isAbsolute()
            ? Path.of(xdg)
            : userHome.resolve(".local").resolve("share");
    return base.resolve("slipway");
  }

  /** Where the history lives: {@code history} in the {@linkplain #dataDirectory data folder}. */
  public static Path defaultDirectory(
      Map<String, String> environment, Path userHome, String osName) {
    return dataDirectory(environment, userHome, osName).resolve("history");
  }

  public Path directory() {
    return directory;
  }

  /** How many builds per profile are kept. */
  public int retention() {
    return retention;
  }

  /** Sets how many builds per profile to keep (at least 1); applied at each profile's next save. */
  public void setRetention(int builds) {
    if (builds < 1) {
      throw new IllegalArgumentException("The history keeps at least one build per profile.");
    }
    this.retention = builds;
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * Saves a finished build of {@code profile} and drops the profile's builds beyond the retention.
   *
   * @param builder which builder ran it, for the list; may be null
   * @throws IllegalArgumentException if the build has not finished
   * @throws SlipwayException if the files cannot be written (the message says why)
   */
  public HistoryEntry save(String profile, TimelineSnapshot build, String builder) {
    Objects.requireNonNull(profile, "profile");
    if (!build.finished()) {
      throw new IllegalArgumentException("Only a finished build goes into the history.");
    }
    Instant start = build.start().orElseGet(() -> build.end().orElseThrow());
    String id = ID_TIME.format(start) + "-" + HexFormat.of().toHexDigits((short) RANDOM.nextInt());
    HistoryEntry entry =
        new HistoryEntry(
            id,
            profile,
            start,
            build.status().orElseThrow(),
            build.wallTime(),
            build.steps(),
            build.cachedSteps(),
            build.log().size(),
            build.imageId(),
            build.tags(),
            build.error(),
            Optional.ofNullable(builder).filter(b -> !b.isBlank()));
    Path dir = profileDirectory(profile);
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new SlipwayException(
          "Cannot create the history folder "
              + dir
              + ": "
              + reason(e)
              + ". Check its permissions.");
    }
    writeAtomically(
        dir.resolve(id + TIMELINE_SUFFIX),
        out -> {
          try (GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16)) {
            TimelineJson.write(build, gzip);
          }
        });
    byte[] entryJson = entryJson(entry);
    writeAtomically(dir.resolve(id + ENTRY_SUFFIX), out -> out.write(entryJson));
    prune(profile);
    return entry;
  }

  /** The saved builds of {@code profile} (its name ignoring case), newest first. */
  public List<HistoryEntry> list(String profile) {
    Path dir = profileDirectory(profile);
    List<HistoryEntry> entries = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return entries;
    }
    List<Path> timelines = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        String name = file.getFileName().toString();
        if (name.startsWith(".") && name.endsWith(TEMP_SUFFIX)) {
          removeIfStale(file);
        } else if (name.endsWith(TIMELINE_SUFFIX)) {
          timelines.add(file);
        } else if (name.endsWith(ENTRY_SUFFIX)) {
          readEntry(file)
              .filter(e -> ProfileNames.same(e.profile(), profile))
              .ifPresent(entries::add);
        }
      }
    } catch (IOException e) {
      throw new SlipwayException(
          "Cannot read the history folder " + dir + ": " + reason(e) + ". Check its permissions.");
    }
    // A timeline without its entry: the save did not finish. Removed once it is old.
    for (Path timeline : timelines) {
      String id = idOf(timeline, TIMELINE_SUFFIX);
      if (entries.stream().noneMatch(e -> e.id().equals(id))) {
        removeIfStale(timeline);
      }
    }
    entries.sort(Comparator.comparing(HistoryEntry::id).reversed());
    return entries;
  }

  /** The names of the profiles that have saved builds, sorted ignoring case. */
  public List<String> profiles() {
    List<String> names = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return names;
    }
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(directory, Files::isDirectory)) {
      for (Path dir : dirs) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + ENTRY_SUFFIX)) {
          for (Path file : files) {
            Optional<HistoryEntry> entry = readEntry(file);
            if (entry.isPresent()) {
              names.add(entry.get().profile());
              break;
            }
          }
        }
      }
    } catch (IOException e) {
      throw new SlipwayException(
          "Cannot read the history folder " + directory + ": " + reason(e) + ".");
    }
    names.sort(Comparator.comparing(ProfileNames::key));
    return names;
  }

  /**
   * Reads a saved build back, its whole log included.
   *
   * @throws SlipwayException when it is gone or cannot be read (the message says which)
   */
  public TimelineSnapshot open(HistoryEntry entry) {
    Path file = timelineFile(entry);
    try (InputStream in =
        new GZIPInputStream(
            new BufferedInputStream(Files.newInputStream(file), 1 << 16), 1 << 16)) {
      return TimelineJson.read(in);
    } catch (NoSuchFileException e) {
      throw new SlipwayException(
          "The build of " + when(entry) + " is no longer in the history (its file is gone).");
    } catch (IOException e) {
      throw new SlipwayException(
          "Cannot read the build of " + when(entry) + " from " + file + ": " + reason(e));
    }
  }

  /** Removes a saved build; nothing happens if it is already gone. */
  public synchronized void delete(HistoryEntry entry) {
    Path dir = profileDirectory(entry.profile());
    checkId(entry.id());
    try {
      // The entry first: without it the build is no longer listed, whatever happens next.
      Files.deleteIfExists(dir.resolve(entry.id() + ENTRY_SUFFIX));
      Files.deleteIfExists(dir.resolve(entry.id() + TIMELINE_SUFFIX));
    } catch (IOException e) {
      throw new SlipwayException(
          "Cannot remove the build of " + when(entry) + " from the history: " + reason(e) + ".");
    }
  }

  /**
   * Keeps only the newest {@link #retention()} builds of {@code profile}; returns how many went.
   */
  public synchronized int prune(String profile) {
    List<HistoryEntry> entries = list(profile);
    int removed = 0;
    for (int i = retention; i < entries.size(); i++) {
      delete(entries.get(i));
      removed++;
    }
    return removed;
  }

  /** The file holding an entry's timeline (for a "show in folder" or an export). */
  public Path timelineFile(HistoryEntry entry) {
    checkId(entry.id());
    return profileDirectory(entry.profile()).resolve(entry.id() + TIMELINE_SUFFIX);
  }

  // ---------------------------------------------------------------------------------------------

  /** The folder of one profile's builds: a readable stem and a short hash of the name's key. */
  Path profileDirectory(String profile) {
    String key = ProfileNames.key(profile);
    byte[] hash;
    try {
      hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    String stem = ProfileNames.fileStem(profile);
    return directory.resolve(stem + "-" + HexFormat.of().formatHex(hash, 0, 4));
  }

  private static void checkId(String id) {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("not a history id: " + id);
    }
  }

  private static String idOf(Path file, String suffix) {
    String name = file.getFileName().toString();
    return name.substring(0, name.length() - suffix.length());
  }

  private static String when(HistoryEntry entry) {
    return DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC)
            .format(entry.start())
        + " UTC";
  }

  private void removeIfStale(Path file) {
    try {
      if (Files.getLastModifiedTime(file).toInstant().isBefore(Instant.now().minus(STALE))) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // Tried again at the next listing.
    }
  }

  static byte[] entryJson(HistoryEntry e) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator g = MAPPER.getFactory().createGenerator(bytes, JsonEncoding.UTF8)) {
      g.useDefaultPrettyPrinter();
      g.writeStartObject();
      g.writeStringField("format", ENTRY_FORMAT);
      g.writeNumberField("version", ENTRY_VERSION);
      g.writeStringField("id", e.id());
      g.writeStringField("profile", e.profile());
      g.writeStringField("start", e.start().toString());
      g.writeStringField("status", e.status().name());
      g.writeNumberField("wallTimeMs", e.wallTime().toMillis());
      g.writeNumberField("steps", e.steps());
      g.writeNumberField("cachedSteps", e.cachedSteps());
      g.writeNumberField("logLines", e.logLines());
      if (e.imageId().isPresent()) {
        g.writeStringField("imageId", e.imageId().get());
      }
      g.writeArrayFieldStart("tags");
      for (String tag : e.tags()) {
        g.writeString(tag);
      }
      g.writeEndArray();
      if (e.error().isPresent()) {
        g.writeStringField("error", e.error().get());
      }
      if (e.builder().isPresent()) {
        g.writeStringField("builder", e.builder().get());
      }
      g.writeEndObject();
    } catch (IOException ex) {
      throw new IllegalStateException(ex);
    }
    bytes.write('\n');
    return bytes.toByteArray();
  }

  private Optional<HistoryEntry> readEntry(Path file) {
    try {
      if (Files.size(file) > 1 << 20) {
        throw new IOException("too big for a history entry");
      }
      JsonNode n = MAPPER.readTree(Files.readAllBytes(file));
      if (n == null || !ENTRY_FORMAT.equals(n.path("format").asText())) {
        throw new IOException("not a history entry");
      }
      if (n.path("version").asInt(0) > ENTRY_VERSION) {
        throw new IOException("written by a newer Slipway");
      }
      String id = n.path("id").asText();
      checkId(id);
      if (!idOf(file, ENTRY_SUFFIX).equals(id)) {
        throw new IOException("its id does not match its file name");
      }
      List<String> tags = new ArrayList<>();
      n.path("tags").forEach(t -> tags.add(t.asText()));
      return Optional.of(
          new HistoryEntry(
              id,
              n.path("profile").asText(),
              Instant.parse(n.path("start").asText()),
              BuildStatus.valueOf(n.path("status").asText()),
              Duration.ofMillis(n.path("wallTimeMs").asLong()),
              n.path("steps").asInt(),
              n.path("cachedSteps").asInt(),
              n.path("logLines").asInt(),
              text(n, "imageId"),
              tags,
              text(n, "error"),
              text(n, "builder")));
    } catch (IOException | RuntimeException e) {
      LOG.warn("Skipping the history entry {}: {}", file, e.getMessage());
      return Optional.empty();
    }
  }

  private static Optional<String> text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
  }

  /** Writes a temporary file next to {@code target}, forces it to disk, renames it over target. */
  private static void writeAtomically(Path target, AtomicFiles.Content writer) {
    try {
      AtomicFiles.write(target, TEMP_SUFFIX, writer);
    } catch (IOException e) {
      throw new SlipwayException("Cannot write " + target + ": " + reason(e) + ".");
    }
  }

  private static String reason(IOException e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
  }
}
