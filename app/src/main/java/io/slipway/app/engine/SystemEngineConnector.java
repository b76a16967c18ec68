package io.slipway.app.engine;

import io.slipway.core.engine.Engine;
import io.slipway.core.engine.EngineLocator;

/** Finds the engine the way the docker CLI does, and builds on it with the classic builder. */
final class SystemEngineConnector implements EngineConnector {
  @Override
  public EngineSession connect() {
    Engine engine = Engine.connect(EngineLocator.fromSystem());
    try {
      return EngineSession.of(engine);
    } catch (RuntimeException e) {
      engine.close();
      throw e;
    }
  }
}
