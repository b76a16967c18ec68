package io.slipway.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.slipway.core.SlipwayException;
import io.slipway.core.build.BuildArg;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profile folder, with real files. */
class ProfileStoreTest {

  private static final Instant NOW = Instant.parse("2026-11-28T05:01:02Z");

  @TempDir Path tmp;
  private Path dir;
  private ProfileStore store;

  @BeforeEach
  void setUp() {
    dir = tmp.resolve("profiles");
    store = new ProfileStore(dir, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private List<String> files() throws Exception {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  private List<String> names() {
    return store.list().profiles().stream().map(BuildProfile::name).collect(Collectors.toList());
  }

  @Test
  void anEmptyOrMissingFolderHasNoProfiles() {
    assertThat(store.list().profiles()).isEmpty();
    assertThat(store.list().problems()).isEmpty();
    assertThat(store.find("x")).isEmpty();
    assertThatThrownBy(() -> store.load("x"))
        .hasMessage(
            "No profile named \"x\" in "
                + dir
                + ". There are no profiles yet: save one with slipway profile save NAME PATH.");
  }

  @Test
  void everyFieldSurvivesSavingAndLoading() throws Exception {
    BuildProfile full = Profiles.full("Web Prod", tmp);
    store.save(full);
    assertThat(files()).containsExactly("web-prod.json");
    assertThat(new ProfileStore(dir).load("web prod")).isEqualTo(full);
    assertThat(Files.readString(dir.resolve("web-prod.json")))
        .isEqualTo(ProfileJson.toJson(full))
        .startsWith("{\n  \"schemaVersion\": 1,\n  \"name\": \"Web Prod\",");
  }

  @Test
  void savingTheSameNameInAnotherCaseReplacesTheProfile() throws Exception {
    store.save(Profiles.minimal("web", tmp));
    store.save(Profiles.minimal("WEB", tmp).withTags(List.of("web:2")));
    assertThat(files()).containsExactly("web.json");
    assertThat(names()).containsExactly("WEB");
    assertThat(store.load("Web").tags()).containsExactly("web:2");
  }

  @Test
  void fileNamesAreSafeWhateverTheName() throws Exception {
    store.save(Profiles.minimal("../../etc/passwd", tmp));
    store.save(Profiles.minimal("C:\\Windows\\x", tmp));
    store.save(Profiles.minimal("con", tmp));
    store.save(Profiles.minimal("日本語", tmp));
    store.save(Profiles.minimal("Crème brûlée", tmp));
    store.save(Profiles.minimal("creme-brulee", tmp));
    assertThat(files())
        .containsExactly(
            "c-windows-x.json",
            "con-profile.json",
            "creme-brulee-2.json",
            "creme-brulee.json",
            "etc-passwd.json",
            "profile.json");
    assertThat(tmp.resolve("etc")).doesNotExist();
    assertThat(names())
        .containsExactlyInAnyOrder(
            "../../etc/passwd", "C:\\Windows\\x", "con", "日本語", "Crème brûlée", "creme-brulee");
    assertThat(store.load("crème BRÛLÉE").name()).isEqualTo("Crème brûlée");
  }

  @Test
  void anInvalidProfileIsRefusedWithEveryProblemAndNothingIsWritten() throws Exception {
    BuildProfile bad =
        BuildProfile.builder("")
            .tag("UPPER")
            .extraHost("nohost")
            .secret(new SecretReference("s", Optional.empty(), Optional.empty()))
            .build();
    assertThatThrownBy(() -> store.save(bad))
        .isInstanceOfSatisfying(
            ProfileException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ProfileProblem::field)
                    .containsExactly("name", "context", "tags", "extraHosts", "secrets"));
    assertThat(files()).isEmpty();
  }

  @Test
  void renameMovesTheFileAndKeepsEverythingElse() throws Exception {
    BuildProfile full = Profiles.full("old", tmp);
    store.save(full);
    store.save(Profiles.minimal("other", tmp));

    store.rename("OLD", "new name");

    assertThat(files()).containsExactly("new-name.json", "other.json");
    assertThat(store.load("new name")).isEqualTo(full.withName("new name"));
    assertThatThrownBy(() -> store.rename("new name", "Other"))
        .hasMessageContaining("A profile named \"Other\" exists already (other.json)");
    // Changing only the case keeps the file.
    store.rename("new name", "New Name");
    assertThat(files()).containsExactly("new-name.json", "other.json");
    assertThat(names()).containsExactly("New Name", "other");
    assertThatThrownBy(() -> store.rename("missing", "x"))
        .hasMessageContaining("No profile named \"missing\"")
        .hasMessageContaining("Profiles: New Name, other.");
    assertThatThrownBy(() -> store.rename("other", " "))
        .isInstanceOf(ProfileException.class)
        .hasMessage("name: A profile needs a name, e.g. web-dev.");
  }

  @Test
  void duplicateCopiesUnderANewNameAndDeleteRemoves() throws Exception {
    BuildProfile full = Profiles.full("a", tmp);
    store.save(full);
    store.duplicate("a", "b");
    assertThat(store.load("b")).isEqualTo(full.withName("b"));
    assertThat(store.load("a")).isEqualTo(full);
    assertThatThrownBy(() -> store.duplicate("a", "B")).hasMessageContaining("exists already");

    store.delete("A");
    assertThat(files()).containsExactly("b.json");
    assertThatThrownBy(() -> store.delete("a")).hasMessageContaining("No profile named \"a\"");
  }

  @Test
  void exportWritesOneFileThatImportReadsBack() throws Exception {
    BuildProfile full = Profiles.full("web", tmp);
    store.save(full);
    Path out = Files.createDirectories(tmp.resolve("out"));

    Path file = store.export("web", out.resolve("web-profile.json"));
    assertThat(Files.readString(file)).isEqualTo(ProfileJson.toJson(full));
    assertThat(store.export("web", out)).isEqualTo(out.resolve("web.json"));

    assertThatThrownBy(() -> store.importFile(file, Optional.empty()))
        .hasMessage(
            "A profile named \"web\" exists already. Import this one under another name (slipway"
                + " profile import "
                + file
                + " --as NEW-NAME), or remove the existing one first.");
    BuildProfile imported = store.importFile(file, Optional.of("web-copy"));
    assertThat(imported).isEqualTo(full.withName("web-copy"));
    assertThat(store.load("web-copy")).isEqualTo(imported);

    ProfileStore elsewhere = new ProfileStore(tmp.resolve("other-machine"));
    elsewhere.importFile(file, Optional.empty());
    assertThat(elsewhere.load("web")).isEqualTo(full);

    assertThatThrownBy(() -> store.export("web", tmp.resolve("no/such/dir/x.json")))
        .hasMessageContaining("does not exist. Create it or choose another file.");
  }

  @Test
  void importingSomethingThatIsNotAProfileSaysWhy() throws Exception {
    Path notJson = Files.writeString(tmp.resolve("x.json"), "hello");
    assertThatThrownBy(() -> store.importFile(notJson, Optional.empty()))
        .hasMessageStartingWith("Cannot import " + notJson + ": it is not valid JSON");
    assertThatThrownBy(() -> store.importFile(tmp.resolve("missing.json"), Optional.empty()))
        .hasMessage("Cannot import " + tmp.resolve("missing.json") + ": no such file.");
    Path invalid =
        Files.writeString(
            tmp.resolve("bad.json"), "{\"schemaVersion\":1,\"name\":\"bad\",\"tags\":[\"A\"]}");
    assertThatThrownBy(() -> store.importFile(invalid, Optional.empty()))
        .isInstanceOfSatisfying(
            ProfileException.class,
            e ->
                assertThat(e.problems())
                    .extracting(ProfileProblem::field)
                    .containsExactly("context", "tags"));
    assertThat(files()).isEmpty();
  }

  @Test
  void aCorruptFileIsKeptAsideAndReportedWhileTheOthersLoad() throws Exception {
    store.save(Profiles.minimal("good", tmp));
    store.save(Profiles.minimal("broken", tmp));
    Files.writeString(dir.resolve("broken.json"), "{\"schemaVersion\": 1, \"name\": \"broken\", ");
    Files.writeString(dir.resolve("wrong-type.json"), "{\"schemaVersion\":1,\"name\":42}");

    ProfileStore.Listing listing = store.list();

    assertThat(listing.profiles()).extracting(BuildProfile::name).containsExactly("good");
    assertThat(listing.problems()).hasSize(2);
    ProfileStore.FileProblem broken = listing.problems().get(0);
    assertThat(broken.file()).isEqualTo(dir.resolve("broken.json"));
    assertThat(broken.keptAs()).contains(dir.resolve("broken.json.broken-20261128T050102Z"));
    assertThat(broken.toString())
        .startsWith("broken.json: Not loaded: it is not valid JSON (")
        .endsWith(
            " It was kept as broken.json.broken-20261128T050102Z; fix it and rename it back, or"
                + " delete it.");
    assertThat(listing.problems().get(1).message())
        .startsWith("Not loaded: name must be a string or null.");
    assertThat(Files.readString(dir.resolve("broken.json.broken-20261128T050102Z")))
        .isEqualTo("{\"schemaVersion\": 1, \"name\": \"broken\", ");

    // Reported once; a new profile of that name gets a file of its own and the copy stays.
    assertThat(store.list().problems()).isEmpty();
    store.save(Profiles.minimal("broken", tmp));
    assertThat(files())
        .containsExactly(
            "broken-2.json",
            "broken.json.broken-20261128T050102Z",
            "good.json",
            "wrong-type.json.broken-20261128T050102Z");
  }

  @Test
  void onlyAListingMovesABrokenFileOtherOperationsSkipItAndSaySo() throws Exception {
    store.save(Profiles.minimal("good", tmp));
    Files.writeString(dir.resolve("web.json"), "{");
    assertThat(store.load("good").name()).isEqualTo("good");
    assertThatThrownBy(() -> store.load("web"))
        .hasMessageEndingWith(
            "Profiles: good. 1 file there is not readable; slipway profile list says why.");
    // A new profile of that name never takes the broken file's place.
    store.save(Profiles.minimal("web", tmp));
    assertThat(files()).containsExactly("good.json", "web-2.json", "web.json");
    assertThat(Files.readString(dir.resolve("web.json"))).isEqualTo("{");
    assertThat(store.list().problems())
        .singleElement()
        .satisfies(p -> assertThat(p.keptAs()).isPresent());
    assertThat(files())
        .containsExactly("good.json", "web-2.json", "web.json.broken-20261128T050102Z");
  }

  @Test
  void binaryGarbageIsKeptAsideWithTheReasonInWords() throws Exception {
    Files.createDirectories(dir);
    Files.write(dir.resolve("garbage.json"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
    ProfileStore.Listing listing = store.list();
    assertThat(listing.profiles()).isEmpty();
    assertThat(listing.problems().get(0).message())
        .startsWith("Not loaded: it is not valid JSON (");
    assertThat(listing.problems().get(0).keptAs()).isPresent();
    assertThat(files()).containsExactly("garbage.json.broken-20261128T050102Z");
  }

  @Test
  void aFailedWriteLeavesNoTemporaryFileAndSaysTheOldFileIsUnchanged() throws Exception {
    // A non-empty folder where the file should go: the rename fails, even for root.
    Path target = Files.createDirectories(tmp.resolve("w/a.json"));
    Files.writeString(target.resolve("keep"), "x");
    assertThatThrownBy(() -> ProfileStore.writeAtomically(target, new byte[] {'{', '}'}))
        .isInstanceOf(SlipwayException.class)
        .hasMessageStartingWith("Cannot write " + target + ": ")
        .hasMessageEndingWith(". The previous file is unchanged.");
    try (Stream<Path> s = Files.list(tmp.resolve("w"))) {
      assertThat(s).containsExactly(target);
    }
  }

  @Test
  void anUnreadableFileIsKeptAsideToo() throws Exception {
    assumeThat(System.getProperty("user.name")).as("root reads every file").isNotEqualTo("root");
    store.save(Profiles.minimal("locked", tmp));
    Files.setPosixFilePermissions(
        dir.resolve("locked.json"), PosixFilePermissions.fromString("-w-------"));
    ProfileStore.Listing listing = store.list();
    assertThat(listing.profiles()).isEmpty();
    assertThat(listing.problems().get(0).message()).contains("cannot be read (permission denied)");
  }

  @Test
  void aFileFromANewerSlipwayIsLeftAloneAndItsNameStaysTaken() throws Exception {
    Files.createDirectories(dir);
    String future =
        "{\"schemaVersion\": 2, \"name\": \"future\", \"context\": {\"type\": \"oci-layout\"}}\n";
    Files.writeString(dir.resolve("future.json"), future);
    store.save(Profiles.minimal("now", tmp));

    ProfileStore.Listing listing = store.list();
    assertThat(listing.profiles()).extracting(BuildProfile::name).containsExactly("now");
    assertThat(listing.problems())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.toString())
                    .isEqualTo(
                        "future.json: Not loaded: it was written by a newer Slipway (profile"
                            + " schema 2; this Slipway reads up to 1). Update Slipway to use it;"
                            + " the file is left as it is."));
    assertThatThrownBy(() -> store.save(Profiles.minimal("FUTURE", tmp)))
        .hasMessageContaining("The name \"FUTURE\" is taken by")
        .hasMessageContaining("which a newer Slipway wrote");
    assertThat(Files.readString(dir.resolve("future.json"))).isEqualTo(future);
    assertThat(files()).containsExactly("future.json", "now.json");
  }

  @Test
  void twoFilesWithTheSameNameAreReportedAndNeitherIsMoved() throws Exception {
    store.save(Profiles.minimal("web", tmp));
    Files.copy(dir.resolve("web.json"), dir.resolve("web-copy.json"));
    ProfileStore.Listing listing = store.list();
    assertThat(listing.profiles()).hasSize(1);
    assertThat(listing.problems().get(0).toString())
        .contains("it holds profile \"web\", which web-copy.json holds already");
    assertThat(files()).containsExactly("web-copy.json", "web.json");
  }

  @Test
  void staleTemporaryFilesFromACrashAreCleanedUpFreshOnesAreNot() throws Exception {
    store.save(Profiles.minimal("a", tmp));
    Path stale = Files.writeString(dir.resolve(".a.json.123.tmp"), "{\"half");
    Files.setLastModifiedTime(stale, FileTime.from(NOW.minus(Duration.ofHours(2))));
    Path fresh = Files.writeString(dir.resolve(".a.json.456.tmp"), "{\"half");
    Files.setLastModifiedTime(fresh, FileTime.from(NOW.minus(Duration.ofMinutes(1))));

    assertThat(store.list().problems()).isEmpty();
    assertThat(files()).containsExactly(".a.json.456.tmp", "a.json");
  }

  @Test
  void filesAreWrittenForTheOwnerOnly() throws Exception {
    assumeThat(System.getProperty("os.name")).doesNotStartWith("Windows");
    store.save(Profiles.minimal("a", tmp));
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a.json"))))
        .isEqualTo("rw-------");
  }

  @Test
  void theSecretOfAnEnvironmentReferenceIsNeverWritten() throws Exception {
    // The profile can only name the variable: there is no field for its value.
    String secret = "ghp_" + "x9".repeat(18);
    Map<String, String> env = Map.of("GH_TOKEN", secret, "NPM_TOKEN", secret);
    BuildProfile p =
        Profiles.minimal("s", tmp).toBuilder()
            .secret(SecretReference.parse("id=gh,env=GH_TOKEN", tmp))
            .buildArg(BuildArg.parse("NPM_TOKEN"))
            .build();
    store.save(p);
    store.export("s", tmp.resolve("s.json"));
    // The build would resolve it from the environment, outside the profile.
    assertThat(store.load("s").buildArgs().get(0).resolve(env)).contains(secret);
    for (Path f : List.of(dir.resolve("s.json"), tmp.resolve("s.json"))) {
      assertThat(new String(Files.readAllBytes(f), StandardCharsets.UTF_8))
          .contains("GH_TOKEN")
          .doesNotContain(secret);
    }
  }

  @Test
  void theDefaultFolderFollowsEachOsConvention() {
    Path home = Path.of("/home/u");
    assertThat(ProfileStore.defaultDirectory(Map.of(), home, "Linux"))
        .isEqualTo(Path.of("/home/u/.config/slipway/profiles"));
    assertThat(ProfileStore.defaultDirectory(Map.of("XDG_CONFIG_HOME", "/cfg"), home, "Linux"))
        .isEqualTo(Path.of("/cfg/slipway/profiles"));
    // A relative XDG_CONFIG_HOME is ignored, as the XDG spec says.
    assertThat(ProfileStore.defaultDirectory(Map.of("XDG_CONFIG_HOME", "cfg"), home, "Linux"))
        .isEqualTo(Path.of("/home/u/.config/slipway/profiles"));
    assertThat(ProfileStore.defaultDirectory(Map.of(), home, "Mac OS X"))
        .isEqualTo(Path.of("/home/u/Library/Application Support/Slipway/profiles"));
    assertThat(
            ProfileStore.defaultDirectory(
                Map.of("APPDATA", "/c/Users/u/AppData/Roaming"), home, "Windows 11"))
        .isEqualTo(Path.of("/c/Users/u/AppData/Roaming/Slipway/profiles"));
    assertThat(ProfileStore.defaultDirectory(Map.of(), home, "Windows 11"))
        .isEqualTo(Path.of("/home/u/AppData/Roaming/Slipway/profiles"));
  }

  @Test
  void aWriteErrorLeavesThePreviousFileAndSaysSo() throws Exception {
    assumeThat(System.getProperty("user.name")).as("root writes anywhere").isNotEqualTo("root");
    store.save(Profiles.minimal("a", tmp));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
    try {
      assertThatThrownBy(() -> store.save(Profiles.minimal("a", tmp).withTags(List.of("a:2"))))
          .isInstanceOf(SlipwayException.class)
          .hasMessageContaining("The previous file is unchanged.");
    } finally {
      Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
    }
    assertThat(store.load("a").tags()).isEmpty();
  }
}
