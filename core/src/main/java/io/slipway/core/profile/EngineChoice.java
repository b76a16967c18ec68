package io.slipway.core.profile;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which Docker engine a profile builds on: the one Slipway finds as the docker CLI does, a named
 * docker context, or a host address. Applied as the environment the engine locator reads, so the
 * engine is found by exactly the same rules as without a profile.
 */
public sealed interface EngineChoice
    permits EngineChoice.Default, EngineChoice.DockerContext, EngineChoice.Host {

  /** The engine found as the docker CLI finds it (DOCKER_HOST, DOCKER_CONTEXT, config.json…). */
  record Default() implements EngineChoice {
    @Override
    public Map<String, String> applyTo(Map<String, String> environment) {
      return Map.copyOf(environment);
    }

    @Override
    public String describe() {
      return "default";
    }
  }

  /** A docker context by name ({@code docker context ls}). */
  record DockerContext(String name) implements EngineChoice {
    public DockerContext {
      Objects.requireNonNull(name, "name");
    }

    /** As {@code docker --context NAME}: the context wins over DOCKER_HOST. */
    @Override
    public Map<String, String> applyTo(Map<String, String> environment) {
      Map<String, String> env = new HashMap<>(environment);
      env.remove("DOCKER_HOST");
      env.put("DOCKER_CONTEXT", name);
      return Map.copyOf(env);
    }

    @Override
    public String describe() {
      return "context " + name;
    }
  }

  /**
   * An address as {@code DOCKER_HOST} takes it: {@code unix://}, {@code tcp://}, {@code ssh://}…
   */
  record Host(String host) implements EngineChoice {
    public Host {
      Objects.requireNonNull(host, "host");
    }

    /** As {@code docker -H HOST}; TLS settings from the environment still apply. */
    @Override
    public Map<String, String> applyTo(Map<String, String> environment) {
      Map<String, String> env = new HashMap<>(environment);
      env.remove("DOCKER_CONTEXT");
      env.put("DOCKER_HOST", host);
      return Map.copyOf(env);
    }

    @Override
    public String describe() {
      return host;
    }
  }

  EngineChoice DEFAULT = new Default();

  /** The environment the engine locator should read for this choice. */
  Map<String, String> applyTo(Map<String, String> environment);

  String describe();

  /**
   * {@code default} (or empty), an address with a scheme ({@code unix:///var/run/docker.sock},
   * {@code tcp://host:2376}, {@code ssh://user@host}, {@code npipe://…}), or else a context name.
   */
  static EngineChoice parse(String text) {
    String t = text == null ? "" : text.trim();
    if (t.isEmpty() || t.equals("default")) {
      return DEFAULT;
    }
    return t.contains("://") ? new Host(t) : new DockerContext(t);
  }
}
