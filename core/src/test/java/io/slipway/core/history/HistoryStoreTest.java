package io.slipway.core.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.slipway.core.SlipwayException;
import io.slipway.core.build.BuildStatus;
import io.slipway.core.timeline.TimelineJson;
import io.slipway.core.timeline.TimelineSnapshot;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryStoreTest {

  @TempDir Path tmp;

  @Test
  void savesAFinishedBuildAndOpensItBackWithItsWholeLog() {
    HistoryStore store = new HistoryStore(tmp.resolve("history"));
    Builds b = new Builds(0);
    b.step("d1", "[1/2] FROM base", 0, 0.2, true);
    b.step("d2", "[2/2] RUN make", 0.2, 3.2, false, "d1");
    for (int i = 0; i < 5000; i++) {
      b.log("d2", "line " + i + " \u001b[31mred\u001b[0m é");
    }
    TimelineSnapshot build = b.finish(3.3, BuildStatus.SUCCEEDED);

    HistoryEntry entry = store.save("api-server", build, "BuildKit");

    assertThat(entry.profile()).isEqualTo("api-server");
    assertThat(entry.status()).isEqualTo(BuildStatus.SUCCEEDED);
    assertThat(entry.wallTime()).isEqualTo(Duration.ofMillis(3300));
    assertThat(entry.steps()).isEqualTo(2);
    assertThat(entry.cachedSteps()).isEqualTo(1);
    assertThat(entry.logLines()).isEqualTo(5002);
    assertThat(entry.builder()).contains("BuildKit");
    assertThat(store.list("api-server")).containsExactly(entry);
    assertThat(store.list("API-Server")).as("names ignore case").containsExactly(entry);

    TimelineSnapshot back = store.open(entry);
    assertThat(back.rows()).hasSize(2);
    assertThat(back.log().size()).isEqualTo(5002);
    assertThat(back.log("d2").text(4001)).isEqualTo("line 4000 \u001b[31mred\u001b[0m é");
    assertThat(back.row("d2").orElseThrow().parents()).containsExactly("d1");
    assertThat(TimelineJson.toJson(back)).isEqualTo(TimelineJson.toJson(build));
  }

  @Test
  void listsNewestFirstAndKeepsOnlyTheRetainedNumberPerProfile() {
    HistoryStore store = new HistoryStore(tmp, 3);
    for (int i = 0; i < 5; i++) {
      store.save("web", Builds.typical(i * 60, true, 1), null);
    }
    store.save("worker", Builds.typical(0, false, 2), null);

    List<HistoryEntry> web = store.list("web");
    assertThat(web).hasSize(3);
    assertThat(web).extracting(HistoryEntry::start).isSortedAccordingTo((a, b) -> b.compareTo(a));
    assertThat(web.get(0).start()).isEqualTo(Builds.T0.plusSeconds(240));
    assertThat(store.list("worker")).hasSize(1);
    assertThat(store.profiles()).containsExactly("web", "worker");
    // Two files per kept build, nothing else.
    assertThat(files(store.profileDirectory("web"))).hasSize(6);

    store.setRetention(1);
    assertThat(store.prune("web")).isEqualTo(2);
    assertThat(store.list("web")).hasSize(1);
    assertThatThrownBy(() -> store.setRetention(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keepsFiftyByDefault() {
    assertThat(new HistoryStore(tmp).retention()).isEqualTo(50);
  }

  @Test
  void deletesAnEntryAndSaysSoWhenOpeningOneThatIsGone() {
    HistoryStore store = new HistoryStore(tmp);
    HistoryEntry a = store.save("web", Builds.typical(0, true, 1), null);
    HistoryEntry b = store.save("web", Builds.typical(10, false, 1), null);

    store.delete(a);
    store.delete(a); // already gone: nothing happens

    assertThat(store.list("web")).containsExactly(b);
    assertThatThrownBy(() -> store.open(a))
        .isInstanceOf(SlipwayException.class)
        .hasMessageContaining("no longer in the history");
  }

  @Test
  void refusesABuildStillRunning() {
    Builds b = new Builds(0);
    b.step("d1", "[1/1] FROM base", 0, 1, false);
    HistoryStore store = new HistoryStore(tmp);
    // A timeline without BuildFinished is still running.
    assertThatThrownBy(() -> store.save("web", b.running(), null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void skipsABrokenEntryAndRemovesOnlyStaleLeftovers() throws Exception {
    HistoryStore store = new HistoryStore(tmp);
    HistoryEntry good = store.save("web", Builds.typical(0, true, 1), null);
    Path dir = store.profileDirectory("web");
    Files.writeString(dir.resolve("20260101T000000000Z-ffff.json"), "{ not json");
    Path orphan = dir.resolve("20260101T000000000Z-eeee.timeline.json.gz");
    Files.write(orphan, new byte[] {1});
    Path freshTemp = dir.resolve(".x.json.123.tmp");
    Files.write(freshTemp, new byte[] {1});
    Path staleTemp = dir.resolve(".y.json.456.tmp");
    Files.write(staleTemp, new byte[] {1});
    Files.setLastModifiedTime(staleTemp, FileTime.from(Instant.now().minusSeconds(7200)));
    Files.setLastModifiedTime(orphan, FileTime.from(Instant.now().minusSeconds(7200)));

    assertThat(store.list("web")).containsExactly(good);

    assertThat(dir.resolve("20260101T000000000Z-ffff.json")).exists();
    assertThat(freshTemp).exists();
    assertThat(staleTemp).doesNotExist();
    assertThat(orphan).doesNotExist();
  }

  @Test
  void theTimelineFileIsGzippedTimelineJson() throws Exception {
    HistoryStore store = new HistoryStore(tmp);
    HistoryEntry entry = store.save("web", Builds.typical(0, true, 1), null);
    try (InputStream in = new GZIPInputStream(Files.newInputStream(store.timelineFile(entry)))) {
      assertThat(TimelineJson.read(in).rows()).hasSize(4);
    }
    assertThat(Files.readString(store.profileDirectory("web").resolve(entry.id() + ".json")))
        .contains("\"format\" : \"slipway-history-entry\"");
  }

  @Test
  void profilesWithSimilarNamesKeepApart() {
    HistoryStore store = new HistoryStore(tmp);
    store.save("my app", Builds.typical(0, true, 1), null);
    store.save("my-app", Builds.typical(0, true, 1), null);
    assertThat(store.list("my app")).hasSize(1);
    assertThat(store.list("my-app")).hasSize(1);
    assertThat(store.profileDirectory("my app")).isNotEqualTo(store.profileDirectory("my-app"));
    assertThat(store.profileDirectory("my app").getFileName().toString()).startsWith("my-app-");
  }

  @Test
  void theDataFolderFollowsEachOsConvention() {
    Path home = Path.of("/home/ada");
    assertThat(HistoryStore.defaultDirectory(Map.of(), home, "Linux"))
        .isEqualTo(Path.of("/home/ada/.local/share/slipway/history"));
    assertThat(HistoryStore.defaultDirectory(Map.of("XDG_DATA_HOME", "/data"), home, "Linux"))
        .isEqualTo(Path.of("/data/slipway/history"));
    assertThat(HistoryStore.defaultDirectory(Map.of("XDG_DATA_HOME", "rel"), home, "Linux"))
        .as("a relative XDG_DATA_HOME is ignored")
        .isEqualTo(Path.of("/home/ada/.local/share/slipway/history"));
    assertThat(HistoryStore.defaultDirectory(Map.of(), home, "Mac OS X"))
        .isEqualTo(Path.of("/home/ada/Library/Application Support/Slipway/history"));
    assertThat(
            HistoryStore.dataDirectory(
                Map.of("LOCALAPPDATA", "/c/Users/ada/L"), home, "Windows 11"))
        .isEqualTo(Path.of("/c/Users/ada/L/Slipway"));
    assertThat(HistoryStore.dataDirectory(Map.of(), home, "Windows 11"))
        .isEqualTo(Path.of("/home/ada/AppData/Local/Slipway"));
  }

  private static List<Path> files(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
