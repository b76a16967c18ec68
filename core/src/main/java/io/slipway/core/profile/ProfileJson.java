package io.slipway.core.profile;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.slipway.core.SlipwayException;
import io.slipway.core.build.BuildArg;
import io.slipway.core.build.selection.BuilderChoice;
import io.slipway.core.context.Compression;
import io.slipway.core.context.ContextSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The profile file: one pretty-printed JSON object per profile, every key always written, in a
 * fixed order, {@code null} for what is unset. The schema is described in {@code
 * docs/profile-json.md}; {@link #SCHEMA_VERSION} rises with any change, added fields included, so
 * that an older Slipway never rewrites a newer file without the fields it does not know.
 */
public final class ProfileJson {

  /** The schema this Slipway writes, and the newest it reads. */
  public static final int SCHEMA_VERSION = 1;

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final DefaultPrettyPrinter PRETTY = prettyPrinter();

  private ProfileJson() {}

  /** The file is not a profile this Slipway can read: broken JSON, wrong types, bad values. */
  public static final class FormatException extends SlipwayException {
    public FormatException(String message) {
      super(message);
    }
  }

  /** The file was written by a newer Slipway (a higher {@code schemaVersion}). */
  public static final class NewerSchemaException extends SlipwayException {
    private final int version;
    private final Optional<String> name;

    NewerSchemaException(int version, Optional<String> name) {
      super(
          "it was written by a newer Slipway (profile schema "
              + version
              + "; this Slipway reads up to "
              + SCHEMA_VERSION
              + "). Update Slipway to use it; the file is left as it is.");
      this.version = version;
      this.name = name;
    }

    public int version() {
      return version;
    }

    /** The profile's name, when the file has one where schema 1 keeps it. */
    public Optional<String> name() {
      return name;
    }
  }

  /** The file's text: UTF-8, '\n' line ends, a final newline. */
  public static String toJson(BuildProfile profile) {
    try {
      return MAPPER.writer(PRETTY).writeValueAsString(toTree(profile)) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain nodes always serialises", e);
    }
  }

  public static byte[] toBytes(BuildProfile profile) {
    return toJson(profile).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a profile file's bytes.
   *
   * @throws NewerSchemaException when the file's schema is newer than {@link #SCHEMA_VERSION}
   * @throws FormatException for anything else that is not a readable profile, saying what and where
   */
  public static BuildProfile fromBytes(byte[] bytes) {
    JsonNode root;
    try {
      root = MAPPER.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new FormatException(
          "it is not valid JSON ("
              + e.getOriginalMessage()
              + (e.getLocation() == null
                  ? ""
                  : " at line "
                      + e.getLocation().getLineNr()
                      + ", column "
                      + e.getLocation().getColumnNr())
              + ").");
    } catch (java.io.IOException e) {
      throw new FormatException("it cannot be read (" + e.getMessage() + ").");
    }
    if (root == null || root.isMissingNode()) {
      throw new FormatException("it is empty.");
    }
    if (!root.isObject()) {
      throw new FormatException("it is not a JSON object.");
    }
    JsonNode version = root.get("schemaVersion");
    if (version == null || version.isNull()) {
      throw new FormatException("it has no schemaVersion, so it is not a Slipway profile.");
    }
    if (!version.isInt()) {
      throw new FormatException("schemaVersion must be a whole number, not " + version + ".");
    }
    if (version.intValue() > SCHEMA_VERSION) {
      JsonNode name = root.get("name");
      throw new NewerSchemaException(
          version.intValue(),
          name != null && name.isTextual() ? Optional.of(name.textValue()) : Optional.empty());
    }
    if (version.intValue() < 1) {
      throw new FormatException("schemaVersion " + version.intValue() + " does not exist.");
    }
    try {
      return fromTree(new Reader(root, ""));
    } catch (SlipwayException e) {
      if (e instanceof FormatException) {
        throw e;
      }
      // A value's own check (e.g. a build arg with no name).
      throw new FormatException(e.getMessage());
    }
  }

  // --- writing -------------------------------------------------------------------------------

  private static ObjectNode toTree(BuildProfile p) {
    ObjectNode o = NODES.objectNode();
    o.put("schemaVersion", SCHEMA_VERSION);
    o.put("name", p.name());
    o.set("context", p.context().<JsonNode>map(ProfileJson::context).orElse(NODES.nullNode()));
    o.set(
        "dockerfile",
        p.dockerfile().<JsonNode>map(ProfileJson::dockerfile).orElse(NODES.nullNode()));
    o.set("tags", strings(p.tags()));
    ArrayNode args = o.putArray("buildArgs");
    for (BuildArg arg : p.buildArgs()) {
      ObjectNode a = args.addObject();
      a.put("name", arg.name());
      if (arg.value().isPresent()) {
        a.put("value", arg.value().get());
      } else {
        a.put("fromEnvironment", true);
      }
    }
    o.put("target", p.target().orElse(null));
    ObjectNode labels = o.putObject("labels");
    p.labels().forEach(labels::put);
    o.put("platform", p.platform().orElse(null));
    o.put("network", p.network().orElse(null));
    o.set("extraHosts", strings(p.extraHosts()));
    o.put("noCache", p.noCache());
    o.put("pull", p.pull());
    o.put("builder", p.builder().name().toLowerCase(Locale.ROOT));
    o.put("compression", p.compression().cliName());
    o.set("cacheFrom", strings(p.cacheFrom()));
    if (p.output().isPresent()) {
      ObjectNode out = o.putObject("output");
      out.put("type", p.output().get().type());
      out.put("dest", p.output().get().dest().orElse(null));
    } else {
      o.putNull("output");
    }
    ArrayNode secrets = o.putArray("secrets");
    for (SecretReference s : p.secrets()) {
      ObjectNode n = secrets.addObject();
      n.put("id", s.id());
      n.put("file", s.file().map(Path::toString).orElse(null));
      n.put("env", s.env().orElse(null));
    }
    ArrayNode ssh = o.putArray("ssh");
    for (SshReference s : p.ssh()) {
      ObjectNode n = ssh.addObject();
      n.put("id", s.id());
      ArrayNode paths = n.putArray("paths");
      s.paths().forEach(path -> paths.add(path.toString()));
    }
    o.put("iidfile", p.iidFile().map(Path::toString).orElse(null));
    o.set("engine", engine(p.engine()));
    return o;
  }

  private static ObjectNode context(ContextSource source) {
    ObjectNode n = NODES.objectNode();
    if (source instanceof ContextSource.LocalFolder folder) {
      n.put("type", "folder");
      n.put("path", folder.path().toString());
    } else if (source instanceof ContextSource.GitRepository git) {
      n.put("type", "git");
      n.put("url", git.url());
      n.put("ref", git.ref().orElse(null));
      n.put("subdir", git.subdir().orElse(null));
    } else if (source instanceof ContextSource.RemoteUrl url) {
      n.put("type", "url");
      n.put("url", url.url());
    } else if (source instanceof ContextSource.TarArchive tar) {
      n.put("type", "tar");
      n.put("path", tar.path().toString());
    }
    return n;
  }

  private static ObjectNode dockerfile(DockerfileSource source) {
    ObjectNode n = NODES.objectNode();
    if (source instanceof DockerfileSource.InContext inContext) {
      n.put("type", "path");
      n.put("path", inContext.path());
    } else if (source instanceof DockerfileSource.Inline inline) {
      n.put("type", "inline");
      n.put("text", inline.text());
    }
    return n;
  }

  private static ObjectNode engine(EngineChoice engine) {
    ObjectNode n = NODES.objectNode();
    if (engine instanceof EngineChoice.DockerContext context) {
      n.put("type", "context");
      n.put("name", context.name());
    } else if (engine instanceof EngineChoice.Host host) {
      n.put("type", "host");
      n.put("host", host.host());
    } else {
      n.put("type", "default");
    }
    return n;
  }

  private static ArrayNode strings(List<String> values) {
    ArrayNode a = NODES.arrayNode();
    values.forEach(a::add);
    return a;
  }

  private static DefaultPrettyPrinter prettyPrinter() {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter()
            .withSeparators(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                    .withObjectEmptySeparator("")
                    .withArrayEmptySeparator(""));
    printer.indentObjectsWith(indenter);
    printer.indentArraysWith(indenter);
    return printer;
  }

  // --- reading -------------------------------------------------------------------------------

  private static BuildProfile fromTree(Reader r) {
    BuildProfile.Builder b = BuildProfile.builder(r.requiredText("name"));
    r.object("context").ifPresent(c -> b.context(contextFrom(c)));
    r.object("dockerfile").ifPresent(d -> b.dockerfile(dockerfileFrom(d)));
    b.tags(r.texts("tags"));
    for (Reader a : r.objects("buildArgs")) {
      Optional<String> value = a.text("value");
      boolean fromEnv = a.bool("fromEnvironment").orElse(value.isEmpty());
      if (value.isPresent() && fromEnv) {
        throw a.error("has both a value and fromEnvironment: true; keep one of them");
      }
      b.buildArg(new BuildArg(a.requiredText("name"), value));
    }
    r.text("target").ifPresent(b::target);
    r.object("labels").ifPresent(l -> l.textMap().forEach(b::label));
    r.text("platform").ifPresent(b::platform);
    r.text("network").ifPresent(b::network);
    r.texts("extraHosts").forEach(b::extraHost);
    r.bool("noCache").ifPresent(b::noCache);
    r.bool("pull").ifPresent(b::pull);
    r.text("builder").ifPresent(v -> b.builder(r.parse("builder", v, BuilderChoice::parse)));
    r.text("compression")
        .ifPresent(v -> b.compression(r.parse("compression", v, Compression::parse)));
    r.texts("cacheFrom").forEach(b::cacheFrom);
    r.object("output")
        .ifPresent(o -> b.output(new OutputSpec(o.requiredText("type"), o.text("dest"))));
    for (Reader s : r.objects("secrets")) {
      b.secret(new SecretReference(s.requiredText("id"), s.path("file"), s.text("env")));
    }
    for (Reader s : r.objects("ssh")) {
      List<Path> paths = new ArrayList<>();
      for (String p : s.texts("paths")) {
        paths.add(s.toPath("paths", p));
      }
      b.ssh(new SshReference(s.requiredText("id"), paths));
    }
    r.path("iidfile").ifPresent(b::iidFile);
    r.object("engine").ifPresent(e -> b.engine(engineFrom(e)));
    return b.build();
  }

  private static ContextSource contextFrom(Reader c) {
    String type = c.requiredText("type");
    switch (type) {
      case "folder":
        return new ContextSource.LocalFolder(c.requiredPath("path"));
      case "git":
        return new ContextSource.GitRepository(
            c.requiredText("url"), c.text("ref"), c.text("subdir"));
      case "url":
        return new ContextSource.RemoteUrl(c.requiredText("url"));
      case "tar":
        return new ContextSource.TarArchive(c.requiredPath("path"));
      default:
        throw c.error("has type \"" + type + "\"; use folder, git, url or tar");
    }
  }

  private static DockerfileSource dockerfileFrom(Reader d) {
    String type = d.requiredText("type");
    switch (type) {
      case "path":
        return new DockerfileSource.InContext(d.requiredText("path"));
      case "inline":
        return new DockerfileSource.Inline(d.requiredText("text"));
      default:
        throw d.error("has type \"" + type + "\"; use path or inline");
    }
  }

  private static EngineChoice engineFrom(Reader e) {
    String type = e.requiredText("type");
    switch (type) {
      case "default":
        return EngineChoice.DEFAULT;
      case "context":
        return new EngineChoice.DockerContext(e.requiredText("name"));
      case "host":
        return new EngineChoice.Host(e.requiredText("host"));
      default:
        throw e.error("has type \"" + type + "\"; use default, context or host");
    }
  }

  /** Reads one object's fields, naming the place of any problem ({@code buildArgs[2].name}). */
  private static final class Reader {
    private final JsonNode node;
    private final String where;

    Reader(JsonNode node, String where) {
      this.node = node;
      this.where = where;
    }

    private String at(String field) {
      return where.isEmpty() ? field : where + "." + field;
    }

    FormatException error(String what) {
      return new FormatException((where.isEmpty() ? "the profile" : where) + " " + what + ".");
    }

    private FormatException wrongType(String field, String expected) {
      return new FormatException(at(field) + " must be " + expected + ".");
    }

    /** Absent and null are the same: unset. */
    private Optional<JsonNode> get(String field) {
      JsonNode v = node.get(field);
      return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }

    Optional<String> text(String field) {
      Optional<JsonNode> v = get(field);
      if (v.isPresent() && !v.get().isTextual()) {
        throw wrongType(field, "a string or null");
      }
      return v.map(JsonNode::textValue);
    }

    String requiredText(String field) {
      return text(field).orElseThrow(() -> new FormatException(at(field) + " is missing."));
    }

    Optional<Boolean> bool(String field) {
      Optional<JsonNode> v = get(field);
      if (v.isPresent() && !v.get().isBoolean()) {
        throw wrongType(field, "true or false");
      }
      return v.map(JsonNode::booleanValue);
    }

    Optional<Path> path(String field) {
      return text(field).map(t -> toPath(field, t));
    }

    Path requiredPath(String field) {
      return toPath(field, requiredText(field));
    }

    Path toPath(String field, String text) {
      try {
        return Path.of(text);
      } catch (InvalidPathException e) {
        throw new FormatException(
            at(field) + " \"" + text + "\" is not a path here (" + e.getReason() + ").");
      }
    }

    Optional<Reader> object(String field) {
      Optional<JsonNode> v = get(field);
      if (v.isPresent() && !v.get().isObject()) {
        throw wrongType(field, "an object or null");
      }
      return v.map(n -> new Reader(n, at(field)));
    }

    private Optional<ArrayNode> array(String field) {
      Optional<JsonNode> v = get(field);
      if (v.isPresent() && !v.get().isArray()) {
        throw wrongType(field, "a list");
      }
      return v.map(ArrayNode.class::cast);
    }

    List<String> texts(String field) {
      List<String> out = new ArrayList<>();
      Optional<ArrayNode> a = array(field);
      if (a.isPresent()) {
        for (int i = 0; i < a.get().size(); i++) {
          JsonNode e = a.get().get(i);
          if (!e.isTextual()) {
            throw new FormatException(at(field) + "[" + i + "] must be a string.");
          }
          out.add(e.textValue());
        }
      }
      return out;
    }

    List<Reader> objects(String field) {
      List<Reader> out = new ArrayList<>();
      Optional<ArrayNode> a = array(field);
      if (a.isPresent()) {
        for (int i = 0; i < a.get().size(); i++) {
          JsonNode e = a.get().get(i);
          if (!e.isObject()) {
            throw new FormatException(at(field) + "[" + i + "] must be an object.");
          }
          out.add(new Reader(e, at(field) + "[" + i + "]"));
        }
      }
      return out;
    }

    Map<String, String> textMap() {
      Map<String, String> out = new java.util.LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> f : node.properties()) {
        if (!f.getValue().isTextual()) {
          throw new FormatException(at(f.getKey()) + " must be a string.");
        }
        out.put(f.getKey(), f.getValue().textValue());
      }
      return out;
    }

    <T> T parse(String field, String value, java.util.function.Function<String, T> parser) {
      try {
        return parser.apply(value);
      } catch (SlipwayException e) {
        throw new FormatException(at(field) + ": " + e.getMessage());
      }
    }
  }
}
