package dev.netkube.model.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * One {@code metadata.managedFields} entry. {@code time} may be null (upstream omits it then);
 * {@code subresource} is "" for the main resource.
 */
public record ManagedFieldsEntry(String manager, String operation, String apiVersion, Instant time,
    FieldSet fields, String subresource) {
  public static final String APPLY = "Apply";
  public static final String UPDATE = "Update";

  public ManagedFieldsEntry {
    subresource = subresource == null ? "" : subresource;
    time = time == null ? null : time.truncatedTo(ChronoUnit.SECONDS);
  }

  /**
   * Who this entry belongs to: appliers are one identity across API versions, updaters are one per
   * API version, as upstream's manager identifier says.
   */
  public Identity identity() {
    return new Identity(manager, operation, operation.equals(APPLY) ? "" : apiVersion, subresource);
  }

  public record Identity(String manager, String operation, String apiVersion, String subresource) {
    /**
     * Upstream's wording for a manager in conflict messages: {@code "kubectl-client-side-apply" using v1},
     * {@code "x" with subresource "status" using v1}, {@code "kubectl"}.
     */
    public String describe() {
      String name = Json.text(Json.MAPPER.getNodeFactory().textNode(manager));
      if (!subresource.isEmpty()) name += " with subresource " + Json.text(Json.MAPPER.getNodeFactory().textNode(subresource));
      if (operation.equals(UPDATE)) return name + " using " + apiVersion;
      return name;
    }

    /** Upstream's manager identifier (the JSON it keys managers by), which orders conflict groups. */
    public String identifier() {
      ObjectNode o = Json.object();
      if (!manager.isEmpty()) o.put("manager", manager);
      if (!operation.isEmpty()) o.put("operation", operation);
      if (!apiVersion.isEmpty()) o.put("apiVersion", apiVersion);
      if (!subresource.isEmpty()) o.put("subresource", subresource);
      return Json.text(o);
    }
  }

  public ManagedFieldsEntry withFields(FieldSet f) {
    return new ManagedFieldsEntry(manager, operation, apiVersion, time, f, subresource);
  }

  public ManagedFieldsEntry withTime(Instant t) {
    return new ManagedFieldsEntry(manager, operation, apiVersion, t, fields, subresource);
  }

  /** The wire form, fields in metav1.ManagedFieldsEntry order. */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    if (!manager.isEmpty()) o.put("manager", manager);
    if (!operation.isEmpty()) o.put("operation", operation);
    if (!apiVersion.isEmpty()) o.put("apiVersion", apiVersion);
    if (time != null) o.put("time", DateTimeFormatter.ISO_INSTANT.format(time));
    o.put("fieldsType", "FieldsV1");
    o.set("fieldsV1", fields.toFieldsV1());
    if (!subresource.isEmpty()) o.put("subresource", subresource);
    return o;
  }

  /** Parses one wire entry; empty when it is not a usable FieldsV1 entry. */
  public static Optional<ManagedFieldsEntry> fromJson(JsonNode o) {
    if (o == null || !o.isObject() || !"FieldsV1".equals(o.path("fieldsType").asText())) return Optional.empty();
    try {
      Instant t = o.hasNonNull("time") ? Instant.parse(o.get("time").asText()) : null;
      return Optional.of(new ManagedFieldsEntry(o.path("manager").asText(""), o.path("operation").asText(""),
          o.path("apiVersion").asText(""), t, FieldSet.fromFieldsV1(o.get("fieldsV1")), o.path("subresource").asText("")));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
