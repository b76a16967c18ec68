package io.slipway.app.main;

import java.util.Objects;

/** What the drop frame says while something is dragged over the window. */
public record DropHint(Kind kind, String message) {

  public enum Kind {
    /** Nothing is being dragged. */
    NONE,
    /** Dropping it starts a build: accent frame. */
    ACCEPT,
    /** It cannot be dropped; the message says why: neutral frame. */
    REJECT
  }

  public static final DropHint NONE = new DropHint(Kind.NONE, "");

  public DropHint {
    Objects.requireNonNull(kind);
    Objects.requireNonNull(message);
  }

  public static DropHint accept(String message) {
    return new DropHint(Kind.ACCEPT, message);
  }

  public static DropHint reject(String message) {
    return new DropHint(Kind.REJECT, message);
  }
}
