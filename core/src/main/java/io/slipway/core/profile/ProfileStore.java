package io.slipway.core.profile;

import io.slipway.core.AtomicFiles;
import io.slipway.core.SlipwayException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The saved profiles: one JSON file per profile ({@link ProfileJson}) in one folder, by default the
 * user's config folder ({@link #defaultDirectory}).
 *
 * <ul>
 *   <li>A profile is found by the name inside its file, ignoring case; file names are derived from
 *       names ({@link ProfileNames#fileStem}) only to be readable and safe.
 *   <li>Every write is atomic: a temporary file in the same folder is written and forced to disk,
 *       then renamed over the old file ({@code ATOMIC_MOVE}, or a plain replacing move where the
 *       file system has no atomic one). A crash leaves the old file or the new one, never half of
 *       one; at worst a hidden {@code .NAME.json.*.tmp} file, removed by a later listing.
 *   <li>A file that cannot be read or parsed is reported by {@link #list()} ({@link FileProblem})
 *       and moved aside to {@code NAME.json.broken-<UTC time>}; other operations skip it. It is
 *       never overwritten or dropped, and the other profiles load.
 *   <li>A file written by a newer Slipway (a higher schema version) is reported and left exactly as
 *       it is; its name stays taken.
 *   <li>Saving validates first and refuses a profile with problems, reporting all of them.
 * </ul>
 *
 * <p>Methods are synchronized for use from several threads of one process; two processes saving the
 * same profile at once both succeed, and the last rename wins.
 */
public final class ProfileStore {

  /** Bigger files are not profiles (an inline Dockerfile is far smaller). */
  static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

  private static final String SUFFIX = ".json";
  private static final String TEMP_SUFFIX = ".tmp";
  private static final Duration STALE_TEMP = Duration.ofHours(1);
  private static final DateTimeFormatter ASIDE_TIME =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private final Path directory;
  private final Clock clock;

  /** A store in {@code directory} (made on the first save). */
  public ProfileStore(Path directory) {
    this(directory, Clock.systemUTC());
  }

  ProfileStore(Path directory, Clock clock) {
    this.directory = Objects.requireNonNull(directory, "directory").toAbsolutePath().normalize();
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** The store in the user's config folder ({@link #defaultDirectory}) for this OS. */
  public static ProfileStore forUser(Map<String, String> environment, Path userHome) {
    return new ProfileStore(
        defaultDirectory(environment, userHome, System.getProperty("os.name", "")));
  }

  /**
   * Where profiles live, by the OS's convention: {@code %APPDATA%\Slipway\profiles} on Windows,
   * {@code ~/Library/Application Support/Slipway/profiles} on macOS, else {@code
   * $XDG_CONFIG_HOME/slipway/profiles} (an absolute {@code XDG_CONFIG_HOME} only, as the XDG spec
   * says) or {@code ~/.config/slipway/profiles}.
   */
  public static Path defaultDirectory(
      Map<String, String> environment, Path userHome, String osName) {
    String os = osName.toLowerCase(Locale.ROOT);
    if (os.startsWith("windows")) {
      String appData = environment.getOrDefault("APPDATA", "");
      Path base =
          appData.isBlank() ? userHome.resolve("AppData").resolve("Roaming") : Path.of(appData);
      return base.resolve("Slipway").resolve("profiles");
    }
    if (os.startsWith("mac") || os.startsWith("darwin")) {
      return userHome
          .resolve("Library")
          .resolve("Application Support")
          .resolve("Slipway")
          .resolve("profiles");
    }
    String xdg = environment.getOrDefault("XDG_CONFIG_HOME", "");
    Path base =
        !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : userHome.resolve(".config");
    return base.resolve("slipway").resolve("profiles");
  }

  public Path directory() {
    return directory;
  }

  /** A file that is not (or no longer) a usable profile, and what happened to it. */
  public record FileProblem(Path file, String message, Optional<Path> keptAs) {
    @Override
    public String toString() {
      return file.getFileName() + ": " + message;
    }
  }

  /** The profiles, sorted by name, and the files that could not be used. */
  public record Listing(List<BuildProfile> profiles, List<FileProblem> problems) {
    public Listing {
      profiles = List.copyOf(profiles);
      problems = List.copyOf(problems);
    }
  }

  /**
   * Every profile, sorted by name ignoring case, and the files that could not be used. Broken files
   * are moved aside here (and so reported once); newer-schema files are reported every time.
   */
  public synchronized Listing list() {
    Scan scan = scan(true);
    return new Listing(
        scan.stored.stream()
            .map(Stored::profile)
            .sorted(Comparator.comparing(p -> ProfileNames.key(p.name())))
            .collect(Collectors.toList()),
        scan.problems);
  }

  /** The profile with this name (ignoring case), if there is one. */
  public synchronized Optional<BuildProfile> find(String name) {
    return scan(false).find(name).map(Stored::profile);
  }

  /**
   * The profile with this name (ignoring case).
   *
   * @throws SlipwayException when there is none, naming the profiles there are
   */
  public synchronized BuildProfile load(String name) {
    Scan scan = scan(false);
    return scan.find(name).orElseThrow(() -> notFound(name, scan)).profile();
  }

  /** The file that holds the profile with this name (ignoring case), if there is one. */
  public synchronized Optional<Path> fileOf(String name) {
    return scan(false).find(name).map(Stored::file);
  }

  /**
   * Creates the profile, or replaces the one with the same name (ignoring case; the new spelling is
   * kept).
   *
   * @return the file written
   * @throws ProfileException with every problem when the profile is not valid
   * @throws SlipwayException when the name is taken by a newer Slipway's file, or on a write error
   */
  public synchronized Path save(BuildProfile profile) {
    ProfileException.throwIfAny(ProfileValidation.problems(profile));
    Scan scan = scan(false);
    Optional<Stored> existing = scan.find(profile.name());
    Path file = existing.map(Stored::file).orElseGet(() -> newFile(profile.name(), scan));
    write(file, ProfileJson.toBytes(profile));
    return file;
  }

  /**
   * Gives a profile a new name (its file follows).
   *
   * @throws SlipwayException when there is no such profile, or another one has the new name
   */
  public synchronized BuildProfile rename(String from, String to) {
    checkName(to);
    Scan scan = scan(false);
    Stored stored = scan.find(from).orElseThrow(() -> notFound(from, scan));
    Optional<Stored> clash = scan.find(to);
    if (clash.isPresent() && !clash.get().file().equals(stored.file())) {
      throw taken(to, clash.get().file());
    }
    BuildProfile renamed = stored.profile().withName(to);
    Path target =
        ProfileNames.fileStem(to).equals(ProfileNames.fileStem(from))
            ? stored.file()
            : newFile(to, scan);
    write(target, ProfileJson.toBytes(renamed));
    if (!target.equals(stored.file())) {
      // The new file is complete before the old one goes: a crash in between leaves both.
      deleteFile(stored.file());
    }
    return renamed;
  }

  /**
   * Copies a profile under a new name.
   *
   * @throws SlipwayException when there is no such profile, or the new name is taken
   */
  public synchronized BuildProfile duplicate(String from, String to) {
    checkName(to);
    Scan scan = scan(false);
    Stored stored = scan.find(from).orElseThrow(() -> notFound(from, scan));
    scan.find(to)
        .ifPresent(
            clash -> {
              throw taken(to, clash.file());
            });
    BuildProfile copy = stored.profile().withName(to);
    write(newFile(to, scan), ProfileJson.toBytes(copy));
    return copy;
  }

  /**
   * Deletes a profile's file.
   *
   * @throws SlipwayException when there is no such profile
   */
  public synchronized void delete(String name) {
    Scan scan = scan(false);
    Stored stored = scan.find(name).orElseThrow(() -> notFound(name, scan));
    deleteFile(stored.file());
  }

  /**
   * Adds the profile in {@code file} (as {@link #export} writes it), under its own name or {@code
   * as}.
   *
   * @throws SlipwayException when the file cannot be read or is not a profile, or the name is taken
   *     (then import it under another name)
   * @throws ProfileException when the profile is not valid
   */
  public synchronized BuildProfile importFile(Path file, Optional<String> as) {
    BuildProfile profile;
    try {
      profile = ProfileJson.fromBytes(readBounded(file));
    } catch (IOException e) {
      throw new SlipwayException("Cannot import " + file + ": " + reason(e) + ".");
    } catch (SlipwayException e) {
      throw new SlipwayException("Cannot import " + file + ": " + e.getMessage());
    }
    if (as.isPresent()) {
      profile = profile.withName(as.get());
    }
    Scan scan = scan(false);
    Optional<Stored> clash = scan.find(profile.name());
    if (clash.isPresent()) {
      throw new SlipwayException(
          "A profile named \""
              + clash.get().profile().name()
              + "\" exists already. Import this one under another name"
              + " (slipway profile import "
              + file
              + " --as NEW-NAME), or remove the existing one first.");
    }
    save(profile);
    return profile;
  }

  /**
   * Writes one profile to {@code file} (atomically, replacing it), or into {@code file} when it is
   * a folder, as {@code <name>.json}.
   *
   * @return the file written
   */
  public synchronized Path export(String name, Path file) {
    BuildProfile profile = load(name);
    Path target = file.toAbsolutePath().normalize();
    if (Files.isDirectory(target)) {
      target = target.resolve(ProfileNames.fileStem(profile.name()) + SUFFIX);
    }
    Path parent = target.getParent();
    if (parent == null || !Files.isDirectory(parent)) {
      throw new SlipwayException(
          "Cannot export to "
              + file
              + ": the folder "
              + parent
              + " does not exist. Create it or choose another file.");
    }
    writeAtomically(target, ProfileJson.toBytes(profile));
    return target;
  }

  // --- the folder ------------------------------------------------------------------------------

  private record Stored(Path file, BuildProfile profile) {}

  private record Newer(Path file, Optional<String> name) {}

  private final class Scan {
    final List<Stored> stored = new ArrayList<>();
    final List<Newer> newer = new ArrayList<>();
    final List<FileProblem> problems = new ArrayList<>();

    Optional<Stored> find(String name) {
      return stored.stream().filter(s -> ProfileNames.same(s.profile().name(), name)).findFirst();
    }

    Optional<Newer> findNewer(String name) {
      return newer.stream()
          .filter(n -> n.name().filter(x -> ProfileNames.same(x, name)).isPresent())
          .findFirst();
    }
  }

  /**
   * Reads the folder. Only a listing moves broken files aside, because only a listing reports them;
   * other operations skip them and leave them where they are (never overwriting them: a new file
   * never takes an existing file's name).
   */
  private Scan scan(boolean keepAside) {
    Scan scan = new Scan();
    if (!Files.isDirectory(directory)) {
      return scan;
    }
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path entry : entries) {
        String fileName = entry.getFileName().toString();
        if (fileName.startsWith(".") && fileName.endsWith(TEMP_SUFFIX)) {
          removeIfStale(entry);
        } else if (fileName.endsWith(SUFFIX)
            && !fileName.startsWith(".")
            && Files.isRegularFile(entry)) {
          files.add(entry);
        }
      }
    } catch (IOException e) {
      throw new SlipwayException(
          "Cannot read the profiles folder " + directory + ": " + reason(e) + ".");
    }
    files.sort(Comparator.comparing(p -> p.getFileName().toString()));
    for (Path file : files) {
      try {
        BuildProfile profile = ProfileJson.fromBytes(readBounded(file));
        Optional<Stored> twin = scan.find(profile.name());
        if (twin.isPresent()) {
          scan.problems.add(
              new FileProblem(
                  file,
                  "it holds profile \""
                      + profile.name()
                      + "\", which "
                      + twin.get().file().getFileName()
                      + " holds already (names are compared ignoring case). Rename or remove one"
                      + " of the two files.",
                  Optional.empty()));
          continue;
        }
        scan.stored.add(new Stored(file, profile));
      } catch (ProfileJson.NewerSchemaException e) {
        scan.newer.add(new Newer(file, e.name()));
        scan.problems.add(new FileProblem(file, "Not loaded: " + e.getMessage(), Optional.empty()));
      } catch (IOException e) {
        scan.problems.add(broken(file, "it cannot be read (" + reason(e) + ").", keepAside));
      } catch (SlipwayException e) {
        scan.problems.add(broken(file, e.getMessage(), keepAside));
      }
    }
    return scan;
  }

  private FileProblem broken(Path file, String why, boolean keepAside) {
    return keepAside
        ? keepAside(file, why)
        : new FileProblem(file, "Not loaded: " + why, Optional.empty());
  }

  /** Moves a broken file to {@code NAME.json.broken-<time>}, so nothing ever overwrites it. */
  private FileProblem keepAside(Path file, String why) {
    String base = file.getFileName() + ".broken-" + ASIDE_TIME.format(clock.instant());
    Path aside = file.resolveSibling(base);
    for (int i = 2; Files.exists(aside); i++) {
      aside = file.resolveSibling(base + "-" + i);
    }
    try {
      Files.move(file, aside);
      return new FileProblem(
          file,
          "Not loaded: "
              + why
              + " It was kept as "
              + aside.getFileName()
              + "; fix it and rename it back, or delete it.",
          Optional.of(aside));
    } catch (IOException e) {
      return new FileProblem(
          file,
          "Not loaded: "
              + why
              + " It could not be moved aside ("
              + reason(e)
              + ") and was left as it is.",
          Optional.empty());
    }
  }

  private void removeIfStale(Path temp) {
    try {
      if (Files.getLastModifiedTime(temp).toInstant().isBefore(clock.instant().minus(STALE_TEMP))) {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      // Left for a later listing.
    }
  }

  /** A file name for a new profile that no file in the folder has. */
  private Path newFile(String name, Scan scan) {
    scan.findNewer(name)
        .ifPresent(
            n -> {
              throw new SlipwayException(
                  "The name \""
                      + name
                      + "\" is taken by "
                      + n.file()
                      + ", which a newer Slipway wrote and this one cannot read. Choose another"
                      + " name, or update Slipway.");
            });
    String stem = ProfileNames.fileStem(name);
    Path file = directory.resolve(stem + SUFFIX);
    for (int i = 2; Files.exists(file) || hasKeptAside(file); i++) {
      file = directory.resolve(stem + "-" + i + SUFFIX);
    }
    return file;
  }

  /** Whether a kept-aside copy of {@code file} exists: a new profile should not look related. */
  private boolean hasKeptAside(Path file) {
    String prefix = file.getFileName() + ".broken-";
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, prefix + "*")) {
      return entries.iterator().hasNext();
    } catch (IOException e) {
      return false;
    }
  }

  private void write(Path file, byte[] bytes) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new SlipwayException(
          "Cannot create the profiles folder "
              + directory
              + ": "
              + reason(e)
              + ". Check its permissions.");
    }
    writeAtomically(file, bytes);
  }

  /**
   * Writes {@code bytes} to a temporary file next to {@code target}, forces it to disk, and renames
   * it over {@code target}; then forces the folder, where the OS allows it.
   */
  static void writeAtomically(Path target, byte[] bytes) {
    try {
      AtomicFiles.write(target, TEMP_SUFFIX, bytes);
    } catch (IOException e) {
      throw new SlipwayException(
          "Cannot write " + target + ": " + reason(e) + ". The previous file is unchanged.");
    }
  }

  private static byte[] readBounded(Path file) throws IOException {
    long size = Files.size(file);
    if (size > MAX_FILE_BYTES) {
      throw new ProfileJson.FormatException(
          "it is " + size + " bytes long, too big for a profile (at most " + MAX_FILE_BYTES + ").");
    }
    return Files.readAllBytes(file);
  }

  private void deleteFile(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new SlipwayException("Cannot delete " + file + ": " + reason(e) + ".");
    }
  }

  private static void checkName(String name) {
    ProfileNames.problem(name)
        .ifPresent(
            m -> {
              throw new ProfileException("name", m);
            });
  }

  private static SlipwayException taken(String name, Path file) {
    return new SlipwayException(
        "A profile named \""
            + name
            + "\" exists already ("
            + file.getFileName()
            + "). Choose another name, or remove that profile first.");
  }

  private SlipwayException notFound(String name, Scan scan) {
    String known =
        scan.stored.stream()
            .map(s -> s.profile().name())
            .sorted(String.CASE_INSENSITIVE_ORDER)
            .collect(Collectors.joining(", "));
    String unreadable =
        scan.problems.isEmpty()
            ? ""
            : " "
                + scan.problems.size()
                + (scan.problems.size() == 1 ? " file there is" : " files there are")
                + " not readable; slipway profile list says why.";
    return new SlipwayException(
        "No profile named \""
            + name
            + "\" in "
            + directory
            + "."
            + (known.isEmpty()
                ? " There are no profiles yet: save one with slipway profile save NAME PATH."
                : " Profiles: " + known + ".")
            + unreadable);
  }

  static String reason(IOException e) {
    if (e instanceof NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileAlreadyExistsException) {
      return "it exists already";
    }
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
  }
}
