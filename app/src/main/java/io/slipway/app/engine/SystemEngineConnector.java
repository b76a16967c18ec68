package io.slipway.app.engine;

import io.slipway.core.engine.Engine;
import io.slipway.core.engine.EngineLocator;
import io.slipway.core.profile.EngineChoice;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Finds the engine the way the docker CLI does, in the environment the window's settings make (the
 * chosen context or host, the TLS folder), and builds on it with the builder Auto picks.
 */
final class SystemEngineConnector implements EngineConnector {
  private final Supplier<Map<String, String>> environment;

  SystemEngineConnector(Supplier<Map<String, String>> environment) {
    this.environment = Objects.requireNonNull(environment);
  }

  @Override
  public EngineSession connect() {
    return connectIn(environment.get());
  }

  /** The profile's engine, found in this process's environment with the choice applied. */
  @Override
  public EngineSession connect(EngineChoice choice) {
    return connectIn(choice.applyTo(System.getenv()));
  }

  private static EngineSession connectIn(Map<String, String> env) {
    Engine engine =
        Engine.connect(new EngineLocator(env, Path.of(System.getProperty("user.home"))));
    try {
      return EngineSession.of(engine);
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
  }
}
