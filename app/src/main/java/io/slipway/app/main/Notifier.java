package io.slipway.app.main;

import java.time.Duration;
import java.util.Optional;

/** When a finished build is worth a desktop notification, and what it says. */
final class Notifier {
  /** Builds shorter than this were watched, or not worth a notification. */
  static final Duration LONG_BUILD = Duration.ofSeconds(10);

  private Notifier() {}

  /** Title and text, when the build ran long and the window is in the background. */
  static Optional<String[]> message(MainViewModel.FinishedBuild finished, boolean windowFocused) {
    if (windowFocused || finished.duration().compareTo(LONG_BUILD) <= 0) {
      return Optional.empty();
    }
    String who = finished.profileName().isEmpty() ? "The build" : finished.profileName();
    String how =
        switch (finished.state()) {
          case SUCCEEDED -> "built";
          case FAILED -> "failed";
          case CANCELLED -> "was cancelled";
          default -> "finished";
        };
    return Optional.of(
        new String[] {who + " " + how, "after " + DurationFormat.format(finished.duration())});
  }
}
