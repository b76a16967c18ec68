package io.slipway.core.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write killed at any moment (SIGKILL, so no shutdown hook or finally block runs) leaves the
 * previous profile or the new one, never a torn file: a child JVM writes a large profile (about 6
 * MB) in a loop and is killed at a random moment, many times. An IT for its run time (about a
 * second per kill), not for any engine.
 */
class ProfileStoreKillIT {

  private static final int KILLS = 20;

  @TempDir Path dir;

  private final long seed = System.nanoTime();
  private final Random random = new Random(seed);

  /** One child killed: the last generation it reported written, and whether a temp file is left. */
  private record Killed(long reported, boolean tempLeft) {}

  private Killed runAndKill(String mode, long first, Set<Path> tempsBefore) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                java,
                "-XX:TieredStopAtLevel=1",
                "-cp",
                System.getProperty("java.class.path"),
                ProfileWriterMain.class.getName(),
                mode,
                dir.toString(),
                Long.toString(first))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).as("child started (seed %d)", seed).isEqualTo("started");
    // Once the child writes at full speed, kill it somewhere in the next few writes: while
    // writing, forcing, renaming, or between two writes.
    long reported = Long.parseLong(out.readLine());
    Thread.sleep(random.nextInt(250));
    // SIGKILL through the handle: Process.destroyForcibly would also close our end of the pipe,
    // losing the generations the child reported.
    child.toHandle().destroyForcibly();
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    for (String line; (line = out.readLine()) != null; ) {
      reported = Long.parseLong(line);
    }
    return new Killed(reported, !tempsBefore.containsAll(tempFiles()));
  }

  /** The one profile in the folder, which must be whole; its generation. */
  private long wholeProfile(int round) {
    ProfileStore.Listing listing = new ProfileStore(dir).list();
    assertThat(listing.problems()).as("round %d, seed %d", round, seed).isEmpty();
    assertThat(listing.profiles()).hasSize(1);
    BuildProfile loaded = listing.profiles().get(0);
    long generation = LargeProfiles.generationOf(loaded);
    assertThat(loaded)
        .as("round %d: the file is whole (generation %d, seed %d)", round, generation, seed)
        .isEqualTo(LargeProfiles.of(generation));
    return generation;
  }

  @Test
  void aKilledSaveLeavesTheOldOrTheNewProfileWhole() throws Exception {
    long lastSeen = 0;
    int killedMidWrite = 0;
    for (int round = 0; round < KILLS; round++) {
      Killed killed = runAndKill("save", lastSeen + 1, tempFiles());
      killedMidWrite += killed.tempLeft() ? 1 : 0;
      long generation = wholeProfile(round);
      // Every save the child reported is on disk; at most the one it was killed in is newer.
      assertThat(generation)
          .isBetween(killed.reported(), killed.reported() + 1)
          .isGreaterThanOrEqualTo(lastSeen);
      lastSeen = generation;
    }
    System.out.printf(
        "[kill test] save, seed %d: %d kills, %d during a file write, %d generations%n",
        seed, KILLS, killedMidWrite, lastSeen);
  }

  @Test
  void aKilledWriteLeavesTheOldOrTheNewFileWhole() throws Exception {
    int killedMidWrite = 0;
    List<Long> seen = new ArrayList<>();
    for (int round = 0; round < KILLS; round++) {
      long first = 1 + round * 10L;
      Killed killed = runAndKill("write", first, tempFiles());
      killedMidWrite += killed.tempLeft() ? 1 : 0;
      long generation = wholeProfile(round);
      // Written in turn: the last one reported, or the next one in turn.
      long next = first + (killed.reported() - first + 1) % ProfileWriterMain.WRITE_GENERATIONS;
      assertThat(generation).isIn(killed.reported(), next);
      seen.add(generation);
    }
    System.out.printf(
        "[kill test] write, seed %d: %d kills, %d during a file write%n",
        seed, KILLS, killedMidWrite);
    // Nearly all of the child's time is spent writing: most kills land inside a write.
    assertThat(killedMidWrite).as("kills that landed inside a write").isPositive();
    assertThat(seen).hasSize(KILLS);
  }

  /** Temporary files killed writes left (fresh ones stay; listings remove them after an hour). */
  private Set<Path> tempFiles() throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".tmp"))
          .collect(Collectors.toSet());
    }
  }
}
