package io.slipway.core.build;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query of {@code POST /build}: the parameters both builders send, as the docker CLI sends
 * them, and then each builder's own ({@code version}, {@code buildid}). Repeated keys are kept;
 * values are percent-encoded as Go's url package reads them.
 */
public final class BuildQuery {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final List<String> parts = new ArrayList<>();

  private BuildQuery() {}

  /** A query without parameters, for requests that carry only their own. */
  public static BuildQuery empty() {
    return new BuildQuery();
  }

  /**
   * The parameters a {@link BuildRequest} sets, in the docker CLI's order.
   *
   * @param dockerfile the Dockerfile's path inside the context, as the engine will look for it
   * @param environment where {@code --build-arg NAME} without a value takes its value from
   */
  public static BuildQuery of(
      BuildRequest request, String dockerfile, Map<String, String> environment) {
    BuildQuery q = new BuildQuery();
    for (String tag : request.tags()) {
      q.add("t", tag);
    }
    q.add("dockerfile", dockerfile);
    Map<String, String> args = new LinkedHashMap<>();
    for (BuildArg arg : request.buildArgs()) {
      args.put(arg.name(), arg.resolve(environment).orElse(null));
    }
    if (!args.isEmpty()) {
      q.add("buildargs", json(args));
    }
    request.target().ifPresent(t -> q.add("target", t));
    if (!request.labels().isEmpty()) {
      q.add("labels", json(new LinkedHashMap<>(request.labels())));
    }
    if (request.noCache()) {
      q.add("nocache", "1");
    }
    if (request.pull()) {
      q.add("pull", "1");
    }
    q.add("rm", request.removeIntermediate() ? "1" : "0");
    if (request.forceRemoveIntermediate()) {
      q.add("forcerm", "1");
    }
    request.network().ifPresent(n -> q.add("networkmode", n));
    request.platform().ifPresent(p -> q.add("platform", p));
    for (String host : request.extraHosts()) {
      q.add("extrahosts", host);
    }
    if (!request.cacheFrom().isEmpty()) {
      q.add("cachefrom", json(request.cacheFrom()));
    }
    if (request.quiet()) {
      q.add("q", "1");
    }
    return q;
  }

  /** Appends {@code key=value}; a key may repeat. */
  public BuildQuery add(String key, String value) {
    parts.add(key + "=" + encode(value));
    return this;
  }

  /** {@code /build?…}, to be given to {@code Engine.apiPath}. */
  public String path() {
    return "/build?" + this;
  }

  @Override
  public String toString() {
    return String.join("&", parts);
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }
}
