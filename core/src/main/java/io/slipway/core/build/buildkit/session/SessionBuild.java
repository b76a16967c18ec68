package io.slipway.core.build.buildkit.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.grpc.ServerServiceDefinition;
import io.slipway.core.SlipwayException;
import io.slipway.core.build.BuildQuery;
import io.slipway.core.build.BuildRequest;
import io.slipway.core.build.JsonMessageStream;
import io.slipway.core.build.RegistryAccess;
import io.slipway.core.context.LocalContext;
import io.slipway.core.engine.Engine;
import io.slipway.core.profile.OutputSpec;
import java.io.FileOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/**
 * A BuildKit build through a session: opens the session with what this request needs (the context
 * and Dockerfile folders, registry credentials, its secrets, ssh agents and output), sends {@code
 * POST /build?remote=client-session&session=<id>} with an empty body, and closes everything when
 * the build ends. The builder uses it when the engine offers sessions, and otherwise falls back to
 * sending the context as a tar.
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
  private final SessionBuildCall call;

  private SessionBuild(
      BuildSession session,
      SshAgents sshAgents,
      String dockerfileName,
      Optional<OutputSpec> output,
      SessionBuildCall call) {
    this.session = session;
    this.sshAgents = sshAgents;
    this.dockerfileName = dockerfileName;
    this.output = output;
    this.call = call;
  }

  /**
   * Opens the session for one build.
   *
   * @param warnings receives problems that do not stop the build (a broken credential helper)
   * @throws UnavailableException when the engine cannot do sessions: fall back to the tar body
   * @throws SlipwayException for input that cannot work (no ssh agent, an unwritable output)
   */
  public static SessionBuild open(
      Engine engine,
      BuildRequest request,
      LocalContext context,
      RegistryAccess registries,
      Map<String, String> environment,
      SessionKeys keys,
      ExecutorService executor,
      Consumer<String> warnings)
      throws UnavailableException {
    String api = engine.info().apiVersion();
    if (!engine.info().apiAtLeast(SESSION_API) && !engine.info().experimental()) {
      throw new UnavailableException(
          "the engine speaks API " + api + "; sessions need " + SESSION_API + " or newer", null);
    }
    Path root = context.root();
    String dockerfile = context.dockerfile();
    int slash = dockerfile.lastIndexOf('/');
    Path dockerfileDir = slash < 0 ? root : root.resolve(dockerfile.substring(0, slash));
    String dockerfileName = dockerfile.substring(slash + 1);

    List<ServerServiceDefinition> services = new ArrayList<>();
    services.add(
        new FileSyncService(
                List.of(
                    new SyncedDir.Folder("context", root),
                    new SyncedDir.Folder("dockerfile", dockerfileDir)),
                executor)
            .bindService());
    services.add(new AuthService(registries, warnings).bindService());
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
        String name = root.getFileName() == null ? "context" : root.getFileName().toString();
        session = BuildSession.open(engine, name, keys.sharedKey(root), services, executor);
      } catch (SessionDialer.RefusedException e) {
        throw new UnavailableException(
            "the engine refused the session (" + e.getMessage() + ")", e);
      } catch (IOException e) {
        throw new UnavailableException("the session connection failed (" + e.getMessage() + ")", e);
      }
      return new SessionBuild(
          session, agents, dockerfileName, request.output(), new SessionBuildCall(engine));
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
    builderQuery.add("remote", "client-session").add("session", session.id());
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

  /** Sends the build request and reads its answer; see {@link SessionBuildCall#run}. */
  public void run(BuildQuery query, String binaryAuxId, JsonMessageStream.Handler handler)
      throws IOException {
    call.run(query.path(), null, binaryAuxId, handler);
  }

  /** Breaks the build request off (cancel); the session stays until {@link #close()}. */
  public void abort() {
    call.close();
  }

  /** Ends the session and everything it started. */
  @Override
  public void close() {
    call.close();
    session.close();
    sshAgents.close();
  }
}
