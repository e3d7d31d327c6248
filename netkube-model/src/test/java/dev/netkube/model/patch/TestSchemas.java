package dev.netkube.model.patch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.model.Json;
import dev.netkube.model.schema.Schema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/** Small hand-written OpenAPI v3 schemas shaped like upstream's for Service and Pod. */
public final class TestSchemas {
  private TestSchemas() {}

  private static final String COMPONENTS = """
      {
        "ObjectMeta": {"type": "object", "properties": {
          "name": {"type": "string"}, "namespace": {"type": "string"},
          "resourceVersion": {"type": "string"}, "uid": {"type": "string"},
          "labels": {"type": "object", "additionalProperties": {"type": "string"}},
          "annotations": {"type": "object", "additionalProperties": {"type": "string"}},
          "finalizers": {"type": "array", "items": {"type": "string"},
                         "x-kubernetes-list-type": "set", "x-kubernetes-patch-strategy": "merge"},
          "managedFields": {"type": "array", "items": {"type": "object"}}}},
        "Service": {"type": "object", "properties": {
          "apiVersion": {"type": "string"}, "kind": {"type": "string"},
          "metadata": {"$ref": "#/components/schemas/ObjectMeta"},
          "spec": {"$ref": "#/components/schemas/ServiceSpec"},
          "status": {"type": "object", "properties": {"loadBalancer": {"type": "object", "properties": {
              "ingress": {"type": "array", "items": {"type": "object"}, "x-kubernetes-list-type": "atomic"}}}}}}},
        "ServiceSpec": {"type": "object", "properties": {
          "type": {"type": "string"}, "clusterIP": {"type": "string"},
          "externalIPs": {"type": "array", "items": {"type": "string"}, "x-kubernetes-list-type": "atomic"},
          "selector": {"type": "object", "additionalProperties": {"type": "string"}, "x-kubernetes-map-type": "atomic"},
          "ports": {"type": "array", "items": {"$ref": "#/components/schemas/ServicePort"},
                    "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["port", "protocol"],
                    "x-kubernetes-patch-merge-key": "port", "x-kubernetes-patch-strategy": "merge"}}},
        "ServicePort": {"type": "object", "required": ["port"], "properties": {
          "name": {"type": "string"}, "port": {"type": "integer"},
          "protocol": {"type": "string", "default": "TCP"},
          "targetPort": {"x-kubernetes-int-or-string": true}, "nodePort": {"type": "integer"}}},
        "Pod": {"type": "object", "properties": {
          "apiVersion": {"type": "string"}, "kind": {"type": "string"},
          "metadata": {"$ref": "#/components/schemas/ObjectMeta"},
          "spec": {"type": "object", "properties": {
            "strategy": {"type": "object", "x-kubernetes-patch-strategy": "retainKeys", "properties": {
                "type": {"type": "string"}, "rollingUpdate": {"type": "object", "properties": {"maxSurge": {"type": "string"}}}}},
            "containers": {"type": "array", "items": {"$ref": "#/components/schemas/Container"},
                           "x-kubernetes-patch-merge-key": "name", "x-kubernetes-patch-strategy": "merge"}}}}},
        "Container": {"type": "object", "properties": {
          "name": {"type": "string"}, "image": {"type": "string"},
          "args": {"type": "array", "items": {"type": "string"}},
          "env": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}, "value": {"type": "string"}}},
                  "x-kubernetes-patch-merge-key": "name", "x-kubernetes-patch-strategy": "merge"}}}
      }
      """;

  public static final Map<String, JsonNode> COMPONENT_MAP = components();

  public static Schema service() { return Schema.of(COMPONENT_MAP.get("Service"), COMPONENT_MAP); }

  public static Schema pod() { return Schema.of(COMPONENT_MAP.get("Pod"), COMPONENT_MAP); }

  private static Map<String, JsonNode> components() {
    Map<String, JsonNode> m = new HashMap<>();
    json(COMPONENTS).properties().forEach(e -> m.put(e.getKey(), e.getValue()));
    return m;
  }

  /** JSON text with single quotes allowed for readability in tests. */
  public static JsonNode json(String text) {
    try {
      return Json.parse(text.replace('\'', '"'));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
