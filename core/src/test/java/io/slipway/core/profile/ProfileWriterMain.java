package io.slipway.core.profile;

import java.nio.file.Path;

/**
 * Saves {@link LargeProfiles} of rising generations to a store, forever, printing each generation
 * once it is saved. Run in a child JVM by {@link ProfileStoreKillIT}, which kills it with SIGKILL
 * at random moments.
 */
public final class ProfileWriterMain {

  private ProfileWriterMain() {}

  /** {@code ProfileWriterMain DIR FIRST-GENERATION} */
  public static void main(String[] args) {
    ProfileStore store = new ProfileStore(Path.of(args[0]));
    System.out.println("started");
    System.out.flush();
    for (long generation = Long.parseLong(args[1]); ; generation++) {
      store.save(LargeProfiles.of(generation));
      System.out.println(generation);
      System.out.flush();
    }
  }
}
