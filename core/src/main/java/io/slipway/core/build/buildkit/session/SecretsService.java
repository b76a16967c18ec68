package io.slipway.core.build.buildkit.session;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.slipway.core.build.buildkit.session.proto.GetSecretRequest;
import io.slipway.core.build.buildkit.session.proto.GetSecretResponse;
import io.slipway.core.build.buildkit.session.proto.SecretsGrpc;
import io.slipway.core.profile.SecretReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code moby.buildkit.secrets.v1.Secrets/GetSecret}: the value of a {@code --secret}, read from
 * its file or environment variable only when a {@code RUN --mount=type=secret} asks for it. The
 * value goes to the engine and nowhere else: never logged, never in an error message.
 */
final class SecretsService extends SecretsGrpc.SecretsImplBase {

  private final Map<String, SecretReference> secrets = new LinkedHashMap<>();
  private final Map<String, String> environment;

  SecretsService(List<SecretReference> secrets, Map<String, String> environment) {
    secrets.forEach(s -> this.secrets.put(s.id(), s));
    this.environment = Map.copyOf(environment);
  }

  @Override
  public void getSecret(GetSecretRequest request, StreamObserver<GetSecretResponse> responses) {
    SecretReference ref = secrets.get(request.getID());
    if (ref == null) {
      // NotFound is what BuildKit expects: a mount with required=false then goes on without it.
      responses.onError(
          Status.NOT_FOUND
              .withDescription(
                  "secret "
                      + request.getID()
                      + " not found: pass it with --secret id="
                      + request.getID()
                      + ",src=FILE (or env=VARIABLE)")
              .asRuntimeException());
      return;
    }
    byte[] value;
    try {
      value = read(ref);
    } catch (IOException e) {
      responses.onError(Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    responses.onNext(GetSecretResponse.newBuilder().setData(ByteString.copyFrom(value)).build());
    responses.onCompleted();
  }

  /** The secret's value; the message of a failure names the source, never the value. */
  private byte[] read(SecretReference ref) throws IOException {
    if (ref.env().isPresent()) {
      String name = ref.env().get();
      String v = environment.get(name);
      if (v == null) {
        throw new IOException(
            "secret " + ref.id() + ": the environment variable " + name + " is not set");
      }
      return v.getBytes(StandardCharsets.UTF_8);
    }
    if (ref.file().isPresent()) {
      try {
        return Files.readAllBytes(ref.file().get());
      } catch (IOException e) {
        throw new IOException("secret " + ref.id() + ": cannot read the file " + ref.file().get());
      }
    }
    // buildx's rule: a secret with neither source reads the variable named like its id.
    String v = environment.get(ref.id());
    if (v == null) {
      throw new IOException(
          "secret " + ref.id() + " has no source: add src=FILE or env=VARIABLE to --secret");
    }
    return v.getBytes(StandardCharsets.UTF_8);
  }
}
