package dev.netkube.model.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The status kube-apiserver's CRD controllers (naming, establishing) write once a definition's
 * names are free: acceptedNames = requested names, NamesAccepted and Established conditions
 * True, storedVersions including the storage version.
 */
public final class CrdStatus {
  private CrdStatus() {}

  /**
   * A fresh status object for {@code crd} (which is not modified). A condition whose status is
   * unchanged keeps its lastTransitionTime, as upstream's SetCRDCondition does.
   */
  public static ObjectNode accepted(ObjectNode crd, Instant now) {
    CrdSpec c = new CrdSpec(crd);
    ObjectNode status = Json.object();
    ArrayNode conditions = status.putArray("conditions");
    conditions.add(condition(crd, "NamesAccepted", "NoConflicts", "no conflicts found", now));
    conditions.add(condition(crd, "Established", "InitialNamesAccepted", "the initial names have been accepted", now));

    ObjectNode names = status.putObject("acceptedNames");
    names.put("plural", c.plural());
    names.put("singular", c.singular());
    if (!c.shortNames().isEmpty()) names.set("shortNames", c.names().get("shortNames").deepCopy());
    names.put("kind", c.kind());
    names.put("listKind", c.listKind());
    if (!c.categories().isEmpty()) names.set("categories", c.names().get("categories").deepCopy());

    Set<String> stored = new LinkedHashSet<>(CrdSpec.strings(crd.path("status").path("storedVersions")));
    c.storageVersion().ifPresent(stored::add);
    ArrayNode sv = status.putArray("storedVersions");
    stored.forEach(sv::add);
    return status;
  }

  private static ObjectNode condition(ObjectNode crd, String type, String reason, String message, Instant now) {
    String since = now.truncatedTo(ChronoUnit.SECONDS).toString();
    for (JsonNode old : crd.path("status").path("conditions")) {
      if (old.path("type").asText().equals(type) && old.path("status").asText().equals("True")
          && old.hasNonNull("lastTransitionTime")) {
        since = old.get("lastTransitionTime").asText();
      }
    }
    ObjectNode c = Json.object();
    c.put("type", type);
    c.put("status", "True");
    c.put("lastTransitionTime", since);
    c.put("reason", reason);
    c.put("message", message);
    return c;
  }
}
