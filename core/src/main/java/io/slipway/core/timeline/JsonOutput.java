package io.slipway.core.timeline;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Streams a snapshot through a JSON generator, to a stream or a string: the exports' plumbing. */
final class JsonOutput {

  /** Writes one document on the generator. */
  @FunctionalInterface
  interface Body {
    void write(TimelineSnapshot snapshot, JsonGenerator generator) throws IOException;
  }

  private JsonOutput() {}

  /** Writes UTF-8 JSON; does not close {@code out}. */
  static void write(JsonFactory factory, TimelineSnapshot snapshot, OutputStream out, Body body)
      throws IOException {
    try (JsonGenerator g = factory.createGenerator(out, JsonEncoding.UTF8)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      body.write(snapshot, g);
    }
  }

  static String toJson(JsonFactory factory, TimelineSnapshot snapshot, Body body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      write(factory, snapshot, out, body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
