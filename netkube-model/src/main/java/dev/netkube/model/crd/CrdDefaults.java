package dev.netkube.model.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** apiextensions/v1 defaulting of a CustomResourceDefinition (SetDefaults_CustomResourceDefinition). */
public final class CrdDefaults {
  private CrdDefaults() {}

  /**
   * In place: names.singular = lower-cased kind, names.listKind = kind + "List", conversion
   * strategy None, conversion webhook service port 443, and status.storedVersions = [storage
   * version] when empty.
   */
  public static void apply(ObjectNode crd) {
    ObjectNode spec = crd.has("spec") && crd.get("spec").isObject() ? (ObjectNode) crd.get("spec") : crd.putObject("spec");
    JsonNode namesNode = spec.get("names");
    if (namesNode instanceof ObjectNode names) {
      String kind = names.path("kind").asText("");
      if (names.path("singular").asText("").isEmpty()) names.put("singular", kind.toLowerCase(Locale.ROOT));
      if (names.path("listKind").asText("").isEmpty() && !kind.isEmpty()) names.put("listKind", kind + "List");
    }
    if (!(spec.get("conversion") instanceof ObjectNode)) spec.putObject("conversion").put("strategy", "None");
    JsonNode service = spec.path("conversion").path("webhook").path("clientConfig").path("service");
    if (service instanceof ObjectNode s && !s.has("port")) s.put("port", 443);
    JsonNode stored = crd.path("status").path("storedVersions");
    if (!stored.isArray() || stored.isEmpty()) {
      new CrdSpec(crd).storageVersion().ifPresent(v -> {
        ObjectNode status = crd.get("status") instanceof ObjectNode st ? st : crd.putObject("status");
        status.putArray("storedVersions").add(v);
      });
    }
  }
}
