package io.slipway.app.profiles;

import io.slipway.core.SlipwayException;
import io.slipway.core.auth.AllCredentials;
import io.slipway.core.auth.RegistryCredentials;
import io.slipway.core.auth.RegistryNames;
import io.slipway.core.build.BuildArg;
import io.slipway.core.build.BuildRequest;
import io.slipway.core.build.DockerfileOutline;
import io.slipway.core.build.selection.BuilderChoice;
import io.slipway.core.context.Compression;
import io.slipway.core.context.ContextSource;
import io.slipway.core.profile.BuildProfile;
import io.slipway.core.profile.DockerfileSource;
import io.slipway.core.profile.EngineChoice;
import io.slipway.core.profile.OutputSpec;
import io.slipway.core.profile.ProfileProblem;
import io.slipway.core.profile.ProfileValidation;
import io.slipway.core.profile.SecretReference;
import io.slipway.core.profile.SshReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.beans.InvalidationListener;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;

/**
 * The profile editor's state: one property per field of a {@link BuildProfile}, the draft they
 * make, and every problem with it by field ({@link ProfileValidation}, plus what cannot even be
 * parsed), recomputed as the user types. The Dockerfile's stages and ARGs are read off the UI
 * thread and offered; the registries and where their credentials come from are listed.
 *
 * <p>No controls and no toolkit: every method is called on the UI thread; disk work runs on {@code
 * background} and comes back through {@code ui}.
 */
public final class ProfileEditorViewModel {

  /** The fields problems are reported by, as {@link ProfileValidation} names them. */
  public static final List<String> FIELDS =
      List.of(
          "name",
          "context",
          "dockerfile",
          "tags",
          "buildArgs",
          "target",
          "labels",
          "platform",
          "network",
          "extraHosts",
          "cacheFrom",
          "output",
          "secrets",
          "ssh",
          "iidfile",
          "engine");

  private final Executor background;
  private final Executor ui;
  private final Path home;

  // ---- the fields
  private final StringProperty name = new SimpleStringProperty(this, "name", "");
  private final ObjectProperty<ContextKind> contextKind =
      new SimpleObjectProperty<>(this, "contextKind", ContextKind.FOLDER);
  private final StringProperty contextLocation = new SimpleStringProperty(this, "context", "");
  private final BooleanProperty inlineDockerfile = new SimpleBooleanProperty(this, "inline");
  private final StringProperty dockerfilePath = new SimpleStringProperty(this, "dockerfile", "");
  private final StringProperty dockerfileText = new SimpleStringProperty(this, "text", "");
  private final ObservableList<String> tags = FXCollections.observableArrayList();
  private final StringProperty target = new SimpleStringProperty(this, "target", "");
  private final ObservableList<KeyValueRow> buildArgs =
      FXCollections.observableArrayList(
          r -> new Observable[] {r.keyProperty(), r.valueProperty(), r.fromEnvironmentProperty()});
  private final ObservableList<KeyValueRow> labels =
      FXCollections.observableArrayList(r -> new Observable[] {r.keyProperty(), r.valueProperty()});
  private final StringProperty platform = new SimpleStringProperty(this, "platform", "");
  private final StringProperty network = new SimpleStringProperty(this, "network", "");
  private final StringProperty extraHosts = new SimpleStringProperty(this, "extraHosts", "");
  private final BooleanProperty noCache = new SimpleBooleanProperty(this, "noCache");
  private final BooleanProperty pull = new SimpleBooleanProperty(this, "pull");
  private final ObjectProperty<BuilderChoice> builder =
      new SimpleObjectProperty<>(this, "builder", BuilderChoice.AUTO);
  private final ObjectProperty<Compression> compression =
      new SimpleObjectProperty<>(this, "compression", Compression.IDENTITY);
  private final StringProperty cacheFrom = new SimpleStringProperty(this, "cacheFrom", "");
  private final StringProperty output = new SimpleStringProperty(this, "output", "");
  private final StringProperty secrets = new SimpleStringProperty(this, "secrets", "");
  private final StringProperty ssh = new SimpleStringProperty(this, "ssh", "");
  private final StringProperty iidFile = new SimpleStringProperty(this, "iidFile", "");
  private final StringProperty engine = new SimpleStringProperty(this, "engine", "default");

  // ---- what they make
  private final ReadOnlyObjectWrapper<BuildProfile> draft = new ReadOnlyObjectWrapper<>();
  private final Map<String, ReadOnlyStringWrapper> problems = new LinkedHashMap<>();
  private final ReadOnlyStringWrapper firstProblem = new ReadOnlyStringWrapper("");
  private final ReadOnlyBooleanWrapper dirty = new ReadOnlyBooleanWrapper();
  private final ReadOnlyBooleanWrapper editing = new ReadOnlyBooleanWrapper();

  // ---- read from the Dockerfile
  private final ObservableList<String> stages = FXCollections.observableArrayList();
  private final ObservableList<DockerfileOutline.Arg> declaredArgs =
      FXCollections.observableArrayList();
  private final ObservableList<DockerfileOutline.Arg> offeredArgs =
      FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper dockerfileNote = new ReadOnlyStringWrapper("");
  private final ObservableList<String> dockerfiles = FXCollections.observableArrayList();

  // ---- engines to offer: default and the docker contexts
  private final ObservableList<String> engines = FXCollections.observableArrayList("default");

  // ---- registries
  private final ObservableList<RegistryRow> registries = FXCollections.observableArrayList();
  private final ReadOnlyStringWrapper registriesNote =
      new ReadOnlyStringWrapper("Reading ~/.docker/config.json…");

  private BuildProfile loaded;
  private boolean loadedSaved;
  private boolean loading;
  private int outlineGeneration;

  public ProfileEditorViewModel(Executor background, Executor ui, Path home) {
    this.background = Objects.requireNonNull(background);
    this.ui = Objects.requireNonNull(ui);
    this.home = Objects.requireNonNull(home);
    for (String field : FIELDS) {
      problems.put(field, new ReadOnlyStringWrapper(""));
    }
    InvalidationListener changed = o -> recompute();
    for (Observable o :
        List.<Observable>of(
            name,
            contextKind,
            contextLocation,
            inlineDockerfile,
            dockerfilePath,
            dockerfileText,
            tags,
            target,
            buildArgs,
            labels,
            platform,
            network,
            extraHosts,
            noCache,
            pull,
            builder,
            compression,
            cacheFrom,
            output,
            secrets,
            ssh,
            iidFile,
            engine)) {
      o.addListener(changed);
    }
    InvalidationListener outline = o -> readOutline();
    for (Observable o :
        List.<Observable>of(
            contextKind, contextLocation, inlineDockerfile, dockerfilePath, dockerfileText)) {
      o.addListener(outline);
    }
    buildArgs.addListener((ListChangeListener<KeyValueRow>) c -> updateOffered());
    declaredArgs.addListener((ListChangeListener<DockerfileOutline.Arg>) c -> updateOffered());
  }

  // =====================================================================================
  // Fields

  public StringProperty nameProperty() {
    return name;
  }

  public ObjectProperty<ContextKind> contextKindProperty() {
    return contextKind;
  }

  public StringProperty contextLocationProperty() {
    return contextLocation;
  }

  /** True: the Dockerfile's text is kept in the profile; false: a path in the context. */
  public BooleanProperty inlineDockerfileProperty() {
    return inlineDockerfile;
  }

  /** The Dockerfile's path in the context; blank for the context's own {@code Dockerfile}. */
  public StringProperty dockerfilePathProperty() {
    return dockerfilePath;
  }

  public StringProperty dockerfileTextProperty() {
    return dockerfileText;
  }

  public ObservableList<String> tags() {
    return tags;
  }

  public StringProperty targetProperty() {
    return target;
  }

  public ObservableList<KeyValueRow> buildArgs() {
    return buildArgs;
  }

  public ObservableList<KeyValueRow> labels() {
    return labels;
  }

  public StringProperty platformProperty() {
    return platform;
  }

  public StringProperty networkProperty() {
    return network;
  }

  /** One {@code host:ip} a line. */
  public StringProperty extraHostsProperty() {
    return extraHosts;
  }

  public BooleanProperty noCacheProperty() {
    return noCache;
  }

  public BooleanProperty pullProperty() {
    return pull;
  }

  public ObjectProperty<BuilderChoice> builderProperty() {
    return builder;
  }

  public ObjectProperty<Compression> compressionProperty() {
    return compression;
  }

  /** One image a line. */
  public StringProperty cacheFromProperty() {
    return cacheFrom;
  }

  /** {@code type=local,dest=out}; blank for the image. */
  public StringProperty outputProperty() {
    return output;
  }

  /** One {@code --secret} a line: {@code id=npmrc,src=/home/me/.npmrc} or {@code id=t,env=T}. */
  public StringProperty secretsProperty() {
    return secrets;
  }

  /** One {@code --ssh} a line: {@code default} or {@code id=/path/to/key}. */
  public StringProperty sshProperty() {
    return ssh;
  }

  public StringProperty iidFileProperty() {
    return iidFile;
  }

  /** {@code default}, a docker context name, or an address. */
  public StringProperty engineProperty() {
    return engine;
  }

  // =====================================================================================
  // Results

  /** The profile the fields make now (what Build builds); null until one is loaded. */
  public ReadOnlyObjectProperty<BuildProfile> draftProperty() {
    return draft.getReadOnlyProperty();
  }

  /** The problems with one field (see {@link #FIELDS}), one sentence a line; empty when none. */
  public ReadOnlyStringProperty problemProperty(String field) {
    ReadOnlyStringWrapper p = problems.get(field);
    if (p == null) {
      throw new IllegalArgumentException("No field " + field);
    }
    return p.getReadOnlyProperty();
  }

  /** The first problem as a sentence naming its field, for Build's tooltip; empty when none. */
  public ReadOnlyStringProperty firstProblemProperty() {
    return firstProblem.getReadOnlyProperty();
  }

  /** Whether the fields differ from the profile as it was loaded (or it was never saved). */
  public ReadOnlyBooleanProperty dirtyProperty() {
    return dirty.getReadOnlyProperty();
  }

  /** Whether a profile is loaded. */
  public ReadOnlyBooleanProperty editingProperty() {
    return editing.getReadOnlyProperty();
  }

  /** The name the profile had when it was loaded (the one to rename on save). */
  public String loadedName() {
    return loaded == null ? null : loaded.name();
  }

  /** The Dockerfile's named stages, offered as targets. */
  public ObservableList<String> stages() {
    return stages;
  }

  /** The Dockerfile's ARGs that have no row in the build args table yet. */
  public ObservableList<DockerfileOutline.Arg> offeredArgs() {
    return offeredArgs;
  }

  /** The Dockerfiles in a folder context, offered for the Dockerfile field. */
  public ObservableList<String> dockerfiles() {
    return dockerfiles;
  }

  /** What was read from the Dockerfile ("2 stages, 3 ARGs") or why nothing could be. */
  public ReadOnlyStringProperty dockerfileNoteProperty() {
    return dockerfileNote.getReadOnlyProperty();
  }

  /** What the engine field offers: default and the docker contexts. */
  public ObservableList<String> engines() {
    return engines;
  }

  /** Lists the docker contexts for the engine field, off the UI thread. */
  public void loadEngines(Supplier<List<String>> contexts) {
    background.execute(
        () -> {
          List<String> names = contexts.get();
          ui.execute(() -> engines.setAll(names));
        });
  }

  public ObservableList<RegistryRow> registries() {
    return registries;
  }

  public ReadOnlyStringProperty registriesNoteProperty() {
    return registriesNote.getReadOnlyProperty();
  }

  // =====================================================================================
  // Commands

  /** Shows a profile; {@code saved} false for one that exists only in the window so far. */
  public void load(BuildProfile profile, boolean saved) {
    loading = true;
    try {
      loaded = profile;
      loadedSaved = saved;
      editing.set(profile != null);
      BuildProfile p = profile != null ? profile : BuildProfile.builder("").build();
      name.set(p.name());
      contextKind.set(p.context().map(ContextKind::of).orElse(ContextKind.FOLDER));
      contextLocation.set(p.context().map(ContextKind::location).orElse(""));
      DockerfileSource df = p.dockerfile().orElse(null);
      inlineDockerfile.set(df instanceof DockerfileSource.Inline);
      dockerfilePath.set(df instanceof DockerfileSource.InContext c ? c.path() : "");
      dockerfileText.set(df instanceof DockerfileSource.Inline i ? i.text() : "");
      tags.setAll(p.tags());
      target.set(p.target().orElse(""));
      List<KeyValueRow> args = new ArrayList<>();
      for (BuildArg a : p.buildArgs()) {
        args.add(new KeyValueRow(a.name(), a.value().orElse(""), a.value().isEmpty()));
      }
      buildArgs.setAll(args);
      List<KeyValueRow> ls = new ArrayList<>();
      p.labels().forEach((k, v) -> ls.add(new KeyValueRow(k, v, false)));
      labels.setAll(ls);
      platform.set(p.platform().orElse(""));
      network.set(p.network().orElse(""));
      extraHosts.set(String.join("\n", p.extraHosts()));
      noCache.set(p.noCache());
      pull.set(p.pull());
      builder.set(p.builder());
      compression.set(p.compression());
      cacheFrom.set(String.join("\n", p.cacheFrom()));
      output.set(p.output().map(OutputSpec::toFlag).orElse(""));
      secrets.set(String.join("\n", p.secrets().stream().map(SecretReference::toFlag).toList()));
      ssh.set(String.join("\n", p.ssh().stream().map(SshReference::toFlag).toList()));
      iidFile.set(p.iidFile().map(Path::toString).orElse(""));
      engine.set(p.engine().describe().equals("default") ? "default" : engineText(p.engine()));
    } finally {
      loading = false;
    }
    recompute();
    readOutline();
  }

  /** Marks the current draft as saved (after the store wrote it). */
  public void markSaved() {
    loaded = draft.get();
    loadedSaved = true;
    recompute();
  }

  public void addTag(String tag) {
    String t = tag == null ? "" : tag.strip();
    if (!t.isEmpty() && !tags.contains(t)) {
      tags.add(t);
    }
  }

  public void addBuildArg() {
    buildArgs.add(new KeyValueRow("", "", false));
  }

  /** Adds a row for an ARG the Dockerfile declares, with its default as the value. */
  public void addDeclaredArg(DockerfileOutline.Arg arg) {
    buildArgs.add(new KeyValueRow(arg.name(), arg.defaultValue().orElse(""), false));
  }

  public void addLabel() {
    labels.add(new KeyValueRow("", "", false));
  }

  /** Reads the registries and where their credentials come from, off the UI thread. */
  public void loadRegistries(Supplier<AllCredentials> credentials) {
    background.execute(
        () -> {
          List<RegistryRow> rows = new ArrayList<>();
          String note;
          try {
            AllCredentials all = credentials.get();
            for (RegistryCredentials c : all.credentials()) {
              rows.add(
                  new RegistryRow(
                      RegistryNames.display(c.registry()), c.source().describe(), c.displayUser()));
            }
            note =
                rows.isEmpty()
                    ? "No registry credentials in ~/.docker/config.json. Log in with docker login"
                        + " to push or pull private images."
                    : "Builds pull and push with these credentials, found as docker finds them."
                        + " Secrets are never shown.";
            if (!all.warnings().isEmpty()) {
              note = note + " " + String.join(" ", all.warnings());
            }
          } catch (SlipwayException e) {
            note = e.getMessage();
          }
          String n = note;
          ui.execute(
              () -> {
                registries.setAll(rows);
                registriesNote.set(n);
              });
        });
  }

  // =====================================================================================
  // The draft and its problems

  private void recompute() {
    if (loading) {
      return;
    }
    if (loaded == null) {
      draft.set(null);
      problems.values().forEach(p -> p.set(""));
      firstProblem.set("");
      dirty.set(false);
      return;
    }
    Map<String, List<String>> found = new LinkedHashMap<>();
    BuildProfile.Builder b = BuildProfile.builder(name.get() == null ? "" : name.get());

    String location = contextLocation.get() == null ? "" : contextLocation.get().strip();
    if (!location.isEmpty()) {
      try {
        b.context(context(contextKind.get(), location));
      } catch (SlipwayException | InvalidPathException e) {
        add(found, "context", e.getMessage());
      }
    }
    if (inlineDockerfile.get()) {
      b.dockerfile(new DockerfileSource.Inline(nonNull(dockerfileText.get())));
    } else {
      String path = nonNull(dockerfilePath.get()).strip();
      if (!path.isEmpty()) {
        b.dockerfile(new DockerfileSource.InContext(path));
      }
    }
    b.tags(tags);
    b.target(blankToNull(target.get()));
    for (KeyValueRow row : buildArgs) {
      String key = nonNull(row.keyProperty().get()).strip();
      if (key.isEmpty()) {
        if (!nonNull(row.valueProperty().get()).isBlank()) {
          add(found, "buildArgs", "A build arg has a value but no name. Name it, or remove it.");
        }
        continue;
      }
      try {
        b.putBuildArg(
            new BuildArg(
                key,
                row.fromEnvironmentProperty().get()
                    ? Optional.empty()
                    : Optional.of(nonNull(row.valueProperty().get()))));
      } catch (SlipwayException e) {
        add(found, "buildArgs", e.getMessage());
      }
    }
    for (KeyValueRow row : labels) {
      String key = nonNull(row.keyProperty().get()).strip();
      if (key.isEmpty()) {
        if (!nonNull(row.valueProperty().get()).isBlank()) {
          add(found, "labels", "A label has a value but no key. Give it a key, or remove it.");
        }
        continue;
      }
      b.label(key, nonNull(row.valueProperty().get()));
    }
    b.platform(blankToNull(platform.get()));
    b.network(blankToNull(network.get()));
    lines(extraHosts.get()).forEach(b::extraHost);
    b.noCache(noCache.get());
    b.pull(pull.get());
    b.builder(builder.get() == null ? BuilderChoice.AUTO : builder.get());
    b.compression(compression.get() == null ? Compression.IDENTITY : compression.get());
    lines(cacheFrom.get()).forEach(b::cacheFrom);
    String out = nonNull(output.get()).strip();
    if (!out.isEmpty()) {
      try {
        b.output(OutputSpec.parse(out));
      } catch (SlipwayException e) {
        add(found, "output", e.getMessage());
      }
    }
    for (String line : lines(secrets.get())) {
      try {
        b.secret(SecretReference.parse(line, home));
      } catch (SlipwayException e) {
        add(found, "secrets", e.getMessage());
      }
    }
    for (String line : lines(ssh.get())) {
      try {
        b.ssh(SshReference.parse(line, home));
      } catch (SlipwayException e) {
        add(found, "ssh", e.getMessage());
      }
    }
    String iid = nonNull(iidFile.get()).strip();
    if (!iid.isEmpty()) {
      try {
        b.iidFile(Path.of(iid));
      } catch (InvalidPathException e) {
        add(found, "iidfile", "\"" + iid + "\" is not a path (" + e.getReason() + ").");
      }
    }
    b.engine(EngineChoice.parse(engine.get()));

    BuildProfile p = b.build();
    for (ProfileProblem problem : ProfileValidation.problems(p)) {
      add(found, problem.field(), problem.message());
    }
    // A target the Dockerfile does not have (when its stages are known).
    p.target()
        .filter(t -> !stages.isEmpty() && stages.stream().noneMatch(s -> s.equalsIgnoreCase(t)))
        .ifPresent(
            t ->
                add(
                    found,
                    "target",
                    "The Dockerfile has no stage \""
                        + t
                        + "\". Pick one of "
                        + String.join(", ", stages)
                        + ", or leave it empty to build the last stage."));
    String first = "";
    for (Map.Entry<String, ReadOnlyStringWrapper> e : problems.entrySet()) {
      List<String> messages = found.getOrDefault(e.getKey(), List.of());
      e.getValue().set(String.join("\n", messages));
      if (first.isEmpty() && !messages.isEmpty()) {
        first = label(e.getKey()) + ": " + messages.get(0);
      }
    }
    for (Map.Entry<String, List<String>> e : found.entrySet()) {
      if (first.isEmpty() && !problems.containsKey(e.getKey())) {
        first = e.getKey() + ": " + e.getValue().get(0);
      }
    }
    firstProblem.set(first);
    draft.set(p);
    dirty.set(!loadedSaved || !p.equals(loaded));
  }

  static ContextSource context(ContextKind kind, String location) {
    return switch (kind) {
      case FOLDER -> new ContextSource.LocalFolder(Path.of(location));
      case TAR -> new ContextSource.TarArchive(Path.of(location));
      case GIT -> ContextSource.GitRepository.parse(location);
      case URL -> new ContextSource.RemoteUrl(location);
    };
  }

  /** The field's name as the editor's labels say it. */
  static String label(String field) {
    return switch (field) {
      case "name" -> "Name";
      case "context" -> "Context";
      case "dockerfile" -> "Dockerfile";
      case "tags" -> "Tags";
      case "buildArgs" -> "Build args";
      case "target" -> "Target";
      case "labels" -> "Labels";
      case "platform" -> "Platform";
      case "network" -> "Network";
      case "extraHosts" -> "Extra hosts";
      case "cacheFrom" -> "Cache from";
      case "output" -> "Output";
      case "secrets" -> "Secrets";
      case "ssh" -> "SSH";
      case "iidfile" -> "Image id file";
      case "engine" -> "Engine";
      default -> field;
    };
  }

  private static String engineText(EngineChoice choice) {
    if (choice instanceof EngineChoice.DockerContext c) {
      return c.name();
    }
    if (choice instanceof EngineChoice.Host h) {
      return h.host();
    }
    return "default";
  }

  // =====================================================================================
  // The Dockerfile's stages and ARGs

  private void readOutline() {
    if (loading) {
      return;
    }
    int generation = ++outlineGeneration;
    if (inlineDockerfile.get()) {
      apply(DockerfileOutline.parse(nonNull(dockerfileText.get())), "");
      return;
    }
    String location = nonNull(contextLocation.get()).strip();
    if (contextKind.get() != ContextKind.FOLDER || location.isEmpty()) {
      dockerfiles.clear();
      apply(
          DockerfileOutline.EMPTY,
          location.isEmpty()
              ? ""
              : "Stages and ARGs are read from a folder's Dockerfile; this context is fetched when"
                  + " the build runs.");
      return;
    }
    String path = nonNull(dockerfilePath.get()).strip();
    String file = path.isEmpty() ? BuildRequest.DEFAULT_DOCKERFILE : path;
    background.execute(
        () -> {
          DockerfileOutline outline = DockerfileOutline.EMPTY;
          List<String> found = List.of();
          try {
            found = io.slipway.core.context.Dockerfiles.find(Path.of(location));
          } catch (InvalidPathException e) {
            // no folder, nothing to offer
          }
          String note;
          try {
            Path df = Path.of(location).resolve(file);
            if (Files.size(df) > 4L * 1024 * 1024) {
              note = file + " is too large to read for stages and ARGs.";
            } else {
              outline = DockerfileOutline.parse(Files.readString(df, StandardCharsets.UTF_8));
              note = "";
            }
          } catch (IOException | InvalidPathException | java.io.UncheckedIOException e) {
            note = "No " + file + " in this folder yet, so no stages or ARGs to offer.";
          }
          DockerfileOutline o = outline;
          String n = note;
          List<String> offered = found;
          ui.execute(
              () -> {
                if (generation == outlineGeneration) {
                  if (!dockerfiles.equals(offered)) {
                    dockerfiles.setAll(offered);
                  }
                  apply(o, n);
                }
              });
        });
  }

  private void apply(DockerfileOutline outline, String note) {
    stages.setAll(outline.stages());
    declaredArgs.setAll(outline.args());
    if (note.isEmpty()) {
      int s = outline.stages().size();
      int a = outline.args().size();
      note =
          s == 0 && a == 0
              ? ""
              : s
                  + (s == 1 ? " named stage" : " named stages")
                  + ", "
                  + a
                  + (a == 1 ? " ARG" : " ARGs")
                  + " in the Dockerfile.";
    }
    dockerfileNote.set(note);
    recompute();
  }

  private void updateOffered() {
    List<DockerfileOutline.Arg> offer = new ArrayList<>();
    for (DockerfileOutline.Arg a : declaredArgs) {
      if (buildArgs.stream().noneMatch(r -> a.name().equals(r.keyProperty().get()))) {
        offer.add(a);
      }
    }
    if (!offer.equals(offeredArgs)) {
      offeredArgs.setAll(offer);
    }
  }

  // =====================================================================================

  private static void add(Map<String, List<String>> found, String field, String message) {
    found.computeIfAbsent(field, k -> new ArrayList<>()).add(message);
  }

  private static List<String> lines(String text) {
    List<String> out = new ArrayList<>();
    for (String line : nonNull(text).split("\n")) {
      if (!line.isBlank()) {
        out.add(line.strip());
      }
    }
    return out;
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
