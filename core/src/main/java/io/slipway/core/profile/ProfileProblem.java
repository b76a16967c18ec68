package io.slipway.core.profile;

import java.util.Objects;

/**
 * One thing wrong with a profile: the field (as named in the profile's JSON, e.g. {@code tags},
 * {@code extraHosts}) and a sentence that names the fix.
 */
public record ProfileProblem(String field, String message) {
  public ProfileProblem {
    Objects.requireNonNull(field, "field");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public String toString() {
    return field + ": " + message;
  }
}
