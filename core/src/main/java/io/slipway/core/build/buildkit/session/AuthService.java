package io.slipway.core.build.buildkit.session;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.slipway.core.auth.CredentialException;
import io.slipway.core.auth.RegistryCredentials;
import io.slipway.core.build.RegistryAccess;
import io.slipway.core.build.buildkit.session.proto.AuthGrpc;
import io.slipway.core.build.buildkit.session.proto.CredentialsRequest;
import io.slipway.core.build.buildkit.session.proto.CredentialsResponse;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code moby.filesync.v1.Auth}: registry credentials for BuildKit's pulls, from config.json and
 * credential helpers as the docker CLI finds them. Only {@code Credentials} is answered; the token
 * methods answer Unimplemented, on which the engine fetches tokens itself with these credentials.
 * No credential is ever logged.
 */
final class AuthService extends AuthGrpc.AuthImplBase {

  private static final Logger log = LoggerFactory.getLogger(AuthService.class);

  private final RegistryAccess registries;
  private final Consumer<String> warnings;

  /**
   * @param warnings receives problems with a credential helper (the pull then goes anonymous)
   */
  AuthService(RegistryAccess registries, Consumer<String> warnings) {
    this.registries = registries;
    this.warnings = warnings;
  }

  @Override
  public void credentials(
      CredentialsRequest request, StreamObserver<CredentialsResponse> responses) {
    String host = request.getHost();
    CredentialsResponse.Builder answer = CredentialsResponse.newBuilder();
    try {
      Optional<RegistryCredentials> found = registries.forRegistry(host);
      if (found.isPresent()) {
        RegistryCredentials c = found.get();
        if (c.hasIdentityToken()) {
          // BuildKit's convention: no user name means the secret is an identity token.
          answer.setSecret(c.identityToken());
        } else {
          answer.setUsername(c.username()).setSecret(c.password());
        }
        log.debug("Session credentials for {}: user {}", host, c.displayUser());
      } else {
        log.debug("Session credentials for {}: none configured", host);
      }
    } catch (CredentialException e) {
      warnings.accept(e.getMessage());
    } catch (IllegalArgumentException e) {
      responses.onError(
          Status.INVALID_ARGUMENT.withDescription("no registry host given").asRuntimeException());
      return;
    }
    responses.onNext(answer.build());
    responses.onCompleted();
  }
}
