package io.slipway.app;

import io.slipway.core.SlipwayException;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last resort for exceptions nobody caught: the detail goes to the log, the user gets one
 * sentence in the window (never a stack trace), and the window keeps working.
 */
final class ErrorReporter implements Thread.UncaughtExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorReporter.class);

  static final String SENTENCE =
      "Something went wrong inside Slipway. The details are in the log; the window keeps"
          + " working.";

  private volatile Consumer<String> sink;

  /** Where sentences go (on the FX thread); until set, they are only logged. */
  void showIn(Consumer<String> sink) {
    this.sink = sink;
  }

  @Override
  public void uncaughtException(Thread thread, Throwable error) {
    try {
      LOG.error("Uncaught exception in thread {}", thread.getName(), error);
      Consumer<String> target = sink;
      if (target == null) {
        return;
      }
      String sentence = sentenceFor(error);
      if (Platform.isFxApplicationThread()) {
        target.accept(sentence);
      } else {
        Platform.runLater(() -> target.accept(sentence));
      }
    } catch (Throwable ignored) {
      // A failing error handler must not fail again.
    }
  }

  /** The sentence for an error: a SlipwayException's own message, else a general one. */
  static String sentenceFor(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof SlipwayException && t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return SENTENCE;
  }
}
