package io.slipway.core.auth;

import java.nio.file.Path;
import java.util.Objects;

/** Where a registry's credentials came from, as {@code slipway auth ls} shows it. */
public sealed interface CredentialSource {

  /** Short words for people: {@code config.json}, {@code credsStore: pass}, … */
  String describe();

  /** The {@code auths} section of config.json. */
  record ConfigFile(Path file) implements CredentialSource {
    public ConfigFile {
      Objects.requireNonNull(file, "file");
    }

    @Override
    public String describe() {
      Path name = file.getFileName();
      return name == null ? file.toString() : name.toString();
    }
  }

  /** The helper named by config.json's {@code credsStore}, for every registry. */
  record CredsStore(String helper) implements CredentialSource {
    public CredsStore {
      Objects.requireNonNull(helper, "helper");
    }

    @Override
    public String describe() {
      return "credsStore: " + helper;
    }
  }

  /** The helper named for one registry in config.json's {@code credHelpers}. */
  record CredHelper(String helper) implements CredentialSource {
    public CredHelper {
      Objects.requireNonNull(helper, "helper");
    }

    @Override
    public String describe() {
      return "credHelpers: " + helper;
    }
  }
}
