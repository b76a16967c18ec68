package io.slipway.core.build;

import io.slipway.core.SlipwayException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** {@code --iidfile}: the built image's id written to a file, as {@code docker build} does. */
public final class ImageIdFile {

  private ImageIdFile() {}

  /**
   * Removes the file a previous build left, before this build starts, so that a failed build leaves
   * no stale id behind.
   */
  public static void removeStale(BuildRequest request) {
    request
        .iidFile()
        .ifPresent(
            file -> {
              try {
                Files.deleteIfExists(file);
              } catch (IOException e) {
                throw new SlipwayException(
                    "Cannot replace the old image id file "
                        + file
                        + ". Remove it or pick another.");
              }
            });
  }

  /** Writes the id when the request asks for it; returns the problem, if any, as a sentence. */
  public static Optional<String> write(BuildRequest request, String imageId) {
    Optional<Path> file = request.iidFile();
    if (file.isEmpty()) {
      return Optional.empty();
    }
    try {
      Files.writeString(file.get(), imageId, StandardCharsets.UTF_8);
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(
          "The image was built ("
              + imageId
              + ") but its id could not be written to "
              + file.get()
              + ". Check that the folder is writable.");
    }
  }
}
