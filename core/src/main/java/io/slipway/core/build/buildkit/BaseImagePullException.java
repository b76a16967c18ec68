package io.slipway.core.build.buildkit;

import io.slipway.core.SlipwayException;

/** A base image that needed credentials could not be pulled before a BuildKit build. */
final class BaseImagePullException extends SlipwayException {
  BaseImagePullException(String message) {
    super(message);
  }
}
