package io.slipway.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.SlipwayException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "myapp",
        "myapp:latest",
        "my-app_2:v1.2.3",
        "team/my.app",
        "registry.example.com/team/app:1",
        "localhost:5000/app",
        "127.0.0.1:5000/app:tag",
        "localhost/app",
        "a__b/c--d",
        "Registry.Example.com/app"
      })
  void acceptsValidReferences(String ref) {
    assertThat(ImageReference.problem(ref)).isNull();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "MyApp:latest|must be lowercase. Try \"myapp:latest\"",
        "team/MyApp|must be lowercase. Try \"team/myapp\"",
        "app:-bad|must not start with '.' or '-'",
        "app:|the tag part \"\"",
        "-app|may only hold lowercase letters",
        "app_|may only hold lowercase letters",
        "app@sha256:abcd|cannot contain a digest",
        "bad host:5000/app|is not a valid registry host",
        "a..b|may only hold lowercase letters"
      })
  void rejectsInvalidReferencesWithTheFix(String ref, String expected) {
    assertThatThrownBy(() -> ImageReference.checkTag(ref))
        .isInstanceOf(SlipwayException.class)
        .hasMessageStartingWith("Invalid tag \"" + ref + "\"")
        .hasMessageContaining(expected);
  }

  @org.junit.jupiter.api.Test
  void tagsAreAtMost128Characters() {
    assertThat(ImageReference.problem("app:" + "a".repeat(128))).isNull();
    assertThat(ImageReference.problem("app:" + "a".repeat(129)))
        .contains("129 characters long; a tag is at most 128");
  }

  @ParameterizedTest
  @CsvSource({
    "api-server, api-server:latest",
    "Demo App, demo-app:latest",
    "My_Service, my_service:latest",
    "__weird..name--, weird.name:latest",
    "a___b, a__b:latest",
    "Über, uber:latest",
    "日本, image:latest",
    "..., image:latest",
    "'', image:latest",
  })
  void aFolderNameBecomesAValidLowercaseTag(String folder, String tag) {
    assertThat(ImageReference.defaultTag(folder)).isEqualTo(tag);
    assertThat(ImageReference.problem(tag)).isNull();
  }

  @ParameterizedTest
  @CsvSource({"Demo:latest, demo:latest", "Team/App:V1, team/app:V1"})
  void uppercaseNamesGetALowercaseSuggestion(String ref, String suggestion) {
    assertThat(ImageReference.problem(ref)).contains("Try \"" + suggestion + "\"");
  }
}
