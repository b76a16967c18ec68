package io.slipway.app.build;

import io.slipway.core.build.BuildEvent.LogLine;

/**
 * One line of the shown log, as the list's cells get it: decoded only when a cell asks.
 *
 * @param index the line's position in the shown log, from 0 (its line number is index + 1)
 */
public record LogLineItem(int index, LogLine.Stream stream, String text) {}
