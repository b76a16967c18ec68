/**
 * The build timeline: {@link io.slipway.core.timeline.BuildTimeline} folds a build's events into
 * rows (steps or vertices) with their times, states, dependencies and logs, and hands out immutable
 * {@link io.slipway.core.timeline.TimelineSnapshot}s with derived figures (wall time, step time,
 * cache hits, critical path). {@link io.slipway.core.timeline.TimelineJson} writes and reads a
 * snapshot (the history's format); {@link io.slipway.core.timeline.ChromeTrace} exports it for
 * Perfetto and {@code chrome://tracing}. Plain Java, no user interface.
 */
package io.slipway.core.timeline;
