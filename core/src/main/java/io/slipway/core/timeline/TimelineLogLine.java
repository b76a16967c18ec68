package io.slipway.core.timeline;

import io.slipway.core.build.BuildEvent.LogLine;
import java.time.Instant;
import java.util.Optional;

/**
 * One line of a build's log, as read back from a {@link TimelineLog}.
 *
 * @param number the line's position in the whole build log, from 0
 * @param time when it was printed, to the millisecond
 * @param stepId the row it belongs to, empty for the build's own lines
 * @param text the line, without its newline
 */
public record TimelineLogLine(
    int number, Instant time, Optional<String> stepId, LogLine.Stream stream, String text) {}
