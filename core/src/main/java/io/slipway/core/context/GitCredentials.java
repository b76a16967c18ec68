package io.slipway.core.context;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * Logins for private git repositories over https, from where git keeps them: a {@code user:token@}
 * in the URL, else {@code ~/.git-credentials} (git's credential store: one URL with its login per
 * line). ssh URLs ({@code git@host:repo}, {@code ssh://}) use the ssh agent at {@code
 * SSH_AUTH_SOCK} and the keys, {@code known_hosts} and {@code config} in {@code ~/.ssh}, as ssh
 * does.
 */
public final class GitCredentials {

  private record Stored(String scheme, String host, int port, String path, String user, String pw) {
    @Override
    public String toString() {
      return "Stored[" + scheme + "://" + host + "]";
    }
  }

  private final List<Stored> store;
  private final Optional<Path> home;
  private final Optional<String> sshAuthSock;

  private GitCredentials(List<Stored> store, Optional<Path> home, Optional<String> sshAuthSock) {
    this.store = List.copyOf(store);
    this.home = home;
    this.sshAuthSock = sshAuthSock;
  }

  /** No stored logins and no ssh agent; only what a URL carries (and ssh's own defaults). */
  public static GitCredentials none() {
    return new GitCredentials(List.of(), Optional.empty(), Optional.empty());
  }

  /**
   * Reads {@code $HOME/.git-credentials}, when it exists (unreadable lines are skipped), and takes
   * {@code HOME} (for {@code ~/.ssh}) and {@code SSH_AUTH_SOCK} for ssh URLs.
   */
  public static GitCredentials fromEnvironment(Map<String, String> environment) {
    String home = environment.getOrDefault("HOME", System.getProperty("user.home"));
    Optional<String> agent = Optional.ofNullable(environment.get("SSH_AUTH_SOCK"));
    if (home == null) {
      return new GitCredentials(List.of(), Optional.empty(), agent);
    }
    return new GitCredentials(
        readStore(Path.of(home, ".git-credentials")), Optional.of(Path.of(home)), agent);
  }

  private static List<Stored> readStore(Path file) {
    if (!Files.isRegularFile(file)) {
      return List.of();
    }
    try {
      List<Stored> stored = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        parse(line.strip()).ifPresent(stored::add);
      }
      return stored;
    } catch (IOException e) {
      return List.of();
    }
  }

  /**
   * The ssh client for this user: keys, known hosts and config from {@code ~/.ssh}, keys also from
   * the agent. Close it after the checkout.
   */
  SshdSessionFactory sshSessionFactory() {
    SshdSessionFactoryBuilder builder =
        new SshdSessionFactoryBuilder().setConnectorFactory(new SshAgentConnectors(sshAuthSock));
    Path h = home.orElse(Path.of(System.getProperty("user.home")));
    builder.setHomeDirectory(h.toFile()).setSshDirectory(h.resolve(".ssh").toFile());
    return builder.build(null);
  }

  private static Optional<Stored> parse(String line) {
    try {
      URI uri = new URI(line);
      String info = uri.getRawUserInfo();
      if (info == null || uri.getHost() == null || !info.contains(":")) {
        return Optional.empty();
      }
      int colon = info.indexOf(':');
      return Optional.of(
          new Stored(
              uri.getScheme(),
              uri.getHost(),
              uri.getPort(),
              uri.getPath() == null ? "" : uri.getPath(),
              decode(info.substring(0, colon)),
              decode(info.substring(colon + 1))));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /** The login for {@code url}: its own user info first, then the first stored match. */
  public Optional<CredentialsProvider> forUrl(String url) {
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.empty(); // scp-like git@host:repo: ssh, no password
    }
    String info = uri.getRawUserInfo();
    if (info != null && info.contains(":")) {
      int colon = info.indexOf(':');
      return Optional.of(
          new UsernamePasswordCredentialsProvider(
              decode(info.substring(0, colon)), decode(info.substring(colon + 1))));
    }
    for (Stored s : store) {
      // git's store matches scheme and host, and a path only when the stored line has one.
      if (s.scheme().equalsIgnoreCase(uri.getScheme())
          && s.host().equalsIgnoreCase(uri.getHost())
          && s.port() == uri.getPort()
          && (s.path().isEmpty()
              || s.path().equals("/")
              || (uri.getPath() != null && uri.getPath().startsWith(s.path())))) {
        return Optional.of(new UsernamePasswordCredentialsProvider(s.user(), s.pw()));
      }
    }
    return Optional.empty();
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "GitCredentials[" + store.size() + " stored logins]";
  }
}
