/**
 * Saved build profiles: what a user keeps instead of retyping {@code docker build} flags, shared by
 * the window and the command line.
 *
 * <p>{@link io.slipway.core.profile.BuildProfile} is the immutable value (a context source, the
 * Dockerfile, docker build's options, the builder, the engine) and turns into a {@link
 * io.slipway.core.build.BuildRequest}; {@link io.slipway.core.profile.ProfileValidation} reports
 * every problem at once, by field; {@link io.slipway.core.profile.ProfileJson} is the file format
 * ({@code docs/profile-json.md}); {@link io.slipway.core.profile.ProfileStore} keeps one file per
 * profile in the user's config folder, writes atomically, and keeps unreadable files aside.
 *
 * <p><b>Secrets:</b> a profile holds references only (a secret's file or environment variable, an
 * SSH agent socket or key path), never a secret's value; a build arg without a value is taken from
 * the environment when the build runs. Build arg values the user typed are stored as typed, and
 * {@code toString} hides them.
 */
package io.slipway.core.profile;
