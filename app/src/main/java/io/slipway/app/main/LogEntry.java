package io.slipway.app.main;

import java.util.Objects;
import java.util.Optional;

/** One line of the log view. */
public record LogEntry(Optional<String> stepId, Kind kind, String text) {

  public enum Kind {
    STDOUT,
    STDERR,
    /** Written by the builder itself ("---> Running in …"). */
    BUILDER,
    WARNING,
    /** The line that opens a step in the whole build's log ("#2 RUN make"). */
    STEP_HEADER
  }

  public LogEntry {
    Objects.requireNonNull(stepId);
    Objects.requireNonNull(kind);
    Objects.requireNonNull(text);
  }
}
