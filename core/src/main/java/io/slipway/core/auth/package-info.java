/**
 * Registry credentials, found as the docker CLI finds them, and the Engine API headers that carry
 * them.
 *
 * <p>{@link io.slipway.core.auth.DockerConfig} reads config.json ({@code auths}, {@code
 * credsStore}, {@code credHelpers}); {@link io.slipway.core.auth.CredentialStore} looks up one
 * registry or lists all of them, running {@link io.slipway.core.auth.CredentialHelper}s (real
 * {@code docker-credential-*} programs) as needed; {@link io.slipway.core.auth.AuthHeaders} encodes
 * {@code X-Registry-Config} (classic builds) and {@code X-Registry-Auth} (pulls); {@link
 * io.slipway.core.auth.RegistryLogin} checks a login against the registry itself.
 *
 * <p><b>Secrets:</b> {@link io.slipway.core.auth.RegistryCredentials} and every other value that
 * holds a password or token prints redacted; no message, log line or exception names a secret. The
 * header strings do hold them: send them, never log them.
 */
package io.slipway.core.auth;
