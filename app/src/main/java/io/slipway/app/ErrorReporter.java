package io.slipway.app;

import io.slipway.app.fx.DaemonThreads;
import io.slipway.core.SlipwayException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last resort for exceptions nobody caught: the detail goes to a log file in the data folder
 * (written on a thread of its own, never the FX thread), the user gets one sentence in the window
 * (never a stack trace), and the window keeps working.
 */
final class ErrorReporter implements Thread.UncaughtExceptionHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorReporter.class);

  static final String SENTENCE =
      "Something went wrong inside Slipway. The details are in the log; the window keeps"
          + " working.";

  /** Bigger logs are started afresh (the old one kept as .1). */
  static final long MAX_LOG_BYTES = 4L * 1024 * 1024;

  private final Path logFile;
  private final Clock clock;
  private final ExecutorService writer =
      Executors.newSingleThreadExecutor(new DaemonThreads("slipway-error-log"));
  private volatile Consumer<String> sink;

  /** Logs only through SLF4J (for tests). */
  ErrorReporter() {
    this(null, Clock.systemUTC());
  }

  ErrorReporter(Path logFile, Clock clock) {
    this.logFile = logFile;
    this.clock = clock;
  }

  /** Where sentences go (on the FX thread); until set, they are only logged. */
  void showIn(Consumer<String> sink) {
    this.sink = sink;
  }

  @Override
  public void uncaughtException(Thread thread, Throwable error) {
    try {
      LOG.error("Uncaught exception in thread {}", thread.getName(), error);
      if (logFile != null) {
        String entry = entry(clock.instant(), thread.getName(), error);
        writer.execute(() -> append(logFile, entry));
      }
      Consumer<String> target = sink;
      if (target == null) {
        return;
      }
      String sentence = sentenceFor(error);
      if (sentence.equals(SENTENCE) && logFile != null) {
        sentence =
            "Something went wrong inside Slipway. The details are in "
                + logFile
                + "; the window keeps working.";
      }
      String s = sentence;
      if (Platform.isFxApplicationThread()) {
        target.accept(s);
      } else {
        Platform.runLater(() -> target.accept(s));
      }
    } catch (Throwable ignored) {
      // A failing error handler must not fail again.
    }
  }

  /** One log entry: the time, the thread, the stack trace. */
  static String entry(Instant time, String thread, Throwable error) {
    StringWriter trace = new StringWriter();
    error.printStackTrace(new PrintWriter(trace));
    return time + " uncaught in thread " + thread + "\n" + trace + "\n";
  }

  /** Appends to the log file (rotating it when large); never throws. */
  static void append(Path file, String entry) {
    try {
      Files.createDirectories(file.getParent());
      if (Files.exists(file) && Files.size(file) > MAX_LOG_BYTES) {
        Files.move(
            file,
            file.resolveSibling(file.getFileName() + ".1"),
            java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
      Files.writeString(
          file,
          entry,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Cannot write {}: {}", file, e.toString());
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
