package io.slipway.core;

/**
 * An error a person can act on. The message is a sentence that names the problem and the fix; it is
 * shown as it is in the window and on the command line, so it never holds a secret or a stack
 * trace.
 */
public class SlipwayException extends RuntimeException {
  public SlipwayException(String message) {
    super(message);
  }

  public SlipwayException(String message, Throwable cause) {
    super(message, cause);
  }
}
