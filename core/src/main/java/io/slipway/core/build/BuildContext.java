package io.slipway.core.build;

import io.slipway.core.SlipwayException;
import io.slipway.core.build.BuildEvent.StepFinished;
import io.slipway.core.build.BuildEvent.StepProgress;
import io.slipway.core.build.BuildEvent.StepStarted;
import io.slipway.core.context.ContextException;
import io.slipway.core.context.ContextSource;
import io.slipway.core.context.GitCheckout;
import io.slipway.core.context.GitCredentials;
import io.slipway.core.context.LocalContext;
import io.slipway.core.context.RemoteDownload;
import io.slipway.core.context.TarArchives;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A build's context from request to body. {@link #plan} runs when the build starts and checks what
 * needs no network (a local folder is scanned, a tar archive looked at); {@link #fetch} runs on the
 * build's thread and clones a git repository or downloads a URL into a temporary folder, as a step
 * of its own ({@value #FETCH_STEP}) with progress. {@link #close} removes that folder, whichever
 * way the build ended.
 */
public final class BuildContext implements AutoCloseable {

  /** The step that fetches a git or URL context. */
  public static final String FETCH_STEP = "source";

  private static final Logger log = LoggerFactory.getLogger(BuildContext.class);
  private static final long PROGRESS_EVERY_BYTES = 4L * 1024 * 1024;

  private final BuildRequest request;
  private final Map<String, String> environment;
  private final Optional<ContextBody> ready;
  private final Path scratch;
  private volatile GitCheckout checkout;
  private volatile RemoteDownload download;
  private volatile boolean cancelled;

  private BuildContext(
      BuildRequest request,
      Map<String, String> environment,
      Optional<ContextBody> ready,
      Path scratch) {
    this.request = request;
    this.environment = environment;
    this.ready = ready;
    this.scratch = scratch;
  }

  /**
   * The checks that need no network, done before the build starts.
   *
   * @param environment where {@code HOME} (for {@code ~/.git-credentials}) is read
   * @throws SlipwayException for a context that cannot be built, with the fix
   */
  public static BuildContext plan(BuildRequest request, Map<String, String> environment) {
    ContextSource source = request.source();
    Optional<String> inline = request.inlineDockerfile();
    if (source instanceof ContextSource.TarArchive tar) {
      if (inline.isPresent()) {
        throw new SlipwayException(
            "An inline Dockerfile cannot be used with the tar archive "
                + tar.path()
                + ": the archive is sent as it is, so its Dockerfile must be inside it (as with"
                + " `docker build -f - -`). Put the Dockerfile in the archive, or build from a"
                + " folder.");
      }
      return new BuildContext(
          request, environment, Optional.of(archiveBody(tar.path(), request.dockerfile())), null);
    }
    if (source instanceof ContextSource.RemoteUrl url && inline.isPresent()) {
      throw new SlipwayException(
          "An inline Dockerfile cannot be used with the URL context "
              + url.describe()
              + ": a downloaded archive is sent as it is, and a downloaded Dockerfile is the"
              + " Dockerfile. Remove the inline Dockerfile, or build from a folder.");
    }
    if (source instanceof ContextSource.LocalFolder folder) {
      if (inline.isEmpty()) {
        return new BuildContext(
            request,
            environment,
            Optional.of(
                new ContextBody.Folder(LocalContext.scan(folder.path(), request.dockerfile()))),
            null);
      }
      Path scratch = createScratch();
      try {
        LocalContext context =
            LocalContext.scanWithInlineDockerfile(folder.path(), inline.get(), scratch);
        return new BuildContext(
            request, environment, Optional.of(new ContextBody.Folder(context)), scratch);
      } catch (RuntimeException e) {
        deleteRecursively(scratch);
        throw e;
      }
    }
    return new BuildContext(request, environment, Optional.empty(), createScratch());
  }

  /**
   * The body to send: at once for a local folder or archive, else after fetching (with events).
   *
   * @throws ContextException when the fetch failed, with the reason and the fix
   * @throws IOException when cancelled
   */
  public ContextBody fetch(BuildListener listener, Clock clock) throws IOException {
    if (ready.isPresent()) {
      return ready.get();
    }
    ContextSource source = request.source();
    boolean git = source instanceof ContextSource.GitRepository;
    Instant started = clock.instant();
    listener.onEvent(
        new StepStarted(
            started,
            FETCH_STEP,
            0,
            0,
            (git ? "Cloning " : "Downloading ") + source.describe(),
            List.of(),
            Optional.empty()));
    Optional<String> error = Optional.empty();
    try {
      return git
          ? cloned((ContextSource.GitRepository) source, listener, clock)
          : downloaded((ContextSource.RemoteUrl) source, listener, clock);
    } catch (IOException | RuntimeException e) {
      error = Optional.of(cancelled ? StepFinished.CANCELLED : String.valueOf(e.getMessage()));
      throw e;
    } finally {
      Instant now = clock.instant();
      listener.onEvent(
          new StepFinished(
              now, FETCH_STEP, false, error, Optional.empty(), Duration.between(started, now)));
    }
  }

  private ContextBody cloned(
      ContextSource.GitRepository repository, BuildListener listener, Clock clock)
      throws IOException {
    Path dir = scratch.resolve("git");
    Files.createDirectories(dir);
    GitCheckout git = new GitCheckout(repository, GitCredentials.fromEnvironment(environment));
    checkout = git;
    if (cancelled) {
      throw new IOException("cancelled");
    }
    String[] lastTask = {""};
    Path folder =
        git.checkout(
            dir,
            (task, done, total) -> {
              if (!task.equals(lastTask[0])) {
                lastTask[0] = task;
                listener.onEvent(
                    new BuildEvent.LogLine(
                        clock.instant(),
                        Optional.of(FETCH_STEP),
                        BuildEvent.LogLine.Stream.STDOUT,
                        task));
              }
              listener.onEvent(new StepProgress(clock.instant(), FETCH_STEP, task, done, total));
            });
    Optional<String> inline = request.inlineDockerfile();
    if (inline.isPresent()) {
      Path inlineDir = Files.createDirectories(scratch.resolve("inline"));
      return new ContextBody.Folder(
          LocalContext.scanWithInlineDockerfile(folder, inline.get(), inlineDir));
    }
    return new ContextBody.Folder(LocalContext.scan(folder, request.dockerfile()));
  }

  private ContextBody downloaded(ContextSource.RemoteUrl url, BuildListener listener, Clock clock)
      throws IOException {
    RemoteDownload get = new RemoteDownload(url.url());
    download = get;
    if (cancelled) {
      throw new IOException("cancelled");
    }
    Path file = scratch.resolve("download");
    long[] reported = {-PROGRESS_EVERY_BYTES};
    long size =
        get.to(
            file,
            (bytes, total) -> {
              if (bytes - reported[0] >= PROGRESS_EVERY_BYTES || bytes == total) {
                reported[0] = bytes;
                listener.onEvent(
                    new StepProgress(clock.instant(), FETCH_STEP, "download", bytes, total));
              }
            });
    Optional<TarArchives.Kind> kind = TarArchives.detect(file);
    if (kind.isPresent()) {
      return new ContextBody.Archive(file, request.dockerfile(), size);
    }
    // A lone Dockerfile: the context holds only it, under the Dockerfile's name (as the CLI does).
    String name = Path.of(request.dockerfile()).getFileName().toString();
    Path folder = Files.createDirectories(scratch.resolve("url-context"));
    Files.move(file, folder.resolve(name));
    return new ContextBody.Folder(LocalContext.scan(folder, name));
  }

  /** Stops a fetch in progress; {@link #fetch} then throws. Callable from any thread. */
  public void cancel() {
    cancelled = true;
    GitCheckout git = checkout;
    if (git != null) {
      git.cancel();
    }
    RemoteDownload get = download;
    if (get != null) {
      get.cancel();
    }
  }

  /** Removes the temporary folder of a checkout, a download or an inline Dockerfile. */
  @Override
  public void close() {
    if (scratch != null) {
      deleteRecursively(scratch);
    }
  }

  private static ContextBody.Archive archiveBody(Path path, String dockerfile) {
    try {
      if (!Files.isRegularFile(path)) {
        throw new ContextException("The tar archive " + path + " does not exist. Check the path.");
      }
      if (!Files.isReadable(path)) {
        throw new ContextException(
            "Cannot read the tar archive " + path + " (permission denied). Fix its permissions.");
      }
      if (TarArchives.detect(path).isEmpty()) {
        throw new ContextException(
            "The file "
                + path
                + " is not a tar archive (plain, gzip, bzip2 or xz). Pass a folder, a tar"
                + " archive, or use -f for a Dockerfile.");
      }
      return new ContextBody.Archive(path, dockerfile, Files.size(path));
    } catch (IOException e) {
      throw new ContextException("Cannot read the tar archive " + path + ".", e);
    }
  }

  private static Path createScratch() {
    try {
      return Files.createTempDirectory("slipway-context-");
    } catch (IOException e) {
      throw new ContextException(
          "Cannot create a temporary folder for the build context ("
              + e.getMessage()
              + "). Free some space in "
              + System.getProperty("java.io.tmpdir")
              + ".",
          e);
    }
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException | UncheckedIOException e) {
      log.warn("Could not remove the temporary context folder {}", dir, e);
    }
  }
}
