package io.slipway.core.testing;

import io.slipway.core.SlipwayException;
import io.slipway.core.engine.Engine;
import io.slipway.core.engine.EngineLocator;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The policy for tests that need a real Docker engine: without one they are <b>skipped</b>, with
 * the reason shown, so that the suite runs anywhere; but when the system property {@value
 * #REQUIRE_PROPERTY} (or the environment variable {@code SLIPWAY_REQUIRE_ENGINE}) is "1", as in CI,
 * they <b>fail</b>, so that a missing engine cannot pass for green.
 *
 * <p>Shared with the app module's tests through core's test-jar.
 */
public final class EngineTestSupport {

  public static final String REQUIRE_PROPERTY = "slipway.requireEngine";

  private static Engine engine;
  private static SlipwayException failure;

  private EngineTestSupport() {}

  /**
   * The engine found as Slipway finds it ({@link EngineLocator#fromSystem()}), connected once per
   * JVM and shared: do not close it. Skips (or fails, see above) the calling test when there is
   * none.
   */
  public static synchronized Engine engineOrSkip() {
    if (engine == null && failure == null) {
      try {
        engine = Engine.connect(EngineLocator.fromSystem());
        Engine shared = engine;
        Runtime.getRuntime()
            .addShutdownHook(new Thread(shared::close, "slipway-test-engine-close"));
      } catch (SlipwayException e) {
        failure = e;
        System.err.println("[slipway tests] No Docker engine: " + e.getMessage());
      }
    }
    if (engine != null) {
      return engine;
    }
    String why = "needs a Docker engine. " + failure.getMessage();
    if (engineRequired()) {
      return Assertions.fail(
          why + "\n(" + REQUIRE_PROPERTY + "=1 makes a missing engine a failure, not a skip.)");
    }
    Assumptions.abort(why);
    throw new AssertionError("unreachable");
  }

  /** Whether a missing engine fails tests instead of skipping them. */
  public static boolean engineRequired() {
    return "1".equals(System.getProperty(REQUIRE_PROPERTY))
        || "1".equals(System.getenv("SLIPWAY_REQUIRE_ENGINE"));
  }
}
