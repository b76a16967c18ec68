package io.slipway.core.profile;

import io.slipway.core.SlipwayException;
import io.slipway.core.build.BuildArg;
import io.slipway.core.build.BuildRequest;
import io.slipway.core.build.selection.BuilderChoice;
import io.slipway.core.context.Compression;
import io.slipway.core.context.ContextSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A saved build: what a user keeps instead of retyping {@code docker build} flags. Immutable; made
 * with {@link #builder(String)} or {@link #toBuilder()}, changed with the withers.
 *
 * <p>The constructor only makes the value well-formed (no nulls, unmodifiable collections); what
 * the fields <em>mean</em> is checked by {@link ProfileValidation}, which reports every problem at
 * once, so that a hand-edited file with mistakes still loads and can be shown and fixed.
 *
 * <p>No secret value has a field here: secrets and SSH keys are {@link SecretReference}s and {@link
 * SshReference}s, and a build arg either has the value the user typed or takes it from the
 * environment when the build runs. {@link #toString()} shows build args as {@link BuildArg} does,
 * without values, and URLs without passwords.
 *
 * @param context empty until one is chosen (then {@link ProfileValidation} reports it)
 * @param dockerfile empty: the context's own {@code Dockerfile}
 * @param labels in the order given
 * @param iidFile where to write the image id
 */
public record BuildProfile(
    String name,
    Optional<ContextSource> context,
    Optional<DockerfileSource> dockerfile,
    List<String> tags,
    List<BuildArg> buildArgs,
    Optional<String> target,
    Map<String, String> labels,
    Optional<String> platform,
    Optional<String> network,
    List<String> extraHosts,
    boolean noCache,
    boolean pull,
    BuilderChoice builder,
    Compression compression,
    List<String> cacheFrom,
    Optional<OutputSpec> output,
    List<SecretReference> secrets,
    List<SshReference> ssh,
    Optional<Path> iidFile,
    EngineChoice engine) {

  public BuildProfile {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(dockerfile, "dockerfile");
    tags = List.copyOf(tags);
    buildArgs = List.copyOf(buildArgs);
    target = blankToEmpty(target);
    labels.forEach(
        (k, v) -> {
          Objects.requireNonNull(k, "label key");
          Objects.requireNonNull(v, "label value");
        });
    labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    platform = blankToEmpty(platform);
    network = blankToEmpty(network);
    extraHosts = List.copyOf(extraHosts);
    Objects.requireNonNull(builder, "builder");
    Objects.requireNonNull(compression, "compression");
    cacheFrom = List.copyOf(cacheFrom);
    Objects.requireNonNull(output, "output");
    secrets = List.copyOf(secrets);
    ssh = List.copyOf(ssh);
    Objects.requireNonNull(iidFile, "iidFile");
    Objects.requireNonNull(engine, "engine");
  }

  private static Optional<String> blankToEmpty(Optional<String> value) {
    return Objects.requireNonNull(value).filter(v -> !v.isBlank());
  }

  /** An empty profile: docker build's defaults, no context yet. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  public Builder toBuilder() {
    Builder b = new Builder(name);
    b.context = context.orElse(null);
    b.dockerfile = dockerfile.orElse(null);
    b.tags.addAll(tags);
    b.buildArgs.addAll(buildArgs);
    b.target = target.orElse(null);
    b.labels.putAll(labels);
    b.platform = platform.orElse(null);
    b.network = network.orElse(null);
    b.extraHosts.addAll(extraHosts);
    b.noCache = noCache;
    b.pull = pull;
    b.builder = builder;
    b.compression = compression;
    b.cacheFrom.addAll(cacheFrom);
    b.output = output.orElse(null);
    b.secrets.addAll(secrets);
    b.ssh.addAll(ssh);
    b.iidFile = iidFile.orElse(null);
    b.engine = engine;
    return b;
  }

  public BuildProfile withName(String newName) {
    return toBuilder().name(newName).build();
  }

  public BuildProfile withContext(ContextSource newContext) {
    return toBuilder().context(newContext).build();
  }

  public BuildProfile withTags(List<String> newTags) {
    return toBuilder().clearTags().tags(newTags).build();
  }

  /**
   * The request for a build of this profile, for the caller to adjust ({@code quiet}, {@code rm})
   * and build. The request's own checks (tags, hosts, the Dockerfile inside the context) run when
   * the build starts; run {@link ProfileValidation#problems} first to report every problem at once.
   *
   * @throws SlipwayException when the profile has no context (secrets, SSH and outputs other than
   *     the image need the BuildKit builder, which checks them)
   */
  public BuildRequest.Builder toRequestBuilder() {
    ContextSource source =
        context.orElseThrow(
            () ->
                new ProfileException(
                    "context",
                    "profile \""
                        + name
                        + "\" has no build context. Choose a folder, a git URL, a URL or a tar"
                        + " archive."));
    BuildRequest.Builder b =
        BuildRequest.builder(source)
            .dockerfile(
                dockerfile
                    .filter(DockerfileSource.InContext.class::isInstance)
                    .map(d -> ((DockerfileSource.InContext) d).path())
                    .orElse(null))
            .inlineDockerfile(
                dockerfile
                    .filter(DockerfileSource.Inline.class::isInstance)
                    .map(d -> ((DockerfileSource.Inline) d).text())
                    .orElse(null))
            .tags(tags)
            .target(target.orElse(null))
            .noCache(noCache)
            .pull(pull)
            .platform(platform.orElse(null))
            .network(network.orElse(null))
            .iidFile(iidFile.orElse(null))
            .compression(compression)
            .output(output.orElse(null));
    secrets.forEach(b::secret);
    ssh.forEach(b::ssh);
    buildArgs.forEach(b::buildArg);
    labels.forEach(b::label);
    extraHosts.forEach(b::extraHost);
    cacheFrom.forEach(b::cacheFrom);
    return b;
  }

  /** Every field, but build arg values hidden ({@link BuildArg#toString()}) and no URL password. */
  @Override
  public String toString() {
    return "BuildProfile["
        + "name="
        + name
        + ", context="
        + context.map(ContextSource::describe).orElse("(none)")
        + ", dockerfile="
        + dockerfile.map(Object::toString).orElse("(default)")
        + ", tags="
        + tags
        + ", buildArgs="
        + buildArgs.stream().map(BuildArg::toString).collect(Collectors.toList())
        + ", target="
        + target.orElse("")
        + ", labels="
        + labels
        + ", platform="
        + platform.orElse("")
        + ", network="
        + network.orElse("")
        + ", extraHosts="
        + extraHosts
        + ", noCache="
        + noCache
        + ", pull="
        + pull
        + ", builder="
        + builder
        + ", compression="
        + compression
        + ", cacheFrom="
        + cacheFrom
        + ", output="
        + output.map(OutputSpec::toFlag).orElse("")
        + ", secrets="
        + secrets.stream().map(SecretReference::toFlag).collect(Collectors.toList())
        + ", ssh="
        + ssh.stream().map(SshReference::toFlag).collect(Collectors.toList())
        + ", iidFile="
        + iidFile.map(Path::toString).orElse("")
        + ", engine="
        + engine.describe()
        + "]";
  }

  /** Collects a profile. Defaults are {@code docker build}'s; the builder is Auto. */
  public static final class Builder {
    private String name;
    private ContextSource context;
    private DockerfileSource dockerfile;
    private final List<String> tags = new ArrayList<>();
    private final List<BuildArg> buildArgs = new ArrayList<>();
    private String target;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private String platform;
    private String network;
    private final List<String> extraHosts = new ArrayList<>();
    private boolean noCache;
    private boolean pull;
    private BuilderChoice builder = BuilderChoice.AUTO;
    private Compression compression = Compression.IDENTITY;
    private final List<String> cacheFrom = new ArrayList<>();
    private OutputSpec output;
    private final List<SecretReference> secrets = new ArrayList<>();
    private final List<SshReference> ssh = new ArrayList<>();
    private Path iidFile;
    private EngineChoice engine = EngineChoice.DEFAULT;

    private Builder(String name) {
      this.name = name;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder context(ContextSource context) {
      this.context = context;
      return this;
    }

    /** Null: the context's own {@code Dockerfile}. */
    public Builder dockerfile(DockerfileSource dockerfile) {
      this.dockerfile = dockerfile;
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

    public Builder clearTags() {
      tags.clear();
      return this;
    }

    public Builder buildArg(BuildArg arg) {
      buildArgs.add(arg);
      return this;
    }

    /**
     * Sets a build arg, replacing one of the same name where it stands (or adding it at the end).
     */
    public Builder putBuildArg(BuildArg arg) {
      for (int i = 0; i < buildArgs.size(); i++) {
        if (buildArgs.get(i).name().equals(arg.name())) {
          buildArgs.set(i, arg);
          return this;
        }
      }
      buildArgs.add(arg);
      return this;
    }

    public Builder clearBuildArgs() {
      buildArgs.clear();
      return this;
    }

    public Builder target(String target) {
      this.target = target;
      return this;
    }

    public Builder label(String key, String value) {
      labels.put(key, value);
      return this;
    }

    public Builder clearLabels() {
      labels.clear();
      return this;
    }

    public Builder platform(String platform) {
      this.platform = platform;
      return this;
    }

    public Builder network(String network) {
      this.network = network;
      return this;
    }

    public Builder extraHost(String hostIp) {
      extraHosts.add(hostIp);
      return this;
    }

    public Builder clearExtraHosts() {
      extraHosts.clear();
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

    public Builder builder(BuilderChoice builder) {
      this.builder = builder;
      return this;
    }

    public Builder compression(Compression compression) {
      this.compression = compression;
      return this;
    }

    public Builder cacheFrom(String image) {
      cacheFrom.add(image);
      return this;
    }

    public Builder clearCacheFrom() {
      cacheFrom.clear();
      return this;
    }

    public Builder output(OutputSpec output) {
      this.output = output;
      return this;
    }

    public Builder secret(SecretReference secret) {
      secrets.add(secret);
      return this;
    }

    /** Sets a secret, replacing one with the same id where it stands. */
    public Builder putSecret(SecretReference secret) {
      for (int i = 0; i < secrets.size(); i++) {
        if (secrets.get(i).id().equals(secret.id())) {
          secrets.set(i, secret);
          return this;
        }
      }
      secrets.add(secret);
      return this;
    }

    public Builder ssh(SshReference reference) {
      ssh.add(reference);
      return this;
    }

    /** Sets an SSH reference, replacing one with the same id where it stands. */
    public Builder putSsh(SshReference reference) {
      for (int i = 0; i < ssh.size(); i++) {
        if (ssh.get(i).id().equals(reference.id())) {
          ssh.set(i, reference);
          return this;
        }
      }
      ssh.add(reference);
      return this;
    }

    public Builder iidFile(Path iidFile) {
      this.iidFile = iidFile;
      return this;
    }

    public Builder engine(EngineChoice engine) {
      this.engine = engine;
      return this;
    }

    public BuildProfile build() {
      return new BuildProfile(
          name,
          Optional.ofNullable(context),
          Optional.ofNullable(dockerfile),
          tags,
          buildArgs,
          Optional.ofNullable(target),
          labels,
          Optional.ofNullable(platform),
          Optional.ofNullable(network),
          extraHosts,
          noCache,
          pull,
          builder,
          compression,
          cacheFrom,
          Optional.ofNullable(output),
          secrets,
          ssh,
          Optional.ofNullable(iidFile),
          engine);
    }
  }
}
