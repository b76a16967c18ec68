package io.slipway.app.engine;

/**
 * Connects to the Docker engine. Blocking (it pings the engine): called on a worker thread, never
 * on the FX thread.
 */
@FunctionalInterface
public interface EngineConnector {

  /**
   * @throws io.slipway.core.SlipwayException when no engine answers; its message is the text shown
   *     to the user (first line: what is wrong; the rest: what was tried and how to fix it)
   */
  EngineSession connect();

  /**
   * Connects to the engine a profile names (a docker context or a host) rather than the window's.
   * Blocking, like {@link #connect()}. By default: not possible, said as a sentence.
   */
  default EngineSession connect(io.slipway.core.profile.EngineChoice choice) {
    if (choice instanceof io.slipway.core.profile.EngineChoice.Default) {
      return connect();
    }
    throw new io.slipway.core.SlipwayException(
        "This window cannot reach the engine the profile names ("
            + choice.describe()
            + "). Set the profile's engine to default to build on the window's engine.");
  }

  /** The engine the docker CLI would use: {@code DOCKER_HOST}, the current context, the socket. */
  static EngineConnector system() {
    return new SystemEngineConnector(System::getenv);
  }

  /**
   * As {@link #system()}, in the environment {@code environment} gives at each connect (the
   * settings' engine choice applied to this process's environment).
   */
  static EngineConnector system(
      java.util.function.Supplier<java.util.Map<String, String>> environment) {
    return new SystemEngineConnector(environment);
  }
}
