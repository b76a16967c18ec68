/*
 * Builds Slipway's native installers with the JDK's own tools (jdeps, jmod, jlink, jpackage). The
 * Maven profile `installer` (app/pom.xml) runs it as a single-file Java program, so the same steps
 * run on Linux, macOS and Windows without a shell:
 *
 *   java packaging/jpackage/Installers.java --dist app/target/dist --out app/target/installer \
 *        --version 0.1.0 [--types deb,rpm]
 *
 * 1. JavaFX: the platform jars Maven resolved (dist/javafx/*-<platform>.jar) become jmods, their
 *    native libraries moved where a runtime keeps its own (lib/, or bin/ on Windows). The runtime
 *    then loads them like the JDK's, and nothing is unpacked into ~/.openjfx at run time.
 * 2. Modules: jdeps over every jar in dist/lib, plus the service providers jdeps cannot see.
 * 3. jlink: a runtime with only those modules and a class data sharing archive (a faster start).
 * 4. jpackage: an app image with two launchers, the window (Slipway) and the command line
 *    (slipway on Linux; slipway-cli on macOS and Windows, whose file systems ignore case). On
 *    Linux both become scripts that start the same Java the same way: jpackage's own launcher
 *    asks rpm and dpkg which package owns it at every start (seconds with a cold disk cache).
 * 5. Linux: the desktop entry, the Dockerfile MIME type, the icons (lib/share/) and
 *    desktop-integration.sh go into the image; the package's scripts link them (and
 *    /usr/bin/slipway) into /usr and unlink them on removal.
 * 6. jpackage: this OS's installers from that image: .deb (and .rpm when rpmbuild is on PATH),
 *    .dmg, .msi.
 *
 * Everything it reads is in packaging/jpackage/ (launcher properties, per-OS resource folders) and
 * icons/ (rendered by icons/render.sh).
 */

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

public class Installers {

  static final String NAME = "Slipway";
  static final String PACKAGE = "slipway";
  static final String VENDOR = "Slipway";
  static final String DESCRIPTION = "A desktop studio for Docker image builds";
  static final String COPYRIGHT = "Copyright the Slipway authors";
  /** jpackage writes the Maintainer field as "<vendor> <this address>". */
  static final String MAINTAINER = "slipway@example.invalid";
  static final String MAIN_JAR = "slipway-app.jar";
  static final String MAIN_CLASS = "io.slipway.app.SlipwayApp";
  static final String MAC_ID = "io.slipway.Slipway";
  /** Fixed forever: lets a newer .msi replace an older one. */
  static final String WIN_UPGRADE_UUID = "6d3f6f1e-5a0b-4c52-9a57-2f0c5e7b1d42";
  /** Where the Linux packages install (jpackage's default: /opt/<package name>). */
  static final String LINUX_APP_DIR = "/opt/" + PACKAGE;
  /** Desktop id, icon name and MIME file name on Linux. */
  static final String DESKTOP_ID = "io.slipway.Slipway";

  /**
   * Modules no class refers to, so jdeps cannot find them, but the app needs at run time: the
   * elliptic-curve provider (TLS to an engine with DOCKER_TLS_VERIFY, EC keys in DOCKER_CERT_PATH).
   */
  static final List<String> SERVICE_MODULES = List.of("jdk.crypto.ec");

  /** The JVM options of both launchers: none yet beyond jpackage's own. */
  static final List<String> JAVA_OPTIONS = List.of();

  enum Os {
    LINUX(".so", "lib", ".png"),
    MAC(".dylib", "lib", ".icns"),
    WINDOWS(".dll", "bin", ".ico");

    final String nativeSuffix;
    final String nativeDir;
    final String iconSuffix;

    Os(String nativeSuffix, String nativeDir, String iconSuffix) {
      this.nativeSuffix = nativeSuffix;
      this.nativeDir = nativeDir;
      this.iconSuffix = iconSuffix;
    }

    static Os current() {
      String name = System.getProperty("os.name").toLowerCase(Locale.ROOT);
      return name.startsWith("mac") ? MAC : name.startsWith("windows") ? WINDOWS : LINUX;
    }

    String resourceDir() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The command-line launcher's name: it may not differ from "Slipway" by case alone. */
    String cliLauncher() {
      return this == LINUX ? PACKAGE : PACKAGE + "-cli";
    }

    List<String> defaultTypes() {
      return switch (this) {
        case LINUX -> onPath("rpmbuild") ? List.of("deb", "rpm") : List.of("deb");
        case MAC -> List.of("dmg");
        case WINDOWS -> List.of("msi");
      };
    }
  }

  final Os os = Os.current();
  final Path dist;
  final Path out;
  final Path work;
  final Path packaging;
  final Path icons;
  final String version;
  final List<String> types;

  Installers(Map<String, String> opts) {
    dist = Path.of(required(opts, "dist")).toAbsolutePath();
    out = Path.of(required(opts, "out")).toAbsolutePath();
    work = out.resolve("work");
    packaging = Path.of(opts.getOrDefault("packaging", "packaging/jpackage")).toAbsolutePath();
    icons = Path.of(opts.getOrDefault("icons", "icons")).toAbsolutePath();
    version = required(opts, "version");
    if (!version.matches("\\d+(\\.\\d+){0,2}")) {
      throw new IllegalArgumentException("--version must be numeric (1, 1.2 or 1.2.3): " + version);
    }
    String t = opts.getOrDefault("types", "");
    types = t.isBlank() ? os.defaultTypes() : Arrays.asList(t.split(","));
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      if (!args[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --option value, got " + args[i]);
      }
      opts.put(args[i].substring(2), args[i + 1]);
    }
    new Installers(opts).run();
  }

  void run() throws IOException {
    long start = System.nanoTime();
    deleteTree(out);
    Files.createDirectories(work);

    List<Path> fxJars = javafxPlatformJars();
    Path fxJmods = javafxJmods(fxJars);
    List<String> modules = modules(fxJars);
    Path runtime = jlink(fxJmods, modules);
    Path image = appImage(runtime);
    if (os == Os.LINUX) {
      for (String launcher : List.of(NAME, os.cliLauncher())) {
        scriptLauncher(image, launcher);
      }
      addLinuxDesktopFiles(image);
    }
    for (String type : types) {
      installer(type, image);
    }

    log("done in %d s:", (System.nanoTime() - start) / 1_000_000_000L);
    try (Stream<Path> files = Files.list(out)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        log("  %s  %.1f MB", f, Files.size(f) / 1e6);
      }
    }
    log("  %s  %.1f MB (app image)", image, treeSize(image) / 1e6);
  }

  /** The JavaFX jars with classes and natives for this platform (the others are empty). */
  List<Path> javafxPlatformJars() throws IOException {
    Path dir = dist.resolve("javafx");
    List<Path> jars = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
          if (zip.getEntry("module-info.class") != null) {
            jars.add(jar);
          }
        }
      }
    }
    if (jars.isEmpty()) {
      throw new IllegalStateException("no JavaFX platform jars in " + dir + ": run package first");
    }
    return jars;
  }

  /** Each JavaFX jar as a jmod: classes and resources as they are, natives as the runtime's. */
  Path javafxJmods(List<Path> jars) throws IOException {
    Path jmods = Files.createDirectories(work.resolve("javafx-jmods"));
    for (Path jar : jars) {
      String module = moduleName(jar);
      Path classes = Files.createDirectories(work.resolve("javafx-classes").resolve(module));
      Path natives = Files.createDirectories(work.resolve("javafx-natives").resolve(module));
      boolean hasNatives = false;
      try (ZipFile zip = new ZipFile(jar.toFile())) {
        for (ZipEntry e : zip.stream().toList()) {
          String name = e.getName();
          if (e.isDirectory() || name.equals("META-INF/MANIFEST.MF")) {
            continue;
          }
          boolean topLevel = !name.contains("/");
          if (topLevel && name.endsWith(".jar")) {
            continue; // javafx-swt.jar: SWT interop, not used
          }
          boolean nativeLib = topLevel && name.endsWith(os.nativeSuffix);
          if (nativeLib && jdkHasNative(name)) {
            continue; // Windows: the C runtime (msvcp140.dll, ucrtbase.dll, ...) java.base has
          }
          Path target = (nativeLib ? natives : classes).resolve(name);
          hasNatives |= nativeLib;
          Files.createDirectories(target.getParent());
          try (InputStream in = zip.getInputStream(e)) {
            Files.copy(in, target);
          }
        }
      }
      List<String> args = new ArrayList<>(List.of("create", "--class-path", classes.toString()));
      if (hasNatives) {
        args.addAll(List.of("--libs", natives.toString()));
      }
      args.add(jmods.resolve(module + ".jmod").toString());
      tool("jmod", args);
    }
    return jmods;
  }

  /** Whether the JDK's own runtime has this native library (jlink refuses two of one name). */
  boolean jdkHasNative(String name) {
    return Files.exists(Path.of(System.getProperty("java.home"), os.nativeDir, name));
  }

  static String moduleName(Path jar) throws IOException {
    // javafx-graphics-21.0.11-linux.jar -> javafx.graphics
    String file = jar.getFileName().toString();
    String[] parts = file.split("-");
    if (parts.length < 3 || !parts[0].equals("javafx")) {
      throw new IOException("not a JavaFX jar name: " + file);
    }
    return "javafx." + parts[1];
  }

  /** What the app's jars need (jdeps), JavaFX included, plus the service modules. */
  List<String> modules(List<Path> fxJars) throws IOException {
    List<String> args = new ArrayList<>();
    args.addAll(List.of("--print-module-deps", "--ignore-missing-deps"));
    args.addAll(List.of("--multi-release", String.valueOf(Runtime.version().feature())));
    args.addAll(List.of("--module-path", join(fxJars)));
    try (Stream<Path> files = Files.list(dist.resolve("lib"))) {
      files
          .filter(p -> p.toString().endsWith(".jar"))
          .sorted()
          .forEach(p -> args.add(p.toString()));
    }
    String printed = tool("jdeps", args).strip();
    String line = printed.lines().reduce((a, b) -> b).orElse("");
    TreeSet<String> modules = new TreeSet<>(Arrays.asList(line.split(",")));
    if (!modules.contains("java.base") || !modules.contains("javafx.controls")) {
      throw new IllegalStateException("jdeps printed no usable module list:\n" + printed);
    }
    modules.addAll(SERVICE_MODULES);
    log("modules: %s", String.join(",", modules));
    return List.copyOf(modules);
  }

  Path jlink(Path fxJmods, List<String> modules) {
    Path runtime = work.resolve("runtime");
    Path jdkJmods = Path.of(System.getProperty("java.home"), "jmods");
    if (!Files.isDirectory(jdkJmods)) {
      throw new IllegalStateException(
          "this JDK has no jmods folder (" + jdkJmods + "): jlink needs a full JDK");
    }
    tool(
        "jlink",
        List.of(
            "--module-path",
            join(List.of(jdkJmods, fxJmods)),
            "--add-modules",
            String.join(",", modules),
            "--strip-debug",
            "--no-header-files",
            "--no-man-pages",
            "--generate-cds-archive",
            "--output",
            runtime.toString()));
    return runtime;
  }

  Path appImage(Path runtime) throws IOException {
    Path input = Files.createDirectories(work.resolve("input"));
    try (Stream<Path> jars = Files.list(dist.resolve("lib"))) {
      for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
        Files.copy(jar, input.resolve(jar.getFileName()));
      }
    }
    Path dest = out.resolve("image");
    String icon = os == Os.LINUX ? "slipway-256.png" : "slipway" + os.iconSuffix;
    String cliLauncher = os.cliLauncher() + "=" + packaging.resolve("slipway-cli.properties");
    List<String> args = common("app-image", dest);
    args.addAll(
        List.of(
            "--icon", icons.resolve(icon).toString(),
            "--input", input.toString(),
            "--main-jar", MAIN_JAR,
            "--main-class", MAIN_CLASS,
            "--runtime-image", runtime.toString(),
            "--add-launcher", cliLauncher));
    for (String option : JAVA_OPTIONS) {
      args.addAll(List.of("--java-options", option));
    }
    if (os == Os.MAC) {
      args.addAll(List.of("--mac-package-identifier", MAC_ID, "--mac-package-name", NAME));
    }
    tool("jpackage", args);
    return dest.resolve(os == Os.MAC ? NAME + ".app" : NAME);
  }

  /**
   * Linux: replaces jpackage's launcher with a script that starts the same Java the same way (from
   * lib/app/NAME.cfg: class path, JVM options, main class). jpackage's native launcher runs `rpm
   * -qf` and `dpkg -S` on itself at every start to find its package; dpkg -S reads the list of
   * every installed package, which took 2.4 s of a 4 to 5 s start here with a cold disk cache.
   */
  void scriptLauncher(Path image, String launcher) throws IOException {
    List<String> classPath = new ArrayList<>();
    List<String> javaOptions = new ArrayList<>();
    String mainClass = null;
    for (String line : Files.readAllLines(image.resolve("lib/app/" + launcher + ".cfg"))) {
      String value = line.substring(line.indexOf('=') + 1).replace("$APPDIR", "$lib/app");
      if (line.startsWith("app.classpath=")) {
        classPath.add(value);
      } else if (line.startsWith("app.mainclass=")) {
        mainClass = value;
      } else if (line.startsWith("java-options=")) {
        javaOptions.add(value);
      } else if (line.startsWith("app.") || line.startsWith("arguments=")) {
        throw new IllegalStateException("unexpected in " + launcher + ".cfg: " + line);
      }
    }
    if (mainClass == null || classPath.isEmpty()) {
      throw new IllegalStateException(launcher + ".cfg has no main class or class path");
    }
    StringBuilder exec = new StringBuilder("exec \"$lib/runtime/bin/java\"");
    for (String option : javaOptions) {
      exec.append(" \"").append(option.replace("\"", "\\\"")).append('"');
    }
    exec.append(" \"-Djpackage.app-path=$self\"");
    exec.append(" -classpath \"").append(String.join(":", classPath)).append('"');
    exec.append(' ').append(mainClass).append(" \"$@\"\n");
    String script =
        "#!/bin/sh\n"
            + "# "
            + launcher
            + ": starts Java as jpackage's launcher would (lib/app/"
            + launcher
            + ".cfg), without\n"
            + "# asking rpm and dpkg which package owns it first (see packaging/jpackage/).\n"
            + "self=$(readlink -f \"$0\")\n"
            + "lib=$(dirname \"$self\")/../lib\n"
            + exec;
    Path target = image.resolve("bin/" + launcher);
    Files.delete(target);
    Files.writeString(target, script);
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /**
   * lib/share/ as it will be linked into /usr/share, and the script that links it. (In lib/: the
   * packages take the image's bin/ and lib/ only.)
   */
  void addLinuxDesktopFiles(Path image) throws IOException {
    Path linux = packaging.resolve("linux");
    Path share = image.resolve("lib/share");
    String desktop =
        Files.readString(linux.resolve("slipway.desktop"))
            .replace("@APP_DIR@", LINUX_APP_DIR)
            .replace("@ICON@", DESKTOP_ID);
    write(share.resolve("applications/" + DESKTOP_ID + ".desktop"), desktop);
    copy(
        linux.resolve("dockerfile-mime.xml"),
        share.resolve("mime/packages/" + DESKTOP_ID + ".xml"));
    for (int size : new int[] {16, 24, 32, 48, 64, 128, 256, 512}) {
      copy(
          icons.resolve("slipway-" + size + ".png"),
          share.resolve("icons/hicolor/" + size + "x" + size + "/apps/" + DESKTOP_ID + ".png"));
    }
    copy(
        icons.resolve("slipway.svg"),
        share.resolve("icons/hicolor/scalable/apps/" + DESKTOP_ID + ".svg"));
    Path script = image.resolve("lib/desktop-integration.sh");
    copy(linux.resolve("desktop-integration.sh"), script);
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  void installer(String type, Path image) {
    List<String> args = common(type, out);
    args.addAll(List.of("--app-image", image.toString()));
    switch (os) {
      case LINUX -> args.addAll(
          List.of(
              "--linux-package-name", PACKAGE,
              "--linux-app-category", "devel",
              "--linux-deb-maintainer", MAINTAINER));
      case MAC -> args.addAll(
          List.of("--mac-package-identifier", MAC_ID, "--mac-package-name", NAME));
      case WINDOWS -> args.addAll(
          List.of(
              "--win-menu",
              "--win-menu-group", NAME,
              "--win-shortcut",
              "--win-dir-chooser",
              "--win-upgrade-uuid", WIN_UPGRADE_UUID));
    }
    tool("jpackage", args);
  }

  List<String> common(String type, Path dest) {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "--type", type,
            "--dest", dest.toString(),
            "--name", NAME,
            "--app-version", version,
            "--vendor", VENDOR,
            "--description", DESCRIPTION,
            "--copyright", COPYRIGHT));
    Path resources = packaging.resolve(os.resourceDir());
    if (Files.isDirectory(resources)) {
      args.addAll(List.of("--resource-dir", resources.toString()));
    }
    return args;
  }

  // --- plumbing

  /** Runs a JDK tool in this JVM; returns what it printed, fails the build if it failed. */
  static String tool(String name, List<String> args) {
    ToolProvider tool =
        ToolProvider.findFirst(name)
            .orElseThrow(() -> new IllegalStateException(name + " is missing: use a full JDK 17+"));
    log("%s %s", name, String.join(" ", args));
    StringWriter buffer = new StringWriter();
    PrintWriter pw = new PrintWriter(buffer, true);
    long start = System.nanoTime();
    int status = tool.run(pw, pw, args.toArray(String[]::new));
    String printed = buffer.toString();
    if (status != 0) {
      System.err.print(printed);
      throw new IllegalStateException(name + " failed with status " + status);
    }
    if (!name.equals("jdeps") && !printed.isBlank()) {
      System.out.print(printed.lines().map(l -> "    " + l + "\n").collect(Collectors.joining()));
    }
    log("  %s took %.1f s", name, (System.nanoTime() - start) / 1e9);
    return printed;
  }

  static boolean onPath(String command) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Arrays.stream(path.split(java.io.File.pathSeparator))
        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, command)));
  }

  static String join(List<Path> paths) {
    return paths.stream()
        .map(Path::toString)
        .collect(Collectors.joining(java.io.File.pathSeparator));
  }

  static String required(Map<String, String> opts, String key) {
    String v = opts.get(key);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("--" + key + " is required");
    }
    return v;
  }

  static void write(Path target, String text) throws IOException {
    Files.createDirectories(target.getParent());
    Files.writeString(target, text);
  }

  static void copy(Path from, Path to) throws IOException {
    Files.createDirectories(to.getParent());
    Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
  }

  static long treeSize(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(Installers::size).sum();
    }
  }

  static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            file.toFile().setWritable(true); // jlink leaves read-only files on Windows
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  static void log(String format, Object... args) {
    System.out.println("[installers] " + String.format(format, args));
  }
}
