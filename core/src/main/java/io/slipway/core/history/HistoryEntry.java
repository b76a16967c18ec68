package io.slipway.core.history;

import io.slipway.core.build.BuildStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One saved build, as the history lists it: enough to show a row of the list without reading the
 * build's log. {@link HistoryStore#open} reads the whole timeline.
 *
 * @param id unique within the profile's history; also orders entries (it starts with the time)
 * @param profile the profile's name as it was when the build ran
 * @param start when the build started
 * @param wallTime from start to end
 * @param steps the Dockerfile steps the build counted
 * @param cachedSteps how many of them came from the cache
 * @param logLines how many lines the build printed
 * @param builder which builder ran it ("BuildKit", "classic"), empty when not recorded
 */
public record HistoryEntry(
    String id,
    String profile,
    Instant start,
    BuildStatus status,
    Duration wallTime,
    int steps,
    int cachedSteps,
    int logLines,
    Optional<String> imageId,
    List<String> tags,
    Optional<String> error,
    Optional<String> builder) {

  public HistoryEntry {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(profile, "profile");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(wallTime, "wallTime");
    Objects.requireNonNull(imageId, "imageId");
    tags = List.copyOf(tags);
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(builder, "builder");
  }

  /** {@link #cachedSteps} over {@link #steps}, from 0 to 1; 0 without steps. */
  public double cacheHitRatio() {
    return steps == 0 ? 0 : (double) cachedSteps / steps;
  }
}
