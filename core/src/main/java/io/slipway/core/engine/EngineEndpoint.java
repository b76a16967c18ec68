package io.slipway.core.engine;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A place where a Docker engine may listen.
 *
 * @param host the address in the docker CLI's form: {@code unix:///var/run/docker.sock}, {@code
 *     tcp://1.2.3.4:2376}, {@code npipe:////./pipe/docker_engine} or {@code ssh://user@host}
 * @param source where the address came from, in words, for messages: {@code DOCKER_HOST}, {@code
 *     docker context "remote" (DOCKER_CONTEXT)}, {@code default socket}, ...
 * @param tls how to secure a {@code tcp://} connection; always empty for sockets and pipes
 */
public record EngineEndpoint(String host, String source, Optional<TlsMaterial> tls) {

  public EngineEndpoint {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(tls, "tls");
  }

  /** An endpoint without TLS. */
  public static EngineEndpoint of(String host, String source) {
    return new EngineEndpoint(host, source, Optional.empty());
  }

  /** The part before {@code ://}, lower case: unix, tcp, npipe or ssh. */
  public String scheme() {
    int i = host.indexOf("://");
    return i < 0 ? "" : host.substring(0, i).toLowerCase(Locale.ROOT);
  }

  /** The socket file of a {@code unix://} endpoint. */
  public Optional<Path> socketPath() {
    return scheme().equals("unix")
        ? Optional.of(Path.of(host.substring("unix://".length())))
        : Optional.empty();
  }

  /**
   * True for {@code tcp://} without TLS to another machine. Anyone who can reach that port owns the
   * engine (and so the host), and the traffic is readable, so front ends warn about it.
   */
  public boolean isPlainRemoteTcp() {
    return scheme().equals("tcp") && tls.isEmpty() && !isLoopback(hostName());
  }

  /** For messages: {@code unix:///var/run/docker.sock (default socket)}. */
  public String describe() {
    return host + " (" + source + ")";
  }

  @Override
  public String toString() {
    return describe() + (tls.isPresent() ? " with TLS" : "");
  }

  /** The host name of a tcp or ssh address, without user, port or brackets. */
  String hostName() {
    String rest = host.substring(host.indexOf("://") + 3);
    int slash = rest.indexOf('/');
    if (slash >= 0) {
      rest = rest.substring(0, slash);
    }
    rest = rest.substring(rest.indexOf('@') + 1);
    if (rest.startsWith("[")) {
      int end = rest.indexOf(']');
      return end < 0 ? rest.substring(1) : rest.substring(1, end);
    }
    int colon = rest.lastIndexOf(':');
    return colon < 0 ? rest : rest.substring(0, colon);
  }

  private static boolean isLoopback(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.equals("localhost")
        || n.endsWith(".localhost")
        || n.startsWith("127.")
        || n.equals("::1")
        || n.equals("0:0:0:0:0:0:0:1");
  }
}
