package io.slipway.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorReporterTest {
  @TempDir Path tmp;

  @Test
  void uncaughtErrorsReadAsSentences() {
    assertThat(ErrorReporter.sentenceFor(new IllegalStateException("at Foo.bar(Foo.java:3)")))
        .isEqualTo(ErrorReporter.SENTENCE);
    assertThat(
            ErrorReporter.sentenceFor(
                new RuntimeException(
                    "wrapped", new io.slipway.core.SlipwayException("Start Docker."))))
        .isEqualTo("Start Docker.");
  }

  @Test
  void theDetailGoesToTheLogFileInTheDataFolder() throws Exception {
    Path log = tmp.resolve("slipway/logs/slipway-errors.log");
    String entry =
        ErrorReporter.entry(
            Instant.parse("2026-01-01T00:00:00Z"), "worker-1", new IllegalStateException("boom"));
    ErrorReporter.append(log, entry);
    ErrorReporter.append(log, entry);
    String text = Files.readString(log);
    assertThat(text).startsWith("2026-01-01T00:00:00Z uncaught in thread worker-1");
    assertThat(text).contains("java.lang.IllegalStateException: boom").contains("\tat ");
    assertThat(text.split("uncaught in thread")).hasSize(3);
  }
}
