package io.slipway.core.build.selection;

import io.slipway.core.build.BuilderService;
import io.slipway.core.build.classic.ClassicBuilder;
import io.slipway.core.engine.Engine;

/**
 * The one place that decides which builder runs a build, so front ends only ever see {@link
 * BuilderService}. Only the classic builder exists so far; the Auto / Classic / BuildKit choice
 * (DOCKER_BUILDKIT, the engine's Builder-Version) arrives here with the BuildKit builder.
 */
public final class Builders {

  private Builders() {}

  /** The builder for builds on {@code engine}. */
  public static BuilderService forEngine(Engine engine) {
    return new ClassicBuilder(engine);
  }
}
