package io.slipway.core.timeline;

import java.util.Objects;

/**
 * The latest progress a row reported (a pull, the context upload). {@code total} is -1 when
 * unknown.
 */
public record RowProgress(String label, long current, long total) {
  public RowProgress {
    Objects.requireNonNull(label, "label");
  }
}
