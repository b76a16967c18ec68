package io.slipway.core.context;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ProgressMonitor;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;

/**
 * Checks a git context out into a folder with JGit, as {@code docker build URL#ref:subdir} does
 * with the git command: only the wanted commit, shallow where the server allows it (a commit id the
 * server will not hand out alone is found in a full fetch), then its submodules.
 *
 * <p>{@link #cancel()} stops a fetch at the next progress update.
 */
public final class GitCheckout {

  /** Told what git is doing: a task ("Receiving objects") and how far it is (total -1: unknown). */
  @FunctionalInterface
  public interface Progress {
    void update(String task, long done, long total);
  }

  private static final Pattern COMMIT_ID = Pattern.compile("^[0-9a-fA-F]{7,40}$");
  private static final String WANTED = "refs/slipway/wanted";

  private final ContextSource.GitRepository repository;
  private final GitCredentials credentials;
  private volatile boolean cancelled;

  public GitCheckout(ContextSource.GitRepository repository, GitCredentials credentials) {
    this.repository = repository;
    this.credentials = credentials;
  }

  /**
   * Checks the repository out into {@code dir} (an empty folder) and returns the context folder:
   * {@code dir} itself, or its {@code subdir}.
   *
   * @throws ContextException for a repository, ref or folder that is not there, or refused access
   * @throws IOException when cancelled
   */
  public Path checkout(Path dir, Progress progress) throws IOException {
    String url = repository.url();
    CredentialsProvider login = credentials.forUrl(url).orElse(null);
    ProgressMonitor monitor = new Monitor(progress);
    SshdSessionFactory ssh = credentials.sshSessionFactory();
    TransportConfigCallback useSsh =
        transport -> {
          if (transport instanceof SshTransport t) {
            t.setSshSessionFactory(ssh);
          }
        };
    try (ssh;
        Git git = Git.init().setDirectory(dir.toFile()).call()) {
      StoredConfig config = git.getRepository().getConfig();
      // Submodules with relative URLs are resolved against origin's URL.
      config.setString("remote", "origin", "url", url);
      config.save();
      ObjectId commit = fetchWanted(git, login, monitor, useSsh);
      checkCancelled();
      git.checkout().setName(commit.name()).setProgressMonitor(monitor).call();
      if (Files.exists(dir.resolve(Constants.DOT_GIT_MODULES))) {
        git.submoduleInit().call();
        git.submoduleUpdate()
            .setCredentialsProvider(login)
            .setProgressMonitor(monitor)
            .setTransportConfigCallback(useSsh)
            .call();
      }
    } catch (TransportException | InvalidRemoteException e) {
      checkCancelled();
      throw transportProblem(e);
    } catch (GitAPIException | org.eclipse.jgit.api.errors.JGitInternalException e) {
      checkCancelled();
      throw new ContextException(
          "git could not check out " + repository.describe() + ": " + message(e) + ".", e);
    }
    checkCancelled();
    return contextFolder(dir);
  }

  /** Stops the checkout at git's next progress update; {@link #checkout} then throws. */
  public void cancel() {
    cancelled = true;
  }

  /** Fetches the wanted commit (shallow when possible) and returns its id. */
  private ObjectId fetchWanted(
      Git git, CredentialsProvider login, ProgressMonitor monitor, TransportConfigCallback useSsh)
      throws GitAPIException, IOException {
    Map<String, Ref> remoteRefs =
        git.lsRemote()
            .setRemote("origin")
            .setCredentialsProvider(login)
            .setTransportConfigCallback(useSsh)
            .callAsMap();
    checkCancelled();
    Optional<String> ref = repository.ref();
    Optional<String> remoteName =
        ref.isEmpty() ? Optional.of(Constants.HEAD) : refNamed(ref.get(), remoteRefs);
    Repository repo = git.getRepository();
    if (remoteName.isPresent()) {
      fetch(git, login, monitor, useSsh)
          .setRefSpecs(new RefSpec("+" + remoteName.get() + ":" + WANTED))
          .setDepth(1)
          .call();
      return peeled(repo, WANTED);
    }
    String wanted = ref.get();
    if (!COMMIT_ID.matcher(wanted).matches()) {
      throw new ContextException(
          "The git ref \""
              + wanted
              + "\" is not a branch, tag or commit of "
              + GitUrls.redactUserInfo(repository.url())
              + ". Check the name after '#' (URL#ref:folder).");
    }
    if (wanted.length() == 40) {
      // Servers that allow it hand out one commit; the others refuse and we fetch everything.
      try {
        fetch(git, login, monitor, useSsh)
            .setRefSpecs(new RefSpec(wanted.toLowerCase(Locale.ROOT) + ":" + WANTED))
            .setDepth(1)
            .call();
        ObjectId id = ObjectId.fromString(wanted.toLowerCase(Locale.ROOT));
        if (repo.getObjectDatabase().has(id)) {
          return id;
        }
      } catch (GitAPIException | org.eclipse.jgit.api.errors.JGitInternalException refused) {
        checkCancelled();
      }
    }
    fetch(git, login, monitor, useSsh)
        .setRefSpecs(
            new RefSpec("+refs/heads/*:refs/remotes/origin/*"),
            new RefSpec("+refs/tags/*:refs/tags/*"))
        .setTagOpt(TagOpt.AUTO_FOLLOW)
        .call();
    ObjectId id = repo.resolve(wanted + "^{commit}");
    if (id == null) {
      throw new ContextException(
          "The commit "
              + wanted
              + " is not in "
              + GitUrls.redactUserInfo(repository.url())
              + ". Check the id after '#' (URL#ref:folder).");
    }
    return id;
  }

  /** A fetch from origin with the login, the ssh client and progress; tags only when asked. */
  private static FetchCommand fetch(
      Git git, CredentialsProvider login, ProgressMonitor monitor, TransportConfigCallback useSsh) {
    return git.fetch()
        .setRemote("origin")
        .setTagOpt(TagOpt.NO_TAGS)
        .setCredentialsProvider(login)
        .setTransportConfigCallback(useSsh)
        .setProgressMonitor(monitor);
  }

  /** The remote ref a short name means, as git resolves it: the name itself, a branch, a tag. */
  private static Optional<String> refNamed(String name, Map<String, Ref> remoteRefs) {
    for (String candidate :
        List.of(name, Constants.R_HEADS + name, Constants.R_TAGS + name, "refs/" + name)) {
      if (remoteRefs.containsKey(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static ObjectId peeled(Repository repo, String ref) throws IOException {
    ObjectId id = repo.resolve(ref + "^{commit}");
    if (id == null) {
      throw new ContextException("git fetched " + ref + " but it names no commit.");
    }
    return id;
  }

  private Path contextFolder(Path dir) {
    if (repository.subdir().isEmpty()) {
      return dir;
    }
    String subdir = repository.subdir().get();
    Path folder = dir.resolve(subdir).normalize();
    if (!folder.startsWith(dir)) {
      throw new ContextException(
          "The folder \"" + subdir + "\" leaves the repository. Name a folder inside it.");
    }
    try {
      if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)
          || !folder.toRealPath().startsWith(dir.toRealPath())) {
        throw new ContextException(
            "There is no folder \""
                + subdir
                + "\" in "
                + repository.describe()
                + ". Check the part after ':' (URL#ref:folder).");
      }
    } catch (IOException e) {
      throw new ContextException(
          "Cannot open the folder \"" + subdir + "\" of " + repository.describe() + ".", e);
    }
    return folder;
  }

  private ContextException transportProblem(Exception e) {
    String shown = GitUrls.redactUserInfo(repository.url());
    String m = message(e).toLowerCase(Locale.ROOT);
    Throwable cause = e.getCause();
    if (m.contains("not authorized")
        || m.contains("authentication")
        || m.contains("401")
        || m.contains("403")
        || m.contains("auth fail")
        || m.contains("cannot log in")
        || m.contains("no more authentication methods")
        || m.contains("no credentialsprovider")) {
      return new ContextException(
          "git was refused access to "
              + shown
              + ". For https, store a login with `git credential-store` (~/.git-credentials)"
              + " or put it in the URL; for ssh, load your key into the ssh agent.");
    }
    if (cause instanceof NoRemoteRepositoryException
        || e instanceof InvalidRemoteException
        || m.contains("not found")
        || m.contains("does not appear to be a git repository")) {
      return new ContextException("There is no git repository at " + shown + ". Check the URL.");
    }
    return new ContextException(
        "git could not fetch "
            + shown
            + ": "
            + redact(message(e))
            + ". Check the URL and the network.",
        e);
  }

  private String redact(String text) {
    return text.replace(repository.url(), GitUrls.redactUserInfo(repository.url()));
  }

  private static String message(Throwable e) {
    String m = e.getMessage();
    return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.strip();
  }

  private void checkCancelled() throws IOException {
    if (cancelled) {
      throw new IOException("cancelled");
    }
  }

  /** JGit's progress, passed on; also how a cancel reaches a running fetch. */
  private final class Monitor implements ProgressMonitor {
    private final Progress progress;
    private String task = "";
    private long total;
    private long done;

    Monitor(Progress progress) {
      this.progress = progress;
    }

    @Override
    public void start(int totalTasks) {}

    @Override
    public void beginTask(String title, int totalWork) {
      task = title;
      total = totalWork == UNKNOWN ? -1 : totalWork;
      done = 0;
      progress.update(task, done, total);
    }

    @Override
    public void update(int completed) {
      done += completed;
      progress.update(task, done, total);
    }

    @Override
    public void endTask() {}

    @Override
    public boolean isCancelled() {
      return cancelled;
    }

    @Override
    public void showDuration(boolean enabled) {}
  }
}
