package io.slipway.core.build.buildkit.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ServerServiceDefinition;
import io.slipway.core.HumanUnits;
import io.slipway.core.SlipwayException;
import io.slipway.core.build.BuildEvent;
import io.slipway.core.build.BuildExchange;
import io.slipway.core.build.BuildListener;
import io.slipway.core.build.BuildQuery;
import io.slipway.core.build.BuildRequest;
import io.slipway.core.build.ContextBody;
import io.slipway.core.build.JsonMessageStream;
import io.slipway.core.build.RegistryAccess;
import io.slipway.core.context.LocalContext;
import io.slipway.core.engine.Engine;
import io.slipway.core.profile.OutputSpec;
import java.io.FileOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

/**
 * A BuildKit build through a session: opens the session with what this request needs (the context
 * and Dockerfile folders, registry credentials, its secrets, ssh agents and output), sends {@code
 * POST /build?remote=client-session&session=<id>} with an empty body, and closes everything when
 * the build ends. The builder uses it when the engine offers sessions, and otherwise falls back to
 * sending the context as a tar.
 *
 * <p>A tar archive context goes as the docker CLI sends one: a first request ({@code
 * buildid=upload-request:<id>}) carries the archive, and the build request ({@code
 * remote=upload-request}, same id) takes it; the session still serves credentials, secrets, ssh and
 * outputs.
 */
public final class SessionBuild implements AutoCloseable {

  /** The first API version whose engines offer sessions without experimental mode. */
  static final String SESSION_API = "1.39";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The engine cannot do sessions (too old, or the connection cannot be upgraded). */
  public static final class UnavailableException extends Exception {
    UnavailableException(String reason, Throwable cause) {
      super(reason, cause);
    }
  }

  private final BuildSession session;
  private final SshAgents sshAgents;
  private final String dockerfileName;
  private final Optional<OutputSpec> output;
  private final Optional<ContextBody.Archive> archive;
  private final SessionBuildCall call;
  private final SessionBuildCall upload;
  private final ExecutorService executor;
  private final BuildListener listener;
  private final Clock clock;

  private SessionBuild(
      BuildSession session,
      SshAgents sshAgents,
      String dockerfileName,
      Optional<OutputSpec> output,
      Optional<ContextBody.Archive> archive,
      Engine engine,
      ExecutorService executor,
      BuildListener listener,
      Clock clock) {
    this.session = session;
    this.sshAgents = sshAgents;
    this.dockerfileName = dockerfileName;
    this.output = output;
    this.archive = archive;
    this.call = new SessionBuildCall(engine);
    this.upload = new SessionBuildCall(engine);
    this.executor = executor;
    this.listener = listener;
    this.clock = clock;
  }

  /**
   * Opens the session for one build.
   *
   * @param body the context as the build will read it: a folder (served through FileSync) or a tar
   *     archive (uploaded with the build)
   * @param listener receives warnings that do not stop the build (a broken credential helper) and
   *     the upload step of an archive
   * @throws UnavailableException when the engine cannot do sessions: fall back to the tar body
   * @throws SlipwayException for input that cannot work (no ssh agent, an unwritable output)
   */
  public static SessionBuild open(
      Engine engine,
      BuildRequest request,
      ContextBody body,
      RegistryAccess registries,
      Map<String, String> environment,
      SessionKeys keys,
      ExecutorService executor,
      BuildListener listener,
      Clock clock)
      throws UnavailableException {
    if (!engine.info().apiAtLeast(SESSION_API) && !engine.info().experimental()) {
      throw new UnavailableException(
          "the engine speaks API "
              + engine.info().apiVersion()
              + "; sessions need "
              + SESSION_API
              + " or newer",
          null);
    }
    List<ServerServiceDefinition> services = new ArrayList<>();
    String name;
    String sharedKey;
    String dockerfileName;
    Optional<ContextBody.Archive> archive = Optional.empty();
    if (body instanceof ContextBody.Folder folder) {
      LocalContext context = folder.context();
      Path root = context.root();
      SyncedDir dockerfileDir;
      if (request.inlineDockerfile().isPresent()) {
        // Served from memory, as the CLI serves `-f -` from a temporary folder.
        dockerfileDir = SyncedDir.SingleFile.dockerfile(request.inlineDockerfile().get());
        dockerfileName = "Dockerfile";
      } else {
        String dockerfile = context.dockerfile();
        int slash = dockerfile.lastIndexOf('/');
        dockerfileDir =
            new SyncedDir.Folder(
                "dockerfile", slash < 0 ? root : root.resolve(dockerfile.substring(0, slash)));
        dockerfileName = dockerfile.substring(slash + 1);
      }
      services.add(
          new FileSyncService(
                  List.of(new SyncedDir.Folder("context", root), dockerfileDir), executor)
              .bindService());
      name = root.getFileName() == null ? "context" : root.getFileName().toString();
      sharedKey = keys.sharedKey(root);
    } else {
      ContextBody.Archive tar = (ContextBody.Archive) body;
      archive = Optional.of(tar);
      dockerfileName = tar.dockerfile();
      name = tar.file().getFileName().toString();
      sharedKey = keys.sharedKey(tar.file());
    }
    services.add(
        new AuthService(
                registries,
                w -> listener.onEvent(new BuildEvent.Warning(clock.instant(), Optional.empty(), w)))
            .bindService());
    if (!request.secrets().isEmpty()) {
      services.add(new SecretsService(request.secrets(), environment).bindService());
    }
    SshAgents agents = SshAgents.resolve(request.ssh(), environment);
    try {
      if (!request.ssh().isEmpty()) {
        services.add(new SshService(agents.sockets(), executor).bindService());
      }
      request.output().ifPresent(o -> outputService(o).ifPresent(services::add));
      BuildSession session;
      try {
        session = BuildSession.open(engine, name, sharedKey, services, executor);
      } catch (SessionDialer.RefusedException e) {
        throw new UnavailableException(
            "the engine refused the session (" + e.getMessage() + ")", e);
      } catch (IOException e) {
        throw new UnavailableException("the session connection failed (" + e.getMessage() + ")", e);
      }
      return new SessionBuild(
          session,
          agents,
          dockerfileName,
          request.output(),
          archive,
          engine,
          executor,
          listener,
          clock);
    } catch (UnavailableException | RuntimeException e) {
      agents.close();
      throw e;
    }
  }

  private static Optional<ServerServiceDefinition> outputService(OutputSpec o) {
    String dest = o.dest().orElse("");
    return switch (o.type()) {
      case "local" -> Optional.of(OutputService.local(Path.of(dest)));
      case "tar" ->
          Optional.of(
              OutputService.tar(
                  () -> {
                    if (dest.equals("-")) {
                      // Standard output stays open for whoever prints after the build.
                      return new FilterOutputStream(System.out) {
                        @Override
                        public void close() throws IOException {
                          flush();
                        }
                      };
                    }
                    try {
                      return new FileOutputStream(dest);
                    } catch (IOException e) {
                      throw new UncheckedIOException(e);
                    }
                  }));
      default -> Optional.empty();
    };
  }

  /** The session's id, as the build names it. */
  public String id() {
    return session.id();
  }

  /** Completes when the session's connection has ended. */
  public java.util.concurrent.CompletableFuture<Void> ended() {
    return session.ended();
  }

  /**
   * The build's query: the builder's, with the Dockerfile named inside its folder, the session, and
   * the output.
   */
  public BuildQuery query(BuildQuery builderQuery) {
    builderQuery
        .add("remote", archive.isPresent() ? "upload-request" : "client-session")
        .add("session", session.id());
    output.ifPresent(
        o -> {
          try {
            builderQuery.add(
                "outputs",
                JSON.writeValueAsString(List.of(Map.of("Type", o.type(), "Attrs", Map.of()))));
          } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
          }
        });
    return builderQuery;
  }

  /** The {@code dockerfile} parameter: the name inside the folder served as "dockerfile". */
  public String dockerfileName() {
    return dockerfileName;
  }

  /**
   * Sends the build request and reads its answer; see {@link SessionBuildCall#run}. An archive
   * context is uploaded alongside, by a request of its own that the engine pairs with this one.
   *
   * @param buildId the build's {@code buildid}, which the upload names too
   */
  public void run(
      BuildQuery query, String buildId, String binaryAuxId, JsonMessageStream.Handler handler)
      throws IOException {
    if (archive.isEmpty()) {
      call.run(query.path(), null, binaryAuxId, handler);
      return;
    }
    // The engine pairs the two requests for 5 s at most: the upload goes first, at once.
    CompletableFuture<Void> sent =
        CompletableFuture.runAsync(() -> upload(archive.get(), buildId), executor);
    try {
      call.run(query.path(), null, binaryAuxId, handler);
    } catch (BuildExchange.EngineRefusedException | IOException e) {
      // The upload's failure (a vanished file) explains a refused build better.
      upload.close();
      Throwable why = failure(sent);
      if (why instanceof SlipwayException se) {
        throw se;
      }
      throw e;
    }
    Throwable why = failure(sent);
    if (why instanceof SlipwayException se) {
      throw se;
    }
  }

  /** The upload request of an archive context, as a step with progress in bytes. */
  private void upload(ContextBody.Archive tar, String buildId) {
    Instant started = clock.instant();
    String step = BuildExchange.CONTEXT_STEP;
    listener.onEvent(
        new BuildEvent.StepStarted(
            started,
            step,
            0,
            0,
            "Sending build context (" + HumanUnits.bytes(tar.contentBytes()) + ")",
            List.of(),
            Optional.empty()));
    Optional<String> error = Optional.empty();
    try (InputStream in = Files.newInputStream(tar.file())) {
      InputStream counted =
          new FilterInputStream(in) {
            long sent;
            long reported;

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
              int n = super.read(b, off, len);
              if (n > 0) {
                sent += n;
                if (sent - reported >= 8L * 1024 * 1024 || sent == tar.contentBytes()) {
                  reported = sent;
                  listener.onEvent(
                      new BuildEvent.StepProgress(
                          clock.instant(), step, "context", sent, tar.contentBytes()));
                }
              }
              return n;
            }
          };
      BuildQuery q =
          BuildQuery.empty().add("version", "2").add("buildid", "upload-request:" + buildId);
      upload.run(q.path(), counted, null, message -> {});
    } catch (IOException | RuntimeException e) {
      error = Optional.of(String.valueOf(e.getMessage()));
      if (e instanceof java.nio.file.NoSuchFileException) {
        throw new SlipwayException(
            "The tar archive " + tar.file() + " was deleted before it was sent. Build again.");
      }
    } finally {
      Instant now = clock.instant();
      listener.onEvent(
          new BuildEvent.StepFinished(
              now, step, false, error, Optional.empty(), Duration.between(started, now)));
    }
  }

  private static Throwable failure(CompletableFuture<Void> f) {
    try {
      f.join();
      return null;
    } catch (CompletionException e) {
      return e.getCause();
    }
  }

  /** Breaks the build request off (cancel); the session stays until {@link #close()}. */
  public void abort() {
    call.close();
    upload.close();
  }

  /** Ends the session and everything it started. */
  @Override
  public void close() {
    call.close();
    upload.close();
    session.close();
    sshAgents.close();
  }
}
