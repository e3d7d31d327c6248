package dev.netkube.model.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import dev.netkube.model.schema.Schema;
import java.util.List;

/**
 * How structured-merge-diff sees a schema node: a scalar or atomic leaf, a struct of named fields, a
 * granular map, or an associative list (keyed map-list, set, or index-addressed). Builtin lists with
 * {@code x-kubernetes-patch-strategy: merge} count as map-lists keyed by their patch merge key (or as
 * sets for primitives) when they carry no list-type, as upstream's OpenAPI conversion does; lists with
 * no hint, and lists under an unknown schema, are atomic.
 */
record Shape(Kind kind, Schema schema, List<String> keys) {
  enum Kind { LEAF, STRUCT, MAP, LIST_MAP, LIST_SET, LIST_INDEXED }

  static Shape of(Schema schema, JsonNode value) {
    if (value != null && value.isNull()) return new Shape(Kind.LEAF, schema, List.of());
    if (schema.isAny() || schema.preserveUnknownFields() && !schema.hasProperties()) return deduced(schema, value);
    if (schema.intOrString()) return leaf(schema);
    String type = schema.type();
    boolean array = type.equals("array") || type.isEmpty() && value != null && value.isArray();
    if (array) {
      if (value != null && !value.isArray()) return leaf(schema);
      String lt = schema.listType().orElse("");
      if (lt.equals("atomic")) return leaf(schema);
      if (lt.equals("map")) return schema.listMapKeys().isEmpty()
          ? new Shape(Kind.LIST_INDEXED, schema, List.of()) : new Shape(Kind.LIST_MAP, schema, schema.listMapKeys());
      if (lt.equals("set")) return new Shape(Kind.LIST_SET, schema, List.of());
      String strategy = schema.patchStrategy().orElse("");
      if (List.of(strategy.split(",")).contains("merge")) {
        return schema.patchMergeKey().map(k -> new Shape(Kind.LIST_MAP, schema, List.of(k)))
            .orElse(new Shape(Kind.LIST_SET, schema, List.of()));
      }
      return leaf(schema);
    }
    boolean object = type.equals("object") || schema.hasProperties() || schema.additionalProperties().isPresent()
        || type.isEmpty() && value != null && value.isObject();
    if (object) {
      if (value != null && !value.isObject()) return leaf(schema);
      if (schema.mapType().orElse("").equals("atomic")) return leaf(schema);
      return new Shape(schema.hasProperties() ? Kind.STRUCT : Kind.MAP, schema, List.of());
    }
    return leaf(schema);
  }

  private static Shape deduced(Schema schema, JsonNode value) {
    if (value != null && value.isObject()) return new Shape(Kind.MAP, schema, List.of());
    return leaf(schema);
  }

  private static Shape leaf(Schema schema) { return new Shape(Kind.LEAF, schema, List.of()); }

  boolean isList() { return kind == Kind.LIST_MAP || kind == Kind.LIST_SET || kind == Kind.LIST_INDEXED; }

  boolean isMap() { return kind == Kind.STRUCT || kind == Kind.MAP; }

  /** Schema of a map's field {@code name}; unknown fields get no schema. */
  Schema field(String name) {
    return schema.property(name).orElseGet(() -> schema.additionalProperties().orElse(Schema.ANY));
  }

  boolean isNamedField(String name) { return kind == Kind.STRUCT && schema.property(name).isPresent(); }

  Schema items() { return schema.items(); }

  /** The path element naming list item {@code item} at {@code index}. */
  PathElement element(int index, JsonNode item) {
    switch (kind) {
      case LIST_MAP -> {
        if (!item.isObject()) return new PathElement.Index(index);
        ObjectNode key = Json.object();
        Schema itemSchema = schema.items();
        for (String k : keys) {
          JsonNode v = item.get(k);
          if (v == null) v = itemSchema.property(k).map(p -> p.raw().get("default")).orElse(null);
          if (v != null) key.set(k, v);
        }
        return Values.key(key);
      }
      case LIST_SET -> {
        return item.isValueNode() ? new PathElement.Value(item) : new PathElement.Index(index);
      }
      default -> {
        return new PathElement.Index(index);
      }
    }
  }
}
