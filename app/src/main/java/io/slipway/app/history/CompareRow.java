package io.slipway.app.history;

import io.slipway.core.history.BuildComparison.Change;

/**
 * One step of the comparison as the table shows it.
 *
 * @param number the step number in the second build ("#4"), else in the first
 * @param before "1.2s", or "—" when the step was not in the first build
 * @param delta "+3.1s", "−0.4s", "±0"
 * @param deltaMillis after minus before, for sorting and colour
 * @param changeText "cached → rebuilt", "added", …
 * @param beforeShare the first build's duration over the longest step of either build, 0..1
 */
public record CompareRow(
    String number,
    String name,
    String before,
    String after,
    String delta,
    long deltaMillis,
    Change change,
    String changeText,
    double beforeShare,
    double afterShare) {}
