package io.slipway.app.profiles;

import static org.assertj.core.api.Assertions.assertThat;

import io.slipway.app.main.BuildState;
import io.slipway.app.main.MainViewModel.FinishedBuild;
import io.slipway.core.context.ContextSource;
import io.slipway.core.profile.BuildProfile;
import io.slipway.core.profile.ProfileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sidebar without the toolkit, on a real store in a temporary folder. */
class ProfilesViewModelTest {
  @TempDir Path tmp;

  ProfileStore store;
  Deque<Runnable> held = new ArrayDeque<>();
  boolean hold;
  Executor background =
      r -> {
        if (hold) {
          held.add(r);
        } else {
          r.run();
        }
      };
  ProfilesViewModel profiles;

  @BeforeEach
  void setUp() {
    store = new ProfileStore(tmp.resolve("profiles"));
    store.save(profile("api"));
    store.save(profile("web"));
    store.save(profile("worker"));
    profiles = new ProfilesViewModel(store, background, Runnable::run);
  }

  BuildProfile profile(String name) {
    return BuildProfile.builder(name)
        .context(new ContextSource.LocalFolder(tmp.resolve(name)))
        .tag(name + ":latest")
        .build();
  }

  @Test
  void theStoreIsListedOffTheUiThreadSortedByName() {
    hold = true;
    profiles.reload();
    assertThat(profiles.items()).isEmpty();
    held.poll().run();
    assertThat(profiles.items())
        .extracting(ProfileItem::name)
        .containsExactly("api", "web", "worker");
    assertThat(profiles.loadedProperty().get()).isTrue();
  }

  @Test
  void theFilterMatchesNamesContextsAndTags() {
    profiles.reload();
    profiles.filterProperty().set("WOR");
    assertThat(profiles.shownItems()).extracting(ProfileItem::name).containsExactly("worker");
    profiles.filterProperty().set("web:lat");
    assertThat(profiles.shownItems()).extracting(ProfileItem::name).containsExactly("web");
    profiles.filterProperty().set("");
    assertThat(profiles.shownItems()).hasSize(3);
  }

  @Test
  void aNewProfileIsSelectedAndNotSavedUntilItIsValid() {
    profiles.reload();
    BuildProfile p = profiles.createNew();
    assertThat(p.name()).isEqualTo("new-profile");
    assertThat(profiles.selectedProperty().get().saved()).isFalse();
    assertThat(store.find("new-profile")).isEmpty();
    assertThat(profiles.createNew().name()).isEqualTo("new-profile-2");
  }

  @Test
  void savingANewProfileWritesItAndSelectsTheSavedRow() {
    profiles.reload();
    profiles.createNew();
    String[] problem = {"unset"};
    profiles.save(profile("fresh"), "new-profile", p -> problem[0] = p);
    assertThat(problem[0]).isNull();
    assertThat(store.find("fresh")).isPresent();
    assertThat(profiles.items()).extracting(ProfileItem::name).doesNotContain("new-profile");
    assertThat(profiles.selectedProperty().get().name()).isEqualTo("fresh");
    assertThat(profiles.selectedProperty().get().saved()).isTrue();
  }

  @Test
  void savingUnderANewNameRenamesTheFile() {
    profiles.reload();
    profiles.select("web");
    profiles.save(profile("frontend"), "web", p -> {});
    assertThat(store.find("web")).isEmpty();
    assertThat(store.find("frontend")).isPresent();
    assertThat(profiles.selectedProperty().get().name()).isEqualTo("frontend");
  }

  @Test
  void anInvalidProfileIsNotSavedAndTheSentenceSaysWhy() {
    profiles.reload();
    String[] problem = {null};
    profiles.save(BuildProfile.builder("broken").build(), null, p -> problem[0] = p);
    assertThat(problem[0]).contains("context");
    assertThat(store.find("broken")).isEmpty();
  }

  @Test
  void deleteOffersUndoWhichBringsTheProfileBack() {
    profiles.reload();
    profiles.select("web");
    profiles.deleteSelected();
    assertThat(store.find("web")).isEmpty();
    assertThat(profiles.items()).extracting(ProfileItem::name).containsExactly("api", "worker");
    Notice notice = profiles.noticeProperty().get();
    assertThat(notice.message()).isEqualTo("Deleted web.");
    assertThat(notice.undo()).isPresent();

    notice.undo().get().run();
    assertThat(store.find("web")).contains(profile("web"));
    assertThat(profiles.items()).extracting(ProfileItem::name).contains("web");
    assertThat(profiles.selectedProperty().get().name()).isEqualTo("web");
  }

  @Test
  void duplicateCopiesUnderAFreeName() {
    profiles.reload();
    profiles.select("api");
    profiles.duplicateSelected();
    assertThat(store.find("api copy")).isPresent();
    assertThat(profiles.selectedProperty().get().name()).isEqualTo("api copy");
  }

  @Test
  void exportThenImportUnderAFreeNameWhenTheNameIsTaken() throws Exception {
    profiles.reload();
    profiles.select("api");
    Path file = tmp.resolve("api-export.json");
    profiles.exportSelected(file);
    assertThat(Files.readString(file)).contains("\"api\"");
    assertThat(profiles.noticeProperty().get().message()).startsWith("Exported api to ");

    profiles.importFile(file);
    assertThat(store.find("api imported")).isPresent();
    assertThat(profiles.selectedProperty().get().name()).isEqualTo("api imported");

    profiles.importFile(tmp.resolve("missing.json"));
    assertThat(profiles.noticeProperty().get().message()).startsWith("Cannot read");
  }

  @Test
  void aDroppedFolderReusesTheProfileThatBuildsItOrIsSavedUnderAFreeName() {
    profiles.reload();
    BuildProfile[] got = new BuildProfile[1];
    profiles.adopt(profile("api").withName("api-again"), p -> got[0] = p);
    assertThat(got[0].name()).isEqualTo("api");

    BuildProfile other =
        BuildProfile.builder("api")
            .context(new ContextSource.LocalFolder(tmp.resolve("elsewhere/api")))
            .build();
    profiles.adopt(other, p -> got[0] = p);
    assertThat(got[0].name()).isEqualTo("api-2");
    assertThat(store.find("api-2")).isPresent();
  }

  @Test
  void rowsShowTheLastBuildFromTheHistoryUntilThisWindowBuildsThem() {
    profiles.setLastOutcomes(
        name ->
            name.equals("worker")
                ? java.util.Optional.of(
                    new ProfileItem.Outcome(BuildState.FAILED, Duration.ofSeconds(7)))
                : java.util.Optional.empty());
    profiles.reload();
    profiles.select("worker");
    assertThat(profiles.selectedProperty().get().last().get().text()).isEqualTo("✗ 7.0s");
    profiles.recordOutcome(
        new FinishedBuild("worker", BuildState.SUCCEEDED, Duration.ofSeconds(2)));
    profiles.reload();
    assertThat(profiles.selectedProperty().get().last().get().text()).isEqualTo("✓ 2.0s");
  }

  @Test
  void aFinishedBuildMarksItsRow() {
    profiles.reload();
    profiles.select("web");
    profiles.recordOutcome(new FinishedBuild("web", BuildState.SUCCEEDED, Duration.ofSeconds(41)));
    ProfileItem web = profiles.selectedProperty().get();
    assertThat(web.last()).isPresent();
    assertThat(web.last().get().text()).isEqualTo("✓ 41.0s");
    // kept across a reload
    profiles.reload();
    assertThat(profiles.selectedProperty().get().last()).isPresent();
  }
}
