package io.slipway.core.build.buildkit.session;

import io.slipway.core.build.BuildEvent;
import io.slipway.core.build.BuildRequest;
import io.slipway.core.build.BuildResult;
import io.slipway.core.build.BuildStatus;
import io.slipway.core.build.RegistryAccess;
import io.slipway.core.build.buildkit.BuildKitBuilder;
import io.slipway.core.engine.Engine;
import io.slipway.core.engine.EngineLocator;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Times two BuildKit builds of one context folder, back to back, through the session or with the
 * context as a tar body (run by bench/session-context.sh, not by the tests). Prints one line per
 * build: the wall time and the bytes the engine reported receiving ("transferring context").
 *
 * <p>Usage: SessionContextBench CONTEXT session|tar DATA-DIR
 */
public final class SessionContextBench {

  private SessionContextBench() {}

  public static void main(String[] args) throws Exception {
    Path context = Path.of(args[0]);
    boolean session = args[1].equals("session");
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put(BuildKitBuilder.SESSION_VARIABLE, session ? "1" : "0");
    try (Engine engine = Engine.connect(EngineLocator.fromSystem())) {
      BuildKitBuilder builder =
          new BuildKitBuilder(
              engine,
              env,
              Clock.systemUTC(),
              RegistryAccess.fromEnvironment(env),
              new SessionKeys(Path.of(args[2])));
      for (String which : new String[] {"first", "second"}) {
        AtomicLong transferred = new AtomicLong(-1);
        long start = System.nanoTime();
        BuildResult r =
            builder
                .start(
                    BuildRequest.builder(context).build(),
                    e -> {
                      if (e instanceof BuildEvent.StepProgress p
                          && (p.label().startsWith("transferring context")
                              || p.stepId().equals("context"))) {
                        transferred.accumulateAndGet(p.current(), Math::max);
                      }
                    })
                .result()
                .join();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (r.status() != BuildStatus.SUCCEEDED) {
          System.err.println(which + " build failed: " + r.error().orElse(""));
          System.exit(1);
        }
        System.out.printf(
            "%s %s %.2f s, %d bytes transferred%n",
            session ? "session" : "tar", which, seconds, transferred.get());
      }
    }
  }
}
