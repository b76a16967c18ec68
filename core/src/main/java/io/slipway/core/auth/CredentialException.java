package io.slipway.core.auth;

import io.slipway.core.SlipwayException;

/**
 * A credential helper could not be used: not on PATH, failed, too slow, or answered nonsense. The
 * message names the helper and what to do; it never holds a secret. "Credentials not found" is not
 * an error: the registry just has none there.
 */
public class CredentialException extends SlipwayException {

  private final String helper;

  public CredentialException(String helper, String message) {
    super(message);
    this.helper = helper;
  }

  public CredentialException(String helper, String message, Throwable cause) {
    super(message, cause);
    this.helper = helper;
  }

  /** The helper's name, without {@code docker-credential-}. */
  public String helper() {
    return helper;
  }
}
