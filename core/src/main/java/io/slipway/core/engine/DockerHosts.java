package io.slipway.core.engine;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Normalizes a {@code DOCKER_HOST} value the way the docker CLI's {@code opts.ParseHost} does, so
 * that Slipway connects where {@code docker} would:
 *
 * <ul>
 *   <li>no scheme means tcp ({@code 1.2.3.4:2375});
 *   <li>tcp without a port gets <b>2375, even with TLS</b>: the CLI only picks 2376 when no host is
 *       given at all (see {@link EngineLocator}); {@code tcp://} alone is {@code
 *       tcp://localhost:2375};
 *   <li>{@code unix://} alone is the default socket, {@code npipe://} alone the default pipe;
 *   <li>{@code ssh://} is passed through; anything else ({@code fd://} is for the daemon, {@code
 *       foo://}) is refused.
 * </ul>
 */
final class DockerHosts {

  static final String DEFAULT_UNIX_SOCKET = "/var/run/docker.sock";
  static final String DEFAULT_PIPE = "//./pipe/docker_engine";
  static final int DEFAULT_PORT = 2375;
  static final int DEFAULT_TLS_PORT = 2376;

  private DockerHosts() {}

  /**
   * Returns the address in full form, or throws {@link IllegalArgumentException} when the docker
   * CLI would refuse it too (or Slipway cannot use it at all).
   */
  static String normalize(String value) {
    String addr = value.trim();
    if (addr.isEmpty()) {
      throw new IllegalArgumentException("empty address");
    }
    int sep = addr.indexOf("://");
    String proto = sep < 0 ? "tcp" : addr.substring(0, sep);
    String rest = sep < 0 ? addr : addr.substring(sep + 3);
    if (rest.contains("://")) {
      throw new IllegalArgumentException("two schemes");
    }
    return switch (proto) {
      case "tcp" -> tcp(rest);
      case "unix" -> "unix://" + unixPath(rest);
      case "npipe" -> "npipe://" + (rest.isEmpty() ? DEFAULT_PIPE : rest);
      case "ssh" -> ssh(addr);
      default -> throw new IllegalArgumentException("unknown scheme " + proto);
    };
  }

  private static String unixPath(String path) {
    if (path.isEmpty()) {
      return DEFAULT_UNIX_SOCKET;
    }
    // The CLI accepts a relative socket path (relative to the working directory); docker-java needs
    // an absolute one.
    return path.startsWith("/") ? path : Path.of(path).toAbsolutePath().toString();
  }

  private static String tcp(String rest) {
    if (rest.isEmpty()) {
      return "tcp://localhost:" + DEFAULT_PORT;
    }
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    String path = slash < 0 ? "" : rest.substring(slash);

    String host;
    String port;
    if (authority.startsWith("[")) {
      int end = authority.indexOf(']');
      if (end < 0) {
        throw new IllegalArgumentException("unclosed [");
      }
      host = authority.substring(1, end);
      String after = authority.substring(end + 1);
      if (!after.isEmpty() && !after.startsWith(":")) {
        throw new IllegalArgumentException("junk after ]");
      }
      port = after.isEmpty() ? "" : after.substring(1);
    } else {
      int first = authority.indexOf(':');
      int last = authority.lastIndexOf(':');
      if (first >= 0 && first == last) {
        host = authority.substring(0, first);
        port = authority.substring(first + 1);
      } else {
        // No colon, or a bare IPv6 address: the whole thing is the host (as in the CLI).
        host = authority;
        port = "";
      }
    }
    if (host.isEmpty()) {
      host = "localhost";
    }
    int portNumber = port.isEmpty() ? DEFAULT_PORT : parsePort(port);
    String hostPart = host.contains(":") ? "[" + host + "]" : host;
    return checkUri("tcp://" + hostPart + ":" + portNumber + path);
  }

  private static int parsePort(String port) {
    if (!port.chars().allMatch(Character::isDigit) || port.length() > 5) {
      throw new IllegalArgumentException("bad port " + port);
    }
    int p = Integer.parseInt(port);
    if (p > 65535) {
      throw new IllegalArgumentException("bad port " + port);
    }
    return p;
  }

  private static String ssh(String addr) {
    URI uri = URI.create(checkUri(addr));
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      throw new IllegalArgumentException("ssh without host");
    }
    return addr;
  }

  private static String checkUri(String address) {
    try {
      URI uri = new URI(address);
      if (uri.getHost() == null) {
        throw new IllegalArgumentException("no host in " + address);
      }
      return address;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }
}
