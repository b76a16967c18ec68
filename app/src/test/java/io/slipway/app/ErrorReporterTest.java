package io.slipway.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorReporterTest {
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
}
