package io.slipway.core.build;

import io.slipway.core.context.Compression;
import io.slipway.core.context.ContextSource;
import io.slipway.core.profile.OutputSpec;
import io.slipway.core.profile.SecretReference;
import io.slipway.core.profile.SshReference;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one build needs, immutable. Built with {@link #builder(Path)}; the builder service
 * checks it (paths, tags, patterns) before anything is sent.
 *
 * @param source where the context comes from: a local folder, a git repository, a URL or a tar
 *     archive (git and URL contexts are fetched when the build runs)
 * @param dockerfile the Dockerfile, relative to the context (or absolute for a local folder);
 *     default {@code Dockerfile}; ignored when {@code inlineDockerfile} is given
 * @param inlineDockerfile the Dockerfile's text, sent with the context as {@code docker build -f -}
 *     does
 * @param secrets {@code --secret}s, by reference (BuildKit's session only)
 * @param ssh {@code --ssh} agents and keys, by reference (BuildKit's session only)
 * @param output {@code --output}; empty means the image (BuildKit's session for local and tar)
 */
public record BuildRequest(
    ContextSource source,
    String dockerfile,
    Optional<String> inlineDockerfile,
    List<String> tags,
    List<BuildArg> buildArgs,
    Optional<String> target,
    Map<String, String> labels,
    boolean noCache,
    boolean pull,
    boolean removeIntermediate,
    boolean forceRemoveIntermediate,
    Optional<String> network,
    Optional<String> platform,
    List<String> extraHosts,
    List<String> cacheFrom,
    Optional<Path> iidFile,
    boolean quiet,
    Compression compression,
    List<SecretReference> secrets,
    List<SshReference> ssh,
    Optional<OutputSpec> output) {

  public static final String DEFAULT_DOCKERFILE = "Dockerfile";

  public BuildRequest {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(inlineDockerfile, "inlineDockerfile");
    dockerfile = dockerfile == null || dockerfile.isBlank() ? DEFAULT_DOCKERFILE : dockerfile;
    tags = List.copyOf(tags);
    buildArgs = List.copyOf(buildArgs);
    labels = Map.copyOf(labels);
    extraHosts = List.copyOf(extraHosts);
    cacheFrom = List.copyOf(cacheFrom);
    Objects.requireNonNull(target);
    Objects.requireNonNull(network);
    Objects.requireNonNull(platform);
    Objects.requireNonNull(iidFile);
    Objects.requireNonNull(compression);
    secrets = List.copyOf(secrets);
    ssh = List.copyOf(ssh);
    Objects.requireNonNull(output);
  }

  /** Whether this build needs BuildKit's session: secrets, ssh, or a local or tar output. */
  public boolean needsSession() {
    return !secrets.isEmpty()
        || !ssh.isEmpty()
        || output.filter(o -> o.type().equals("local") || o.type().equals("tar")).isPresent();
  }

  /** A request whose context is a local folder. */
  public static Builder builder(Path contextDir) {
    return new Builder(new ContextSource.LocalFolder(contextDir));
  }

  public static Builder builder(ContextSource source) {
    return new Builder(source);
  }

  /** The context folder, when the context is a local folder. */
  public Optional<Path> localFolder() {
    return source instanceof ContextSource.LocalFolder f ? Optional.of(f.path()) : Optional.empty();
  }

  public Builder toBuilder() {
    Builder b = new Builder(source);
    b.dockerfile = dockerfile;
    b.inlineDockerfile = inlineDockerfile.orElse(null);
    b.tags.addAll(tags);
    b.buildArgs.addAll(buildArgs);
    b.target = target.orElse(null);
    b.labels.putAll(labels);
    b.noCache = noCache;
    b.pull = pull;
    b.removeIntermediate = removeIntermediate;
    b.forceRemoveIntermediate = forceRemoveIntermediate;
    b.network = network.orElse(null);
    b.platform = platform.orElse(null);
    b.extraHosts.addAll(extraHosts);
    b.cacheFrom.addAll(cacheFrom);
    b.iidFile = iidFile.orElse(null);
    b.quiet = quiet;
    b.compression = compression;
    b.secrets.addAll(secrets);
    b.ssh.addAll(ssh);
    b.output = output.orElse(null);
    return b;
  }

  /** Collects a request. Defaults are {@code docker build}'s: rm on, everything else off. */
  public static final class Builder {
    private final ContextSource source;
    private String dockerfile = DEFAULT_DOCKERFILE;
    private String inlineDockerfile;
    private final List<String> tags = new ArrayList<>();
    private final List<BuildArg> buildArgs = new ArrayList<>();
    private String target;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private boolean noCache;
    private boolean pull;
    private boolean removeIntermediate = true;
    private boolean forceRemoveIntermediate;
    private String network;
    private String platform;
    private final List<String> extraHosts = new ArrayList<>();
    private final List<String> cacheFrom = new ArrayList<>();
    private Path iidFile;
    private boolean quiet;
    private Compression compression = Compression.IDENTITY;
    private final List<SecretReference> secrets = new ArrayList<>();
    private final List<SshReference> ssh = new ArrayList<>();
    private OutputSpec output;

    private Builder(ContextSource source) {
      this.source = source;
    }

    public Builder dockerfile(String dockerfile) {
      this.dockerfile = dockerfile;
      return this;
    }

    /** The Dockerfile's text, instead of a file in the context; null for none. */
    public Builder inlineDockerfile(String text) {
      this.inlineDockerfile = text;
      return this;
    }

    public Builder tag(String tag) {
      tags.add(tag);
      return this;
    }

    public Builder tags(List<String> more) {
      tags.addAll(more);
      return this;
    }

    public Builder buildArg(BuildArg arg) {
      buildArgs.add(arg);
      return this;
    }

    public Builder buildArg(String name, String value) {
      return buildArg(new BuildArg(name, Optional.of(value)));
    }

    public Builder target(String target) {
      this.target = target;
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    public Builder noCache(boolean noCache) {
      this.noCache = noCache;
      return this;
    }

    public Builder pull(boolean pull) {
      this.pull = pull;
      return this;
    }

    public Builder removeIntermediate(boolean rm) {
      this.removeIntermediate = rm;
      return this;
    }

    public Builder forceRemoveIntermediate(boolean forceRm) {
      this.forceRemoveIntermediate = forceRm;
      return this;
    }

    public Builder network(String network) {
      this.network = network;
      return this;
    }

    public Builder platform(String platform) {
      this.platform = platform;
      return this;
    }

    public Builder extraHost(String hostIp) {
      extraHosts.add(hostIp);
      return this;
    }

    public Builder cacheFrom(String image) {
      cacheFrom.add(image);
      return this;
    }

    public Builder iidFile(Path iidFile) {
      this.iidFile = iidFile;
      return this;
    }

    public Builder quiet(boolean quiet) {
      this.quiet = quiet;
      return this;
    }

    public Builder compression(Compression compression) {
      this.compression = compression;
      return this;
    }

    public Builder secret(SecretReference secret) {
      secrets.add(secret);
      return this;
    }

    public Builder ssh(SshReference reference) {
      ssh.add(reference);
      return this;
    }

    /** The output; null (or {@code type=image}) for the image. */
    public Builder output(OutputSpec output) {
      this.output = output;
      return this;
    }

    public BuildRequest build() {
      return new BuildRequest(
          source,
          dockerfile,
          Optional.ofNullable(inlineDockerfile),
          tags,
          buildArgs,
          Optional.ofNullable(blankToNull(target)),
          labels,
          noCache,
          pull,
          removeIntermediate,
          forceRemoveIntermediate,
          Optional.ofNullable(blankToNull(network)),
          Optional.ofNullable(blankToNull(platform)),
          extraHosts,
          cacheFrom,
          Optional.ofNullable(iidFile),
          quiet,
          compression,
          secrets,
          ssh,
          Optional.ofNullable(output).filter(o -> !o.type().equals("image")));
    }

    private static String blankToNull(String s) {
      return s == null || s.isBlank() ? null : s;
    }
  }
}
