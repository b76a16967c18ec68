package io.slipway.core.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.SlipwayException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DockerConfigAuthsTest {

  @TempDir Path home;

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private DockerConfig parse(String json) {
    return DockerConfig.parse(json, home.resolve(".docker/config.json"));
  }

  @Test
  void readsConfigJsonFromDockerConfigWhenSetAndFromHomeOtherwise() throws Exception {
    Path custom = home.resolve("custom");
    Files.createDirectories(custom);
    Files.writeString(custom.resolve("config.json"), "{\"credsStore\":\"custom\"}");
    Files.createDirectories(home.resolve(".docker"));
    Files.writeString(home.resolve(".docker/config.json"), "{\"credsStore\":\"home\"}");

    DockerConfig fromEnv = DockerConfig.load(Map.of("DOCKER_CONFIG", custom.toString()), home);
    DockerConfig fromHome = DockerConfig.load(Map.of(), home);
    DockerConfig blankEnv = DockerConfig.load(Map.of("DOCKER_CONFIG", ""), home);

    assertThat(fromEnv.file()).isEqualTo(custom.resolve("config.json"));
    assertThat(fromEnv.credsStore()).contains("custom");
    assertThat(fromHome.credsStore()).contains("home");
    assertThat(blankEnv.credsStore()).contains("home");
  }

  @Test
  void aMissingFileIsAnEmptyConfiguration() {
    DockerConfig config = DockerConfig.load(Map.of(), home);

    assertThat(config.exists()).isFalse();
    assertThat(config.auths()).isEmpty();
    assertThat(config.credsStore()).isEmpty();
    assertThat(config.credHelpers()).isEmpty();
  }

  @Test
  void decodesAuthAsBase64UserColonPasswordKeepingColonsInThePassword() {
    DockerConfig config =
        parse(
            "{\"auths\":{\"127.0.0.1:5000\":{\"auth\":\""
                + b64("alice:pa:ss\0\0")
                + "\",\"email\":\"a@example.invalid\"}}}");

    DockerConfig.AuthEntry e = config.auth("127.0.0.1:5000").orElseThrow();
    assertThat(e.username()).isEqualTo("alice");
    assertThat(e.password()).isEqualTo("pa:ss");
    assertThat(e.email()).isEqualTo("a@example.invalid");
    assertThat(e.hasCredentials()).isTrue();
  }

  @Test
  void authWinsOverUsernameAndPasswordFieldsWhichAreUsedWhenAlone() {
    DockerConfig config =
        parse(
            "{\"auths\":{"
                + "\"a.example\":{\"auth\":\""
                + b64("fromauth:p1")
                + "\",\"username\":\"field\",\"password\":\"p2\"},"
                + "\"b.example\":{\"username\":\"bob\",\"password\":\"p3\"},"
                + "\"c.example\":{\"identitytoken\":\"tok\"},"
                + "\"d.example\":{}}}");

    assertThat(config.auth("a.example").orElseThrow().username()).isEqualTo("fromauth");
    assertThat(config.auth("b.example").orElseThrow().password()).isEqualTo("p3");
    assertThat(config.auth("c.example").orElseThrow().identityToken()).isEqualTo("tok");
    assertThat(config.auth("c.example").orElseThrow().hasCredentials()).isTrue();
    assertThat(config.auth("d.example").orElseThrow().hasCredentials()).isFalse();
  }

  @Test
  void everySpellingOfDockerHubIsTheIndexKey() {
    for (String key :
        new String[] {
          "docker.io",
          "index.docker.io",
          "registry-1.docker.io",
          "https://index.docker.io/v1/",
          "https://index.docker.io/v1",
          "https://registry-1.docker.io/v2/"
        }) {
      DockerConfig config =
          parse("{\"auths\":{\"" + key + "\":{\"auth\":\"" + b64("hub:pw") + "\"}}}");
      assertThat(config.auths().keySet()).as(key).containsExactly(RegistryNames.DOCKER_HUB);
      assertThat(config.auth("docker.io")).as(key).isPresent();
    }
  }

  @Test
  void registryKeysLoseSchemeAndPathForLookups() {
    DockerConfig config =
        parse(
            "{\"auths\":{\"https://registry.example:5000/v2/\":{\"auth\":\""
                + b64("u:p")
                + "\"}},"
                + "\"credHelpers\":{\"http://ecr.example/\":\"ecr-login\"}}");

    assertThat(config.auths()).containsOnlyKeys("registry.example:5000");
    assertThat(config.auth("registry.example:5000").orElseThrow().key())
        .isEqualTo("https://registry.example:5000/v2/");
    assertThat(config.credHelpers()).containsExactly(Map.entry("ecr.example", "ecr-login"));
    assertThat(config.credHelper("https://ecr.example")).contains("ecr-login");
  }

  @Test
  void theExactKeyWinsOverAnAliasThenAnEntryWithCredentials() {
    DockerConfig config =
        parse(
            "{\"auths\":{"
                + "\"docker.io\":{\"auth\":\""
                + b64("alias:pw")
                + "\"},"
                + "\"https://index.docker.io/v1/\":{\"auth\":\""
                + b64("exact:pw")
                + "\"},"
                + "\"https://reg.example\":{},"
                + "\"http://reg.example/\":{\"auth\":\""
                + b64("filled:pw")
                + "\"}}}");

    assertThat(config.auth("docker.io").orElseThrow().username()).isEqualTo("exact");
    assertThat(config.auth("reg.example").orElseThrow().username()).isEqualTo("filled");
  }

  @Test
  void readsCredsStoreAndCredHelpers() {
    DockerConfig config =
        parse(
            "{\"credsStore\":\" desktop \",\"credHelpers\":{\"gcr.io\":\"gcloud\","
                + "\"docker.io\":\"hub\",\"blank.example\":\"\"},\"currentContext\":\"x\"}");

    assertThat(config.credsStore()).contains("desktop");
    assertThat(config.credHelpers())
        .containsExactly(Map.entry("gcr.io", "gcloud"), Map.entry(RegistryNames.DOCKER_HUB, "hub"));
  }

  @Test
  void anEmptyCredsStoreIsNone() {
    assertThat(parse("{\"credsStore\":\"\"}").credsStore()).isEmpty();
    assertThat(parse("").credsStore()).isEmpty();
  }

  @Test
  void brokenJsonNamesTheFileAndThePlaceButNeverTheContent() {
    String secret = "hunter2-do-not-print";
    assertThatThrownBy(() -> parse("{\"auths\": {\"x\": {\"password\": " + secret + "}}}"))
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining(home.resolve(".docker/config.json").toString())
        .hasMessageContaining("not valid JSON (line 1, column")
        .hasMessageNotContaining(secret)
        .hasNoCause();
  }

  @Test
  void anAuthThatIsNotBase64OfUserColonPasswordIsAClearErrorWithoutTheValue() {
    assertThatThrownBy(() -> parse("{\"auths\":{\"reg.example\":{\"auth\":\"%%%secret%%%\"}}}"))
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining("\"auth\" value for \"reg.example\" is not base64")
        .hasMessageContaining("docker login reg.example")
        .hasMessageNotContaining("secret%");
    String noColon = b64("justatoken");
    assertThatThrownBy(() -> parse("{\"auths\":{\"reg.example\":{\"auth\":\"" + noColon + "\"}}}"))
        .hasMessageContaining("not base64 of user:password")
        .hasMessageNotContaining(noColon)
        .hasMessageNotContaining("justatoken");
  }

  @Test
  void wrongShapesAreNamed() {
    assertThatThrownBy(() -> parse("[]")).hasMessageContaining("not a JSON object");
    assertThatThrownBy(() -> parse("{\"auths\":[]}")).hasMessageContaining("\"auths\" is not");
    assertThatThrownBy(() -> parse("{\"auths\":{\"a\":\"b\"}}"))
        .hasMessageContaining("auths entry for \"a\"");
    assertThatThrownBy(() -> parse("{\"credsStore\":1}")).hasMessageContaining("credsStore");
    assertThatThrownBy(() -> parse("{\"credHelpers\":{\"a\":1}}"))
        .hasMessageContaining("credHelpers entry for \"a\"");
  }
}
