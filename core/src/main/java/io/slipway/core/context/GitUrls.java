package io.slipway.core.context;

import io.slipway.core.SlipwayException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Optional;
import java.util.regex.Pattern;

/** The docker CLI's rules for git and http(s) context URLs (moby's {@code urlutil}, gitutils). */
final class GitUrls {

  private static final Pattern GIT_SUFFIX = Pattern.compile("\\.git(?:#.+)?$");

  private GitUrls() {}

  /** An {@code http://} or {@code https://} URL ({@code urlutil.IsURL}). */
  static boolean isUrl(String text) {
    return text.startsWith("http://") || text.startsWith("https://");
  }

  /**
   * {@code urlutil.IsGitURL}: an http(s) URL whose path ends in {@code .git} (before an optional
   * {@code #fragment}), or anything starting with {@code git://}, {@code github.com/} or {@code
   * git@}. Slipway also takes {@code ssh://} URLs (as buildx does) and a {@code file://} URL ending
   * in {@code .git} (a repository on this machine, which docker would take for a path).
   */
  static boolean isGitUrl(String text) {
    if ((isUrl(text) || text.startsWith("file://")) && GIT_SUFFIX.matcher(text).find()) {
      return true;
    }
    return text.startsWith("git://")
        || text.startsWith("github.com/")
        || text.startsWith("git@")
        || text.startsWith("ssh://");
  }

  /**
   * {@code parseRemoteURL}: {@code remote#ref:subdir}; anything that is not http(s), git:// or git@
   * gets {@code https://} in front. Unlike docker 20.10 (which assumed {@code master}), an empty
   * ref is kept empty: the remote's default branch, as newer docker versions do.
   */
  static ContextSource.GitRepository parse(String text) {
    String remote = text;
    if (!isUrl(remote)
        && !remote.startsWith("git://")
        && !remote.startsWith("git@")
        && !remote.startsWith("file://")
        && !remote.startsWith("ssh://")) {
      remote = "https://" + remote;
    }
    String fragment = "";
    int hash = remote.indexOf('#');
    if (hash >= 0) {
      fragment = remote.substring(hash + 1);
      remote = remote.substring(0, hash);
    }
    String ref = fragment;
    String subdir = "";
    int colon = fragment.indexOf(':');
    if (colon >= 0) {
      ref = fragment.substring(0, colon);
      subdir = fragment.substring(colon + 1);
    }
    if (ref.startsWith("-")) {
      throw new SlipwayException(
          "Invalid git ref \""
              + ref
              + "\" in "
              + redactUserInfo(text)
              + ": a ref cannot start with '-'. Name a branch, tag or commit.");
    }
    return new ContextSource.GitRepository(remote, Optional.of(ref), Optional.of(subdir));
  }

  /** The URL with a {@code user[:password]@} part shown as {@code …@}. */
  static String redactUserInfo(String url) {
    Optional<String> info = userInfo(url);
    return info.map(i -> url.replace(i + "@", "…@")).orElse(url);
  }

  /** Whether the URL carries a password ({@code https://user:pw@host/…}). */
  static boolean hasPassword(String url) {
    return userInfo(url).filter(i -> i.contains(":")).isPresent();
  }

  private static Optional<String> userInfo(String url) {
    try {
      return Optional.ofNullable(new URI(url).getRawUserInfo());
    } catch (URISyntaxException e) {
      // git@host:repo (scp-like) is no URI and cannot carry a password; for anything else that
      // fails to parse, look for user info between "://" and the first '/'.
      int scheme = url.indexOf("://");
      if (scheme < 0) {
        return Optional.empty();
      }
      int end = url.indexOf('/', scheme + 3);
      String authority = end < 0 ? url.substring(scheme + 3) : url.substring(scheme + 3, end);
      int at = authority.lastIndexOf('@');
      return at < 0 ? Optional.empty() : Optional.of(authority.substring(0, at));
    }
  }
}
