package io.slipway.core.build;

/**
 * Receives the events of one build. Called from a builder's worker thread, one event at a time and
 * in order; an implementation must return quickly and hand the event to its own thread if it needs
 * one (the window batches them onto the FX thread).
 */
@FunctionalInterface
public interface BuildListener {
  void onEvent(BuildEvent event);
}
