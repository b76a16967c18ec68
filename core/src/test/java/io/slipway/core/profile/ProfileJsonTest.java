package io.slipway.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.slipway.core.context.ContextSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profile file format: every field survives, in a fixed order, and bad files say why. */
class ProfileJsonTest {

  @TempDir Path dir;

  private static BuildProfile roundTrip(BuildProfile profile) {
    return ProfileJson.fromBytes(ProfileJson.toBytes(profile));
  }

  @Test
  void everyFieldSurvivesARoundTrip() {
    BuildProfile full = Profiles.full("web — prod", dir);
    assertThat(roundTrip(full)).isEqualTo(full);
    // Writing again gives the same bytes: the file is stable.
    assertThat(ProfileJson.toJson(roundTrip(full))).isEqualTo(ProfileJson.toJson(full));
  }

  @Test
  void everyVariantOfTheSumTypesSurvives() {
    BuildProfile base = Profiles.minimal("p", dir);
    List<BuildProfile> variants = new ArrayList<>();
    variants.add(base);
    variants.add(base.withContext(new ContextSource.TarArchive(dir.resolve("c.tar.xz"))));
    variants.add(base.withContext(new ContextSource.RemoteUrl("https://example.com/c.tgz")));
    variants.add(
        base.withContext(
            new ContextSource.GitRepository(
                "git@github.com:x/y.git", Optional.empty(), Optional.empty())));
    variants.add(
        base.toBuilder()
            .dockerfile(new DockerfileSource.Inline("FROM scratch\nCOPY . /\n"))
            .build());
    variants.add(base.toBuilder().engine(new EngineChoice.Host("tcp://10.0.0.9:2376")).build());
    variants.add(base.toBuilder().output(new OutputSpec("image", Optional.empty())).build());
    variants.add(base.toBuilder().context(null).build());
    for (BuildProfile v : variants) {
      assertThat(roundTrip(v)).isEqualTo(v);
    }
  }

  @Test
  void theFileIsPrettyWithEveryKeyInAFixedOrder() throws Exception {
    String json = ProfileJson.toJson(Profiles.minimal("web", Path.of("/src/web")));
    assertThat(json)
        .isEqualTo(
            "{\n"
                + "  \"schemaVersion\": 1,\n"
                + "  \"name\": \"web\",\n"
                + "  \"context\": {\n"
                + "    \"type\": \"folder\",\n"
                + "    \"path\": \"/src/web\"\n"
                + "  },\n"
                + "  \"dockerfile\": null,\n"
                + "  \"tags\": [],\n"
                + "  \"buildArgs\": [],\n"
                + "  \"target\": null,\n"
                + "  \"labels\": {},\n"
                + "  \"platform\": null,\n"
                + "  \"network\": null,\n"
                + "  \"extraHosts\": [],\n"
                + "  \"noCache\": false,\n"
                + "  \"pull\": false,\n"
                + "  \"builder\": \"auto\",\n"
                + "  \"compression\": \"identity\",\n"
                + "  \"cacheFrom\": [],\n"
                + "  \"output\": null,\n"
                + "  \"secrets\": [],\n"
                + "  \"ssh\": [],\n"
                + "  \"iidfile\": null,\n"
                + "  \"engine\": {\n"
                + "    \"type\": \"default\"\n"
                + "  }\n"
                + "}\n");
    List<String> keys = new ArrayList<>();
    new ObjectMapper()
        .readTree(ProfileJson.toJson(Profiles.full("x", dir)))
        .fieldNames()
        .forEachRemaining(keys::add);
    assertThat(keys)
        .containsExactly(
            "schemaVersion",
            "name",
            "context",
            "dockerfile",
            "tags",
            "buildArgs",
            "target",
            "labels",
            "platform",
            "network",
            "extraHosts",
            "noCache",
            "pull",
            "builder",
            "compression",
            "cacheFrom",
            "output",
            "secrets",
            "ssh",
            "iidfile",
            "engine");
  }

  @Test
  void buildArgsFromTheEnvironmentAreMarkedNotResolved() {
    String json = ProfileJson.toJson(Profiles.full("x", dir));
    assertThat(json)
        .contains("{\n      \"name\": \"NPM_TOKEN\",\n      \"fromEnvironment\": true\n    }")
        .contains("{\n      \"name\": \"VERSION\",\n      \"value\": \"2.1\"\n    }");
  }

  @Test
  void absentAndNullAreBothUnsetSoAHandWrittenFileCanBeShort() {
    BuildProfile p =
        ProfileJson.fromBytes(
            "{\"schemaVersion\":1,\"name\":\"short\",\"context\":{\"type\":\"folder\",\"path\":\"/x\"},\"target\":null}"
                .getBytes(StandardCharsets.UTF_8));
    assertThat(p).isEqualTo(Profiles.minimal("short", Path.of("/x")));
  }

  private static String readError(String json) {
    try {
      ProfileJson.fromBytes(json.getBytes(StandardCharsets.UTF_8));
    } catch (ProfileJson.FormatException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected a FormatException for " + json);
  }

  @Test
  void aBadFileSaysWhatAndWhere() {
    assertThat(readError("{\"schemaVersion\":1,\"name\":\"x\","))
        .startsWith("it is not valid JSON (");
    assertThat(readError("")).isEqualTo("it is empty.");
    assertThat(readError("[1]")).isEqualTo("it is not a JSON object.");
    assertThat(readError("{\"name\":\"x\"}")).contains("no schemaVersion");
    assertThat(readError("{\"schemaVersion\":\"1\",\"name\":\"x\"}"))
        .contains("schemaVersion must be a whole number");
    assertThat(readError("{\"schemaVersion\":1}")).isEqualTo("name is missing.");
    assertThat(readError("{\"schemaVersion\":1,\"name\":\"x\",\"tags\":\"a\"}"))
        .isEqualTo("tags must be a list.");
    assertThat(readError("{\"schemaVersion\":1,\"name\":\"x\",\"tags\":[\"a\",3]}"))
        .isEqualTo("tags[1] must be a string.");
    assertThat(
            readError(
                "{\"schemaVersion\":1,\"name\":\"x\",\"buildArgs\":[{\"name\":\"A\"},{\"value\":\"v\"}]}"))
        .isEqualTo("buildArgs[1].name is missing.");
    assertThat(readError("{\"schemaVersion\":1,\"name\":\"x\",\"context\":{\"type\":\"svn\"}}"))
        .isEqualTo("context has type \"svn\"; use folder, git, url or tar.");
    assertThat(readError("{\"schemaVersion\":1,\"name\":\"x\",\"builder\":\"podman\"}"))
        .startsWith("builder: Unknown builder \"podman\"");
    assertThat(readError("{\"schemaVersion\":1,\"name\":\"x\",\"noCache\":\"yes\"}"))
        .isEqualTo("noCache must be true or false.");
    assertThat(readError("{\"schemaVersion\":1,\"name\":\"x\",\"name\":\"y\"}"))
        .contains("Duplicate field 'name'");
  }

  @Test
  void aNewerSchemaIsRefusedWithItsNumber() {
    assertThatThrownBy(
            () ->
                ProfileJson.fromBytes(
                    "{\"schemaVersion\":7,\"name\":\"future\",\"context\":\"something new\"}"
                        .getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            ProfileJson.NewerSchemaException.class,
            e -> {
              assertThat(e.version()).isEqualTo(7);
              assertThat(e.name()).contains("future");
            })
        .hasMessageContaining("newer Slipway (profile schema 7; this Slipway reads up to 1)")
        .hasMessageContaining("Update Slipway");
  }
}
