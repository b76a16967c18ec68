/**
 * Finding and connecting to the Docker engine.
 *
 * <p>{@link io.slipway.core.engine.EngineLocator} reads the environment and the docker CLI's config
 * folder and lists where the engine may be, with the CLI's precedence (documented there); {@link
 * io.slipway.core.engine.Engine#connect(EngineLocator)} pings each in turn, negotiates the API
 * version and hands out the transport and a docker-java client; when nothing answers, {@link
 * io.slipway.core.engine.EngineUnavailableException} lists every endpoint tried and why, in words.
 */
package io.slipway.core.engine;
