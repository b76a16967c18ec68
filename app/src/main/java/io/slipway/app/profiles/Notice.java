package io.slipway.app.profiles;

import java.util.Objects;
import java.util.Optional;

/**
 * A sentence for the notification bar, with an action when one undoes what was just done.
 *
 * @param undo runs on the UI thread when the user presses Undo
 */
public record Notice(String message, Optional<Runnable> undo) {
  public Notice {
    Objects.requireNonNull(message);
    Objects.requireNonNull(undo);
  }

  public static Notice of(String message) {
    return new Notice(message, Optional.empty());
  }

  public static Notice undoable(String message, Runnable undo) {
    return new Notice(message, Optional.of(undo));
  }
}
