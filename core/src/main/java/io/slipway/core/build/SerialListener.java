package io.slipway.core.build;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events one at a time, in order, whichever of a builder's threads produced them, and
 * keeps a failing listener from breaking the build (its failure is logged).
 */
public final class SerialListener implements BuildListener {

  private static final Logger log = LoggerFactory.getLogger(SerialListener.class);

  private final BuildListener delegate;

  public SerialListener(BuildListener delegate) {
    this.delegate = delegate;
  }

  @Override
  public synchronized void onEvent(BuildEvent event) {
    try {
      delegate.onEvent(event);
    } catch (RuntimeException e) {
      log.warn("A build listener failed on {}", event.getClass().getSimpleName(), e);
    }
  }
}
