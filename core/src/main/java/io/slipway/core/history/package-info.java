/**
 * The build history: {@link io.slipway.core.history.HistoryStore} keeps every finished build of
 * every profile on disk with its whole timeline and log (written with {@link
 * io.slipway.core.timeline.TimelineJson}); {@link io.slipway.core.history.BuildComparison} sets two
 * builds side by side, step by step, so a user sees why a build got slower. Plain Java.
 */
package io.slipway.core.history;
