package dev.netkube.model.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A read-only view of one OpenAPI v3 schema with its {@code $ref}s resolved against the
 * document's components. Used by strategic merge patch (merge keys), server-side apply (list
 * types), strict field validation and explain. {@link #ANY} stands for "no schema known".
 */
public final class Schema {
  public static final Schema ANY = new Schema(MissingNode.getInstance(), name -> null);

  private final JsonNode node;
  /** The wrapper around a {@code $ref} (upstream puts patch and list extensions beside {@code allOf}). */
  private final JsonNode wrapper;
  private final Function<String, JsonNode> components;

  private Schema(JsonNode node, Function<String, JsonNode> components) {
    this.wrapper = node == null ? MissingNode.getInstance() : node;
    this.node = resolve(node, components);
    this.components = components;
  }

  /** A schema whose refs ("#/components/schemas/X") resolve in {@code components}. */
  public static Schema of(JsonNode node, Map<String, JsonNode> components) {
    return new Schema(node, components::get);
  }

  public static Schema of(JsonNode node, Function<String, JsonNode> components) {
    return new Schema(node, components);
  }

  private static JsonNode resolve(JsonNode n, Function<String, JsonNode> components) {
    for (int depth = 0; depth < 16 && n != null; depth++) {
      if (n.has("$ref")) {
        String ref = n.get("$ref").asText();
        JsonNode target = components.apply(ref.substring(ref.lastIndexOf('/') + 1));
        if (target == null) return MissingNode.getInstance();
        n = target;
      } else if (n.has("allOf") && n.get("allOf").size() == 1 && !n.has("properties") && !n.has("type")) {
        n = n.get("allOf").get(0);
      } else {
        return n;
      }
    }
    return n == null ? MissingNode.getInstance() : n;
  }

  public boolean isAny() { return node.isMissingNode() || (node.size() == 0); }

  public JsonNode raw() { return node; }

  /** "object", "array", "string", "integer", "number", "boolean", or "" when untyped. */
  public String type() { return node.path("type").asText(""); }

  public Optional<Schema> property(String name) {
    JsonNode p = node.path("properties").get(name);
    return p == null ? Optional.empty() : Optional.of(new Schema(p, components));
  }

  public List<String> propertyNames() {
    List<String> names = new ArrayList<>();
    node.path("properties").fieldNames().forEachRemaining(names::add);
    return names;
  }

  public boolean hasProperties() { return node.path("properties").size() > 0; }

  /** Element schema of an array, or ANY. */
  public Schema items() {
    JsonNode i = node.get("items");
    return i == null ? ANY : new Schema(i, components);
  }

  /** Value schema of a map (additionalProperties), empty when the object is not a map. */
  public Optional<Schema> additionalProperties() {
    JsonNode a = node.get("additionalProperties");
    if (a == null || a.isBoolean()) return Optional.empty();
    return Optional.of(new Schema(a, components));
  }

  public Optional<String> patchMergeKey() { return text("x-kubernetes-patch-merge-key"); }

  /** "merge", "replace", "retainKeys" or "merge,retainKeys". */
  public Optional<String> patchStrategy() { return text("x-kubernetes-patch-strategy"); }

  /** "atomic", "set" or "map". */
  public Optional<String> listType() { return text("x-kubernetes-list-type"); }

  public List<String> listMapKeys() {
    List<String> keys = new ArrayList<>();
    JsonNode k0 = wrapper.has("x-kubernetes-list-map-keys") ? wrapper : node;
    k0.path("x-kubernetes-list-map-keys").forEach(k -> keys.add(k.asText()));
    return keys;
  }

  /** "atomic" or "granular". */
  public Optional<String> mapType() { return text("x-kubernetes-map-type"); }

  public boolean intOrString() { return node.path("x-kubernetes-int-or-string").asBoolean(false); }

  public boolean preserveUnknownFields() {
    return node.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
  }

  public boolean embeddedResource() { return node.path("x-kubernetes-embedded-resource").asBoolean(false); }

  public String description() { return node.path("description").asText(""); }

  public String format() { return node.path("format").asText(""); }

  private Optional<String> text(String field) {
    JsonNode v = wrapper.get(field);
    if (v == null) v = node.get(field);
    return v == null || !v.isTextual() ? Optional.empty() : Optional.of(v.asText());
  }
}
