package io.slipway.core.engine;

import java.util.Objects;
import java.util.Optional;

/**
 * What an engine said about itself when pinged.
 *
 * @param endpoint the address that answered, e.g. {@code unix:///var/run/docker.sock}
 * @param serverVersion the engine's version ("20.10.24+dfsg1"), from {@code GET /version} or else
 *     the {@code Server} header; "unknown" if neither says
 * @param apiVersion the API version Slipway speaks with it (negotiated)
 * @param maxApiVersion the newest API version the engine offers ({@code Api-Version} header)
 * @param minApiVersion the oldest API version the engine accepts, if it said
 * @param builderVersion the engine's preferred builder ({@code Builder-Version}: "1" classic, "2"
 *     BuildKit), if it said
 * @param experimental whether the engine runs with experimental features
 * @param osType the engine's OS, "linux" or "windows"
 */
public record EngineInfo(
    String endpoint,
    String serverVersion,
    String apiVersion,
    String maxApiVersion,
    Optional<String> minApiVersion,
    Optional<String> builderVersion,
    boolean experimental,
    String osType) {

  /** BuildKit sessions and {@code version=2} builds need this API version. */
  static final String BUILDKIT_MIN_API = "1.39";

  public EngineInfo {
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(serverVersion, "serverVersion");
    Objects.requireNonNull(apiVersion, "apiVersion");
    Objects.requireNonNull(maxApiVersion, "maxApiVersion");
    Objects.requireNonNull(minApiVersion, "minApiVersion");
    Objects.requireNonNull(builderVersion, "builderVersion");
    Objects.requireNonNull(osType, "osType");
  }

  /**
   * The builder {@code docker build} would pick: the engine's advertised preference ({@code
   * Builder-Version} "2" = BuildKit, "1" = classic); without one, BuildKit wherever it is supported
   * (API 1.39 or later, Linux engine), as the current CLI does.
   */
  public boolean buildKitDefault() {
    if (builderVersion.isPresent()) {
      String v = builderVersion.get().trim();
      if (v.equals("2")) {
        return true;
      }
      if (v.equals("1")) {
        return false;
      }
    }
    return supportsBuildKit();
  }

  /** Whether the engine can run BuildKit builds at all: a Linux engine at API 1.39 or later. */
  public boolean supportsBuildKit() {
    return "linux".equalsIgnoreCase(osType)
        && ApiVersions.isValid(apiVersion)
        && ApiVersions.atLeast(apiVersion, BUILDKIT_MIN_API);
  }

  /** The version in a {@code Server} header: "Docker/20.10.24+dfsg1 (linux)" → "20.10.24+dfsg1". */
  static Optional<String> versionFromServerHeader(String header) {
    if (header == null || !header.startsWith("Docker/")) {
      return Optional.empty();
    }
    String rest = header.substring("Docker/".length()).trim();
    int space = rest.indexOf(' ');
    String version = space < 0 ? rest : rest.substring(0, space);
    return version.isEmpty() ? Optional.empty() : Optional.of(version);
  }

  /** The OS in a {@code Server} header: "Docker/20.10.24 (linux)" → "linux". */
  static Optional<String> osFromServerHeader(String header) {
    if (header == null) {
      return Optional.empty();
    }
    int open = header.lastIndexOf('(');
    int close = header.lastIndexOf(')');
    return open >= 0 && close > open + 1
        ? Optional.of(header.substring(open + 1, close).trim())
        : Optional.empty();
  }

  /**
   * Whether the negotiated API version is {@code version} or newer ("1.10" is newer than "1.9").
   */
  public boolean apiAtLeast(String version) {
    return ApiVersions.compare(apiVersion, version) >= 0;
  }
}
