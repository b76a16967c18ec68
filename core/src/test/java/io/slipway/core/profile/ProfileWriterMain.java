package io.slipway.core.profile;

import java.nio.file.Path;

/**
 * Writes {@link LargeProfiles} forever, printing each generation once it is on disk. Run in a child
 * JVM by {@link ProfileStoreKillIT}, which kills it with SIGKILL at random moments.
 *
 * <p>{@code save}: {@link ProfileStore#save} of rising generations (the whole path: check, scan,
 * serialise, write). {@code write}: the file bytes of {@value #WRITE_GENERATIONS} generations are
 * made first, then written in turn with {@link ProfileStore#writeAtomically}, so that nearly all
 * the time goes to writing, forcing and renaming, where a kill is most telling.
 */
public final class ProfileWriterMain {

  static final int WRITE_GENERATIONS = 4;

  private ProfileWriterMain() {}

  /** {@code ProfileWriterMain save|write DIR FIRST-GENERATION} */
  public static void main(String[] args) {
    Path dir = Path.of(args[1]);
    long first = Long.parseLong(args[2]);
    if (args[0].equals("write")) {
      byte[][] files = new byte[WRITE_GENERATIONS][];
      for (int i = 0; i < files.length; i++) {
        files[i] = ProfileJson.toBytes(LargeProfiles.of(first + i));
      }
      Path file = dir.resolve(LargeProfiles.NAME + ".json");
      System.out.println("started");
      System.out.flush();
      for (long n = 0; ; n++) {
        int i = (int) (n % files.length);
        ProfileStore.writeAtomically(file, files[i]);
        System.out.println(first + i);
        System.out.flush();
      }
    }
    ProfileStore store = new ProfileStore(dir);
    System.out.println("started");
    System.out.flush();
    for (long generation = first; ; generation++) {
      store.save(LargeProfiles.of(generation));
      System.out.println(generation);
      System.out.flush();
    }
  }
}
