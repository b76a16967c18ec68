package io.slipway.app.shots;

/** Starts {@link BuildViewShots} from the class path (an Application subclass cannot be main). */
public final class TakeBuildViewShots {
  private TakeBuildViewShots() {}

  public static void main(String[] args) {
    BuildViewShots.main(args);
  }
}
