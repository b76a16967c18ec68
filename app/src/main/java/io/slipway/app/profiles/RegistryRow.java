package io.slipway.app.profiles;

/**
 * A registry in the editor's Registry section: where its credential comes from and the user, never
 * the secret.
 */
public record RegistryRow(String registry, String source, String user) {}
