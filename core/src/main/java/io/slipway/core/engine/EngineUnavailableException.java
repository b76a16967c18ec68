package io.slipway.core.engine;

import io.slipway.core.SlipwayException;
import java.util.List;
import java.util.Objects;

/**
 * No Docker engine answered. The message lists every endpoint tried, one per line, each with the
 * reason in words and what to do about it.
 */
public class EngineUnavailableException extends SlipwayException {

  /**
   * One endpoint that did not answer.
   *
   * @param reason in words, ending with what to do, e.g. "connection refused — ... Start Docker"
   */
  public record Attempt(EngineEndpoint endpoint, String reason) {
    public Attempt {
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(reason, "reason");
    }
  }

  private final transient List<Attempt> attempts;

  public EngineUnavailableException(List<Attempt> attempts) {
    super(message(attempts));
    this.attempts = List.copyOf(attempts);
  }

  /** Every endpoint tried, in order. */
  public List<Attempt> attempts() {
    return attempts;
  }

  private static String message(List<Attempt> attempts) {
    if (attempts.isEmpty()) {
      return "No Docker engine answers, and there was nowhere to look. Set DOCKER_HOST.";
    }
    if (attempts.size() == 1) {
      return "No Docker engine answers. Tried " + line(attempts.get(0));
    }
    StringBuilder sb = new StringBuilder("No Docker engine answers. Tried:");
    for (Attempt a : attempts) {
      sb.append("\n- ").append(line(a));
    }
    return sb.toString();
  }

  private static String line(Attempt a) {
    String reason = a.reason().strip();
    return a.endpoint().describe() + ": " + reason + (reason.endsWith(".") ? "" : ".");
  }
}
