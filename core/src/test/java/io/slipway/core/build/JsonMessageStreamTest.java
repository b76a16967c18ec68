package io.slipway.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonMessageStreamTest {

  private final List<String> messages = new ArrayList<>();
  private final List<String> binary = new ArrayList<>();

  private final JsonMessageStream.Handler handler =
      new JsonMessageStream.Handler() {
        @Override
        public void onMessage(JsonNode message) {
          messages.add(message.toString());
        }

        @Override
        public void onBinaryAux(byte[] data, int length) {
          binary.add(new String(Arrays.copyOf(data, length), StandardCharsets.UTF_8));
        }
      };

  private void read(String text, String binaryId) throws IOException {
    new JsonMessageStream(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), binaryId)
        .readAll(handler);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void messagesArriveInOrderAsTrees() throws IOException {
    read(
        "{\"stream\":\"Step 1/2 : FROM x\\n\"}\n{\"aux\":{\"ID\":\"sha256:1\"}}"
            + "{\"errorDetail\":{\"code\":3,\"message\":\"a \\u003e b\"},\"error\":\"a > b\"}\r\n",
        null);

    assertThat(messages)
        .containsExactly(
            "{\"stream\":\"Step 1/2 : FROM x\\n\"}",
            "{\"aux\":{\"ID\":\"sha256:1\"}}",
            "{\"errorDetail\":{\"code\":3,\"message\":\"a > b\"},\"error\":\"a > b\"}");
  }

  @Test
  void theChosenAuxIsDecodedInPlaceAndReusesItsBuffer() throws IOException {
    String big = "x".repeat(20_000);
    read(
        "{\"id\":\"trace\",\"aux\":\""
            + b64("first")
            + "\"}\n{\"id\":\"trace\",\"aux\":\""
            + b64(big)
            + "\"}\n{\"id\":\"trace\",\"aux\":\""
            + b64("2")
            + "\"}\n{\"id\":\"other\",\"aux\":\""
            + b64("kept")
            + "\"}\n{\"id\":\"image\",\"aux\":{\"ID\":\"sha256:1\"}}\n",
        "trace");

    assertThat(binary).containsExactly("first", big, "2");
    assertThat(messages)
        .containsExactly(
            "{\"id\":\"other\",\"aux\":\"" + b64("kept") + "\"}",
            "{\"id\":\"image\",\"aux\":{\"ID\":\"sha256:1\"}}");
  }

  @Test
  void anAuxBeforeItsIdAndOtherFieldsBesideItAreNotLost() throws IOException {
    read(
        "{\"aux\":\""
            + b64("early")
            + "\",\"id\":\"trace\"}\n{\"id\":\"trace\",\"aux\":\""
            + b64("with error")
            + "\",\"error\":\"boom\"}\n",
        "trace");

    assertThat(binary).containsExactly("early", "with error");
    assertThat(messages).containsExactly("{\"id\":\"trace\",\"error\":\"boom\"}");
  }

  @Test
  void aTruncatedStreamIsAnError() {
    assertThatThrownBy(() -> read("{\"stream\":\"a\"}\n{\"stream\":\"b", null))
        .isInstanceOf(IOException.class);
    assertThat(messages).containsExactly("{\"stream\":\"a\"}");
  }
}
