package io.slipway.app.profiles;

import io.slipway.core.context.ContextSource;

/** The kinds of build context the editor offers. */
public enum ContextKind {
  FOLDER("Folder", "/path/to/folder"),
  GIT("Git repository", "https://github.com/org/repo.git#main:dir"),
  URL("URL", "https://example.com/context.tar.gz"),
  TAR("Tar archive", "/path/to/context.tar.gz");

  private final String label;
  private final String prompt;

  ContextKind(String label, String prompt) {
    this.label = label;
    this.prompt = prompt;
  }

  public String prompt() {
    return prompt;
  }

  @Override
  public String toString() {
    return label;
  }

  public static ContextKind of(ContextSource source) {
    if (source instanceof ContextSource.GitRepository) {
      return GIT;
    }
    if (source instanceof ContextSource.RemoteUrl) {
      return URL;
    }
    if (source instanceof ContextSource.TarArchive) {
      return TAR;
    }
    return FOLDER;
  }

  /** The location as the editor's field shows it. */
  public static String location(ContextSource source) {
    if (source instanceof ContextSource.GitRepository git) {
      return git.toFragmentForm();
    }
    if (source instanceof ContextSource.RemoteUrl url) {
      return url.url();
    }
    if (source instanceof ContextSource.TarArchive tar) {
      return tar.path().toString();
    }
    return ((ContextSource.LocalFolder) source).path().toString();
  }
}
