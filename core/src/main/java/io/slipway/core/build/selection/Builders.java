package io.slipway.core.build.selection;

import io.slipway.core.build.BuilderService;
import io.slipway.core.build.buildkit.BuildKitBuilder;
import io.slipway.core.build.classic.ClassicBuilder;
import io.slipway.core.engine.Engine;
import java.time.Clock;
import java.util.Map;

/**
 * Turns a {@link BuilderSelection} into the builder that runs it: the one place that names the
 * builder classes, so front ends only ever see {@link BuilderService}.
 */
public final class Builders {

  private Builders() {}

  /** A builder with the selection that chose it (to show "BuildKit: daemon default"). */
  public record Selected(BuilderService service, BuilderSelection selection) {}

  /**
   * Selects (see {@link BuilderSelection#select}) and creates the builder for builds on {@code
   * engine}.
   *
   * @param environment the builds' environment: DOCKER_BUILDKIT, DOCKER_CONFIG, build arg values
   */
  public static Selected create(
      Engine engine, BuilderChoice choice, Map<String, String> environment) {
    BuilderSelection selection = BuilderSelection.select(choice, environment, engine.info());
    BuilderService service =
        switch (selection.kind()) {
          case CLASSIC -> new ClassicBuilder(engine, environment, Clock.systemUTC());
          case BUILDKIT -> new BuildKitBuilder(engine, environment, Clock.systemUTC());
        };
    return new Selected(service, selection);
  }

  /** Auto, with this process's environment: what {@code docker build} would use. */
  public static Selected forEngine(Engine engine) {
    return create(engine, BuilderChoice.AUTO, System.getenv());
  }
}
