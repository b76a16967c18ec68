package io.slipway.core.engine;

import java.nio.file.Path;
import java.util.Objects;

/**
 * TLS settings for a {@code tcp://} engine, in the docker CLI's layout: a folder that may hold
 * {@code ca.pem} (the CA that signed the engine's certificate), {@code cert.pem} and {@code
 * key.pem} (the client certificate). Each file is optional, as in the CLI: without {@code ca.pem}
 * the system's trusted CAs are used, without {@code cert.pem}/{@code key.pem} no client certificate
 * is sent.
 *
 * @param certDir the folder with the PEM files
 * @param verify whether the engine's certificate is checked; {@code false} mirrors {@code
 *     SkipTLSVerify} or {@code DOCKER_TLS} without {@code DOCKER_TLS_VERIFY}
 */
public record TlsMaterial(Path certDir, boolean verify) {

  public TlsMaterial {
    Objects.requireNonNull(certDir, "certDir");
  }

  public Path caFile() {
    return certDir.resolve("ca.pem");
  }

  public Path certFile() {
    return certDir.resolve("cert.pem");
  }

  public Path keyFile() {
    return certDir.resolve("key.pem");
  }
}
