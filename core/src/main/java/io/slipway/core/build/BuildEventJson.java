package io.slipway.core.build;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Optional;

/**
 * The stable JSON form of a {@link BuildEvent}, one object per event with a {@code type} field:
 * what {@code slipway build --progress json} prints, one per line. The schema is documented in
 * docs/progress-json.md; fields are only ever added, never renamed or removed.
 */
public final class BuildEventJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private BuildEventJson() {}

  public static ObjectNode toJson(BuildEvent event) {
    ObjectNode o = JSON.createObjectNode();
    if (event instanceof BuildEvent.StepStarted e) {
      o.put("type", "step-started");
      o.put("time", e.time().toString());
      o.put("step", e.stepId());
      o.put("index", e.index());
      o.put("total", e.total());
      o.put("name", e.name());
      ArrayNode parents = o.putArray("parents");
      e.parents().forEach(parents::add);
      e.dockerfileLine().ifPresent(l -> o.put("line", l));
    } else if (event instanceof BuildEvent.StepProgress e) {
      o.put("type", "step-progress");
      o.put("time", e.time().toString());
      o.put("step", e.stepId());
      o.put("label", e.label());
      o.put("current", e.current());
      o.put("total", e.total());
    } else if (event instanceof BuildEvent.LogLine e) {
      o.put("type", "log");
      o.put("time", e.time().toString());
      putOptional(o, "step", e.stepId());
      o.put("stream", e.stream().name().toLowerCase(Locale.ROOT));
      o.put("text", e.text());
    } else if (event instanceof BuildEvent.StepFinished e) {
      o.put("type", "step-finished");
      o.put("time", e.time().toString());
      o.put("step", e.stepId());
      o.put("cached", e.cached());
      putOptional(o, "error", e.error());
      e.exitCode().ifPresent(c -> o.put("exitCode", c));
      o.put("durationMs", e.duration().toMillis());
    } else if (event instanceof BuildEvent.Warning e) {
      o.put("type", "warning");
      o.put("time", e.time().toString());
      putOptional(o, "step", e.stepId());
      o.put("message", e.message());
    } else if (event instanceof BuildEvent.ImageBuilt e) {
      o.put("type", "image");
      o.put("time", e.time().toString());
      o.put("id", e.imageId());
      ArrayNode tags = o.putArray("tags");
      e.tags().forEach(tags::add);
    } else if (event instanceof BuildEvent.BuildFinished e) {
      o.put("type", "build-finished");
      o.put("time", e.time().toString());
      o.put("status", e.status().name());
      o.put("durationMs", e.duration().toMillis());
      putOptional(o, "imageId", e.imageId());
      putOptional(o, "error", e.error());
      e.exitCode().ifPresent(c -> o.put("exitCode", c));
    }
    return o;
  }

  public static String toLine(BuildEvent event) {
    return toJson(event).toString();
  }

  private static void putOptional(ObjectNode o, String key, Optional<String> value) {
    value.ifPresent(v -> o.put(key, v));
  }
}
