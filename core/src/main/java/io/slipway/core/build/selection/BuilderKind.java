package io.slipway.core.build.selection;

/** The two builders. */
public enum BuilderKind {
  CLASSIC("classic"),
  BUILDKIT("BuildKit");

  private final String displayName;

  BuilderKind(String displayName) {
    this.displayName = displayName;
  }

  public String displayName() {
    return displayName;
  }
}
