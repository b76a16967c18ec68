package io.slipway.core.profile;

import java.util.Objects;

/**
 * A profile's Dockerfile when it is not the context's own {@code Dockerfile}: a path inside the
 * context, or the text itself.
 */
public sealed interface DockerfileSource
    permits DockerfileSource.InContext, DockerfileSource.Inline {

  /** A path relative to the context root, '/'-separated (e.g. {@code docker/Dockerfile.prod}). */
  record InContext(String path) implements DockerfileSource {
    public InContext {
      Objects.requireNonNull(path, "path");
    }
  }

  /** The Dockerfile's text, kept in the profile. */
  record Inline(String text) implements DockerfileSource {
    public Inline {
      Objects.requireNonNull(text, "text");
    }

    /** The first line and the size, not the whole text. */
    @Override
    public String toString() {
      String first = text.lines().findFirst().orElse("");
      return "Inline["
          + first
          + (text.contains("\n") ? " …" : "")
          + ", "
          + text.length()
          + " chars]";
    }
  }
}
