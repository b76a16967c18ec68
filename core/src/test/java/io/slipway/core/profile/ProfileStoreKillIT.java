package io.slipway.core.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A save killed at any moment (SIGKILL, so no shutdown hook or finally block runs) leaves the
 * previous profile or the new one, never a torn file: a child JVM saves a large profile (about 1
 * MB) in a loop and is killed at a random moment, many times. An IT for its run time (about a
 * second per kill), not for any engine.
 */
class ProfileStoreKillIT {

  private static final int KILLS = 30;

  @TempDir Path dir;

  @Test
  void aKilledSaveLeavesTheOldOrTheNewFileWhole() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classPath = System.getProperty("java.class.path");
    long lastSeen = 0;
    int killedMidWrite = 0;
    int generationsWritten = 0;
    for (int round = 0; round < KILLS; round++) {
      Process child =
          new ProcessBuilder(
                  java,
                  "-XX:TieredStopAtLevel=1",
                  "-cp",
                  classPath,
                  ProfileWriterMain.class.getName(),
                  dir.toString(),
                  Long.toString(lastSeen + 1))
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).as("child started (seed %d)", seed).isEqualTo("started");
      // Once the child saves at full speed (each save takes some 60 ms), kill it somewhere in
      // the next few saves: while writing, forcing, renaming, or between two saves.
      long reportedSaved = Long.parseLong(out.readLine());
      Thread.sleep(random.nextInt(250));
      // SIGKILL through the handle: Process.destroyForcibly would also close our end of the
      // pipe, losing the generations the child reported.
      child.toHandle().destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      for (String line; (line = out.readLine()) != null; ) {
        reportedSaved = Long.parseLong(line);
      }
      try (Stream<Path> files = Files.list(dir)) {
        killedMidWrite += files.anyMatch(f -> f.getFileName().toString().endsWith(".tmp")) ? 1 : 0;
      }

      ProfileStore.Listing listing = new ProfileStore(dir).list();

      assertThat(listing.problems()).as("round %d, seed %d", round, seed).isEmpty();
      assertThat(listing.profiles()).hasSize(1);
      BuildProfile loaded = listing.profiles().get(0);
      long generation = LargeProfiles.generationOf(loaded);
      assertThat(loaded)
          .as("round %d: the file is whole (generation %d, seed %d)", round, generation, seed)
          .isEqualTo(LargeProfiles.of(generation));
      // Every save the child reported is on disk; at most the one it was killed in is newer.
      assertThat(generation)
          .isBetween(reportedSaved, reportedSaved + 1)
          .isGreaterThanOrEqualTo(lastSeen);
      generationsWritten += (int) (generation - lastSeen);
      lastSeen = generation;
    }
    System.out.printf(
        "[kill test] seed %d: %d kills, %d left a temporary file (killed mid-write), %d saves%n",
        seed, KILLS, killedMidWrite, generationsWritten);
    assertThat(generationsWritten).as("the child got to save").isPositive();
  }
}
