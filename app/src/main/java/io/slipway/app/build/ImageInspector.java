package io.slipway.app.build;

import io.slipway.core.engine.Engine;
import java.util.OptionalLong;

/**
 * Asks the engine about a built image ({@code GET /images/{id}/json}). Blocking network I/O: called
 * on a background thread only.
 */
@FunctionalInterface
public interface ImageInspector {

  /** The image's size in bytes, empty when the engine does not know the image. */
  OptionalLong size(String imageId) throws Exception;

  /** Nothing to ask: sizes stay unknown. */
  ImageInspector NONE = id -> OptionalLong.empty();

  /** Through a connected engine. */
  static ImageInspector of(Engine engine) {
    return id -> {
      Long size = engine.client().inspectImageCmd(id).exec().getSize();
      return size == null ? OptionalLong.empty() : OptionalLong.of(size);
    };
  }
}
