package io.slipway.app.bench;

/** Starts {@link UiBench} from the class path (an Application subclass cannot be main). */
public final class UiBenchMain {
  private UiBenchMain() {}

  public static void main(String[] args) {
    UiBench.main(args);
  }
}
