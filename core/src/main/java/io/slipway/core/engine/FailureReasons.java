package io.slipway.core.engine;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.cert.CertPathValidatorException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Turns why an endpoint did not answer into words a person can act on: what happened, then what to
 * do. Never a class name or a stack trace; those go to the log.
 */
final class FailureReasons {

  private static final boolean MAC =
      System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("mac");

  private FailureReasons() {}

  static String noSuchFile(EngineEndpoint ep) {
    return "no such file — is Docker installed and running? " + capitalize(start(ep)) + where(ep);
  }

  static String notASocket(EngineEndpoint ep) {
    return "this is not a socket but an ordinary file or folder — "
        + (ep.source().equals("DOCKER_HOST") ? "correct DOCKER_HOST" : "check the address");
  }

  static String refused(EngineEndpoint ep) {
    if (ep.scheme().equals("tcp")) {
      return "connection refused — nothing listens at "
          + ep.hostName()
          + ". Check that the engine runs and listens on that port"
          + where(ep);
    }
    return "connection refused — the socket is there but no engine listens (Docker is stopped or"
        + " crashed). "
        + capitalize(start(ep));
  }

  static String permissionDenied() {
    return "permission denied — add your user to the docker group (sudo usermod -aG docker $USER,"
        + " then log out and in again), or use rootless Docker";
  }

  static String noAnswer(Duration timeout) {
    return "no answer within "
        + timeout.toSeconds()
        + " s — something accepts connections there but does not answer like a Docker engine;"
        + " restart Docker or check the address";
  }

  static String ssh() {
    return "Slipway cannot connect over SSH yet — forward the remote socket (ssh -nNT -L"
        + " /tmp/docker.sock:/var/run/docker.sock USER@HOST) and set"
        + " DOCKER_HOST=unix:///tmp/docker.sock";
  }

  static String unsupported(EngineEndpoint ep) {
    return "not an address Slipway can use — use unix://, tcp:// or npipe://";
  }

  /** The engine answered, but not with 200 OK. */
  static String httpStatus(
      EngineEndpoint ep, int status, Optional<String> server, String bodyStart) {
    if (status == 400 && bodyStart.contains("HTTPS server")) {
      return "the engine expects TLS — "
          + (ep.source().equals("DOCKER_HOST")
              ? "set DOCKER_TLS_VERIFY=1 and DOCKER_CERT_PATH to the folder with ca.pem, cert.pem"
                  + " and key.pem"
              : "give the context its certificates (docker context update --docker"
                  + " \"host=...,ca=...,cert=...,key=...\")");
    }
    String who = server.map(s -> " (server: " + printable(s) + ")").orElse("");
    return "answered HTTP "
        + status
        + who
        + " instead of a Docker engine's OK — is this really a Docker engine? Check the address";
  }

  static String noApiVersion() {
    return "answered, but without an API version, so it is not a Docker engine — check the address";
  }

  /** A failure while connecting or talking, from its exception chain. */
  static String describe(Throwable failure, EngineEndpoint ep) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof TlsContexts.TlsSetupException) {
        return t.getMessage() + " — " + tlsFix(ep);
      }
      if (t instanceof SSLException ssl) {
        return tls(ssl, ep);
      }
      if (t instanceof UnknownHostException) {
        return "unknown host " + ep.hostName() + " — check the address" + where(ep);
      }
      if (t instanceof NoRouteToHostException) {
        return "no route to host — check the address, the network or the VPN";
      }
      if (t instanceof NoSuchFileException) {
        return noSuchFile(ep);
      }
      if (t instanceof AccessDeniedException) {
        return permissionDenied();
      }
      if (t instanceof FileNotFoundException && ep.scheme().equals("npipe")) {
        return "no such pipe — is Docker running? " + capitalize(start(ep)) + where(ep);
      }
      if (t instanceof SocketTimeoutException || isConnectTimeout(t)) {
        return "timed out connecting after "
            + Engine.CONNECT_TIMEOUT.toSeconds()
            + " s — check the address, the firewall or the VPN";
      }
      if (t instanceof AsynchronousCloseException) {
        return "the connection was closed while waiting for an answer";
      }
      String msg = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
      if (msg.contains("no such file")) {
        return noSuchFile(ep);
      }
      if (msg.contains("permission denied") || msg.contains("access is denied")) {
        return permissionDenied();
      }
      if (t instanceof ConnectException || msg.contains("connection refused")) {
        return refused(ep);
      }
      if (t instanceof EOFException
          || isNoResponse(t)
          || msg.contains("connection reset")
          || msg.contains("broken pipe")) {
        return closedWithoutAnswer(ep);
      }
    }
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    String msg = root.getMessage();
    return msg == null || msg.isBlank()
        ? "failed for a reason Slipway cannot name — see the log"
        : "failed: " + printable(msg);
  }

  private static String closedWithoutAnswer(EngineEndpoint ep) {
    if (ep.tls().isPresent()) {
      // With TLS 1.3 an engine that refuses the client certificate often just hangs up: the alert
      // saying why is lost.
      TlsMaterial tls = ep.tls().get();
      boolean hasClientCert =
          Files.isRegularFile(tls.certFile()) && Files.isRegularFile(tls.keyFile());
      return "the engine hung up during TLS setup — it probably wants a client certificate"
          + (hasClientCert ? " other than cert.pem" : " and there is no cert.pem/key.pem")
          + " in "
          + tls.certDir()
          + "; "
          + tlsFix(ep);
    }
    return "the connection was closed without an answer — this is not a Docker engine"
        + (ep.scheme().equals("tcp") ? ", or it expects TLS (set DOCKER_TLS_VERIFY=1)" : "");
  }

  private static String tls(SSLException e, EngineEndpoint ep) {
    String all = messages(e).toLowerCase(Locale.ROOT);
    if (all.contains("unrecognized ssl message") || all.contains("plaintext connection")) {
      return "TLS handshake failed: the engine at this address does not speak TLS — use its TLS"
          + " port, or unset DOCKER_TLS_VERIFY / DOCKER_TLS for a plain port";
    }
    if (e instanceof SSLPeerUnverifiedException || all.contains("subject alternative name")) {
      return "TLS handshake failed: the engine's certificate is not made out to "
          + ep.hostName()
          + " — use the name in its certificate, or "
          + tlsFix(ep);
    }
    if (hasCause(e, CertPathValidatorException.class)
        || all.contains("pkix")
        || all.contains("certification path")) {
      return "TLS handshake failed: the engine's certificate is not signed by the CA in "
          + ep.tls().map(t -> t.caFile().toString()).orElse("ca.pem")
          + " — "
          + tlsFix(ep);
    }
    if (all.contains("bad_certificate")
        || all.contains("certificate_required")
        || all.contains("unknown_ca")
        || all.contains("certificate_unknown")) {
      return "TLS handshake failed: the engine refused the client certificate (cert.pem, key.pem)"
          + " — "
          + tlsFix(ep);
    }
    return "TLS handshake failed"
        + (e instanceof SSLHandshakeException ? "" : " (" + printable(e.getMessage()) + ")")
        + " — "
        + tlsFix(ep);
  }

  private static String tlsFix(EngineEndpoint ep) {
    String dir = ep.tls().map(t -> " in " + t.certDir()).orElse("");
    if (ep.source().startsWith("docker context")) {
      return "check the context's certificates" + dir + " (docker context inspect)";
    }
    return "check the certificates" + dir + " (DOCKER_CERT_PATH) and DOCKER_TLS_VERIFY";
  }

  /** What starts the engine behind this endpoint, judged by its path or where it was found. */
  private static String start(EngineEndpoint ep) {
    String where = ep.host() + " " + ep.source();
    if (where.contains("/.colima/") || where.contains("Colima")) {
      return "start Colima (colima start)";
    }
    if (where.contains("/.rd/") || where.contains("Rancher Desktop")) {
      return "start Rancher Desktop";
    }
    if (where.contains("/.orbstack/") || where.contains("OrbStack")) {
      return "start OrbStack";
    }
    if (where.contains("/.docker/run/")
        || where.contains("/.docker/desktop/")
        || where.contains("Docker Desktop")
        || ep.scheme().equals("npipe")
        || MAC) {
      return "start Docker Desktop";
    }
    if (where.contains("rootless")) {
      return "start it (systemctl --user start docker)";
    }
    return "start it (sudo systemctl start docker)";
  }

  /** Where the address came from, as the other thing to fix. */
  private static String where(EngineEndpoint ep) {
    if (ep.source().equals("DOCKER_HOST")) {
      return ", or correct DOCKER_HOST";
    }
    if (ep.source().startsWith("docker context")) {
      return ", or choose another context (docker context ls)";
    }
    if (ep.source().contains("without DOCKER_HOST")) {
      return ", or unset DOCKER_TLS_VERIFY and DOCKER_TLS to use the local socket";
    }
    return " or set DOCKER_HOST";
  }

  private static boolean isConnectTimeout(Throwable t) {
    // Apache HttpClient's ConnectTimeoutException, matched by name to keep its API out of here.
    return t instanceof InterruptedIOException
        && t.getClass().getSimpleName().equals("ConnectTimeoutException");
  }

  private static boolean isNoResponse(Throwable t) {
    String name = t.getClass().getSimpleName();
    return name.equals("NoHttpResponseException") || name.equals("ConnectionClosedException");
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  private static String messages(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append(' ');
    }
    return sb.toString();
  }

  /** One line, no control characters, bounded: text from the network or the JDK. */
  static String printable(String s) {
    if (s == null) {
      return "";
    }
    // Wrapped exceptions carry "java.net.SomeException: " prefixes; a person needs none of that.
    String clean =
        s.replaceAll("(?:[a-z_][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error):\\s*", "")
            .replaceAll("\\p{Cntrl}+", " ")
            .strip();
    return clean.length() > 120 ? clean.substring(0, 117) + "..." : clean;
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
