package io.slipway.core.build;

/**
 * Runs builds. The classic builder and BuildKit implement this one interface; front ends use
 * nothing else, so they never need to know which one ran.
 */
public interface BuilderService {

  /** Which builder this is, as shown to the user ("classic", "BuildKit"). */
  String name();

  /**
   * Checks the request, then starts the build in the background and returns at once. Problems found
   * before anything is sent (bad paths, tags, patterns) are thrown as {@link
   * io.slipway.core.SlipwayException}; everything after that arrives as events and in the result.
   */
  BuildHandle start(BuildRequest request, BuildListener listener);
}
