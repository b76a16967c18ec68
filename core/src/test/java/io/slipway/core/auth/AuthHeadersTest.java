package io.slipway.core.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthHeadersTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final CredentialSource FILE =
      new CredentialSource.ConfigFile(Path.of("/home/u/.docker/config.json"));

  private static JsonNode decode(String header) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(header));
  }

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  @Test
  void registryConfigHoldsEveryRegistryKeyedAsTheDaemonLooksItUp() throws Exception {
    List<RegistryCredentials> all =
        List.of(
            RegistryCredentials.basic("127.0.0.1:5000", "alice", "s3cret", FILE),
            new RegistryCredentials(
                "docker.io",
                "bob",
                "pw",
                "",
                "bob@example.invalid",
                new CredentialSource.CredsStore("pass")),
            RegistryCredentials.identityToken(
                "https://ghcr.io/", "", "tok-123", new CredentialSource.CredHelper("gh")));

    String header = AuthHeaders.registryConfig(all);

    assertThat(decode(header))
        .isEqualTo(
            json(
                "{\"127.0.0.1:5000\":{\"username\":\"alice\",\"password\":\"s3cret\","
                    + "\"auth\":\""
                    + Base64.getEncoder()
                        .encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8))
                    + "\",\"serveraddress\":\"127.0.0.1:5000\"},"
                    + "\"https://index.docker.io/v1/\":{\"username\":\"bob\",\"password\":\"pw\","
                    + "\"auth\":\"Ym9iOnB3\",\"email\":\"bob@example.invalid\","
                    + "\"serveraddress\":\"https://index.docker.io/v1/\"},"
                    + "\"ghcr.io\":{\"serveraddress\":\"ghcr.io\",\"identitytoken\":\"tok-123\"}}"));
  }

  @Test
  void emptyCredentialsAreLeftOutAndNoneGiveAnEmptyObject() throws Exception {
    String header =
        AuthHeaders.registryConfig(List.of(RegistryCredentials.basic("x.example", "", "", FILE)));
    assertThat(decode(header)).isEqualTo(json("{}"));
    assertThat(AuthHeaders.registryConfig(List.of())).isEqualTo("e30=");
  }

  @Test
  void registryAuthIsOneRegistryWithPasswordOrIdentityToken() throws Exception {
    assertThat(
            decode(
                AuthHeaders.registryAuth(
                    RegistryCredentials.basic("127.0.0.1:5000", "alice", "s3cret", FILE))))
        .isEqualTo(
            json(
                "{\"username\":\"alice\",\"password\":\"s3cret\","
                    + "\"serveraddress\":\"127.0.0.1:5000\"}"));
    assertThat(
            decode(
                AuthHeaders.registryAuth(
                    RegistryCredentials.identityToken("ghcr.io", "someone", "tok", FILE))))
        .isEqualTo(json("{\"identitytoken\":\"tok\",\"serveraddress\":\"ghcr.io\"}"));
    assertThat(AuthHeaders.anonymous()).isEqualTo("e30=");
  }

  @Test
  void encodingIsTheUrlSafeAlphabetWithPadding() throws Exception {
    // Passwords whose JSON has bytes that standard base64 writes as '+' and '/'.
    List<String> headers = new ArrayList<>();
    for (String password : List.of("???>>>~~~", "???>>>~~~?", "???>>>~~~??")) {
      RegistryCredentials c = RegistryCredentials.basic("127.0.0.1:5000", "u", password, FILE);
      String header = AuthHeaders.registryAuth(c);
      headers.add(header);
      byte[] raw = Base64.getUrlDecoder().decode(header);
      String standard = Base64.getEncoder().encodeToString(raw);

      assertThat(standard).as("the case exercises the alphabet").containsAnyOf("+", "/");
      assertThat(header).matches("[A-Za-z0-9_-]+={0,2}").doesNotContain("+", "/");
      assertThat(header)
          .hasSize(standard.length())
          .isEqualTo(Base64.getUrlEncoder().encodeToString(raw));
      assertThat(header.length() % 4).isZero();
      assertThat(decode(header).get("password").asText()).isEqualTo(password);
      String config = AuthHeaders.registryConfig(List.of(c));
      assertThat(config).matches("[A-Za-z0-9_-]+={0,2}");
      assertThat(config.length() % 4).isZero();
    }
    assertThat(headers).anyMatch(h -> h.endsWith("="));
  }
}
