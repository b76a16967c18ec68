package io.slipway.core.build;

import com.fasterxml.jackson.core.Base64Variants;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Objects;

/**
 * Reads the engine's stream of JSON messages ({@code POST /build} answers one object per line:
 * {@code stream}, {@code status}, {@code aux}, {@code errorDetail}…) with a streaming parser, and
 * hands each message to a {@link Handler} as it arrives.
 *
 * <p>One kind of message can be asked for in binary: when a message's {@code id} is the given one
 * and its {@code aux} is a string, the string is base64-decoded straight from the parser's input
 * into a buffer reused for every message, and handed to {@link Handler#onBinaryAux} instead of
 * {@link Handler#onMessage} (BuildKit's progress: thousands of messages, most of the stream).
 *
 * <p>Not thread-safe; one instance per response.
 */
public final class JsonMessageStream {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Buffers larger than this are not kept between messages. */
  private static final int KEEP_BUFFER_BYTES = 1 << 20;

  /** Receives the messages of one stream, on the reading thread, in order. */
  public interface Handler {

    /** One message, as a tree (without the binary aux, when there was one). */
    void onMessage(JsonNode message);

    /**
     * The decoded {@code aux} of a message with the binary id. {@code data} is valid only during
     * this call: it is overwritten by the next message.
     */
    default void onBinaryAux(byte[] data, int length) {}
  }

  private final InputStream in;
  private final String binaryAuxId;
  private ReusableBuffer buffer = new ReusableBuffer();

  /**
   * @param binaryAuxId the {@code id} of messages whose string {@code aux} is base64 to decode, or
   *     null for none
   */
  public JsonMessageStream(InputStream in, String binaryAuxId) {
    this.in = Objects.requireNonNull(in);
    this.binaryAuxId = binaryAuxId;
  }

  /** Reads every message until the stream ends. Malformed JSON is an {@link IOException}. */
  public static void readAll(InputStream in, Handler handler) throws IOException {
    new JsonMessageStream(in, null).readAll(handler);
  }

  /** Reads every message until the stream ends. Malformed JSON is an {@link IOException}. */
  public void readAll(Handler handler) throws IOException {
    try (JsonParser parser = JSON.createParser(in)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token == JsonToken.START_OBJECT) {
          readObject(parser, handler);
        } else {
          // Not a message (the engine never sends one); read it whole and pass it on.
          handler.onMessage(parser.readValueAsTree());
        }
      }
    }
  }

  private void readObject(JsonParser parser, Handler handler) throws IOException {
    ObjectNode message = null; // made only for what is not the binary aux
    String id = null;
    boolean binaryDelivered = false;
    String fieldName;
    while ((fieldName = parser.nextFieldName()) != null) {
      JsonToken value = parser.nextToken();
      if (value == JsonToken.VALUE_STRING
          && fieldName.equals("aux")
          && binaryAuxId != null
          && binaryAuxId.equals(id)) {
        buffer.reset();
        parser.readBinaryValue(Base64Variants.MIME_NO_LINEFEEDS, buffer);
        handler.onBinaryAux(buffer.bytes(), buffer.size());
        if (buffer.capacity() > KEEP_BUFFER_BYTES) {
          buffer = new ReusableBuffer();
        }
        binaryDelivered = true;
        continue;
      }
      if (message == null) {
        message = JSON.createObjectNode();
      }
      if (value == JsonToken.VALUE_STRING) {
        String text = parser.getText();
        if (fieldName.equals("id")) {
          id = text;
        }
        message.put(fieldName, text);
      } else {
        message.set(fieldName, parser.readValueAsTree());
      }
    }
    if (message == null) {
      if (!binaryDelivered) {
        handler.onMessage(JSON.createObjectNode()); // {}
      }
      return;
    }
    if (!binaryDelivered && binaryAuxId != null && binaryAuxId.equals(id)) {
      JsonNode aux = message.get("aux");
      if (aux != null && aux.isTextual()) {
        // The aux came before the id: decoded from the tree instead (never seen from dockerd).
        message.remove("aux");
        byte[] data = Base64.getDecoder().decode(aux.asText());
        handler.onBinaryAux(data, data.length);
        binaryDelivered = true;
      }
    }
    if (!binaryDelivered || message.size() > 1) {
      handler.onMessage(message);
    }
  }

  /** A byte buffer whose array can be read without a copy. */
  private static final class ReusableBuffer extends ByteArrayOutputStream {
    ReusableBuffer() {
      super(8192);
    }

    byte[] bytes() {
      return buf;
    }

    int capacity() {
      return buf.length;
    }
  }
}
