package dev.netkube.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small accessors for ObjectMeta on object trees. */
public final class Meta {
  private Meta() {}

  public static ObjectNode meta(ObjectNode obj) { return Json.objectAt(obj, "metadata"); }

  public static String name(JsonNode obj) { return Json.str(obj, "metadata.name"); }

  public static String namespace(JsonNode obj) { return Json.str(obj, "metadata.namespace"); }

  public static String resourceVersion(JsonNode obj) { return Json.str(obj, "metadata.resourceVersion"); }

  public static Map<String, String> labels(JsonNode obj) {
    Map<String, String> labels = new LinkedHashMap<>();
    JsonNode l = Json.at(obj, "metadata.labels");
    if (l != null && l.isObject()) l.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
  }

  public static boolean hasFinalizers(JsonNode obj) {
    JsonNode f = Json.at(obj, "metadata.finalizers");
    return f != null && f.isArray() && f.size() > 0;
  }

  public static boolean deleting(JsonNode obj) {
    JsonNode d = Json.at(obj, "metadata.deletionTimestamp");
    return d != null && !d.isNull();
  }

  /** RFC 3339 with second precision, as metav1.Time marshals. */
  public static String timestamp(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }
}
