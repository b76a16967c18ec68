package io.slipway.core.auth;

import java.util.Locale;
import java.util.Set;

/**
 * Registry names as the docker CLI keys credentials: a host name with an optional port ({@code
 * 127.0.0.1:5000}, {@code ghcr.io}), except Docker Hub, whose key is always {@value #DOCKER_HUB}.
 *
 * <p>Every spelling of Docker Hub ({@code docker.io}, {@code index.docker.io}, {@code
 * registry-1.docker.io}, with or without a scheme or path) becomes {@value #DOCKER_HUB}; any other
 * name loses its {@code http://}/{@code https://} scheme and everything from the first {@code /}
 * (the CLI's {@code ConvertToHostname}).
 */
public final class RegistryNames {

  /** The key under which the docker CLI and the daemon file Docker Hub's credentials. */
  public static final String DOCKER_HUB = "https://index.docker.io/v1/";

  private static final Set<String> HUB_HOSTS =
      Set.of("docker.io", "index.docker.io", "registry-1.docker.io");

  private RegistryNames() {}

  /**
   * The lookup key for a registry name, URL or config.json key: {@value #DOCKER_HUB} for Docker
   * Hub, else the host (and port).
   *
   * @throws IllegalArgumentException if {@code registry} is blank
   */
  public static String key(String registry) {
    String host = hostname(registry);
    if (host.isEmpty()) {
      throw new IllegalArgumentException("A registry name cannot be empty");
    }
    return isDockerHubHost(host) ? DOCKER_HUB : host;
  }

  /** Whether this name, URL or key means Docker Hub. */
  public static boolean isDockerHub(String registry) {
    return isDockerHubHost(hostname(registry));
  }

  /**
   * The host part, as the docker CLI's {@code ConvertToHostname}: without {@code http://} or {@code
   * https://}, up to the first {@code /}. Surrounding blanks are dropped.
   */
  public static String hostname(String registry) {
    String s = registry == null ? "" : registry.strip();
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.startsWith("http://")) {
      s = s.substring("http://".length());
    } else if (lower.startsWith("https://")) {
      s = s.substring("https://".length());
    }
    int slash = s.indexOf('/');
    return slash < 0 ? s : s.substring(0, slash);
  }

  /**
   * The registry an image reference is pulled from, as the docker CLI splits it: the first path
   * component when it has a {@code .} or a {@code :}, is {@code localhost} or has an upper-case
   * letter; Docker Hub otherwise. {@code busybox} and {@code library/busybox:1} are on Docker Hub,
   * {@code 127.0.0.1:5000/base:1} on {@code 127.0.0.1:5000}.
   */
  public static String ofImage(String imageReference) {
    String ref = imageReference == null ? "" : imageReference.strip();
    int slash = ref.indexOf('/');
    if (slash < 0) {
      return DOCKER_HUB;
    }
    String first = ref.substring(0, slash);
    boolean isDomain =
        first.contains(".")
            || first.contains(":")
            || first.equals("localhost")
            || !first.equals(first.toLowerCase(Locale.ROOT));
    return isDomain ? key(first) : DOCKER_HUB;
  }

  /** A name for people: {@code docker.io} for Docker Hub, the key otherwise. Not a lookup key. */
  public static String display(String key) {
    return isDockerHub(key) ? "docker.io" : key;
  }

  /**
   * Whether a registry host is on this machine (localhost, 127.0.0.0/8, ::1); the docker daemon
   * treats those as insecure registries and talks plain HTTP to them.
   */
  public static boolean isLoopback(String registry) {
    String host = hostname(registry);
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      String v6 = end < 0 ? host.substring(1) : host.substring(1, end);
      return v6.equals("::1") || v6.equals("0:0:0:0:0:0:0:1");
    }
    int colon = host.lastIndexOf(':');
    String name = colon < 0 ? host : host.substring(0, colon);
    name = name.toLowerCase(Locale.ROOT);
    return name.equals("localhost") || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  private static boolean isDockerHubHost(String host) {
    return HUB_HOSTS.contains(host.toLowerCase(Locale.ROOT));
  }
}
