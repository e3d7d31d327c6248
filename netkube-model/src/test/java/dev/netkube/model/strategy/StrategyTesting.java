package dev.netkube.model.strategy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import dev.netkube.model.api.BuiltinResources;
import dev.netkube.model.api.FieldError;
import dev.netkube.model.api.ResourceType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Test helpers: objects from YAML, defaulted and validated as the API server would on create. */
final class StrategyTesting {
  private StrategyTesting() {}

  static ObjectNode yaml(String text) {
    try {
      return (ObjectNode) Json.parseYaml(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ResourceType type(String group, String kind) {
    return BuiltinResources.all().stream().filter(t -> t.group().equals(group) && t.kind().equals(kind)).findFirst()
        .orElseThrow();
  }

  static ResourceType typeOf(ObjectNode obj) {
    return ManifestsPassTest.typeOf(obj).orElseThrow();
  }

  /** Defaults then validates a new object; returns the messages as kubectl prints each cause. */
  static List<String> create(ObjectNode obj) {
    ResourceType t = typeOf(obj);
    Strategies.forType(t).applyDefaults(obj);
    return Strategies.validate(t, obj, null).stream().map(FieldError::message).toList();
  }

  static List<FieldError> createErrors(ObjectNode obj) {
    ResourceType t = typeOf(obj);
    Strategies.forType(t).applyDefaults(obj);
    return Strategies.validate(t, obj, null);
  }

  /** Defaults (update form) then validates an update of {@code old} (already stored) to {@code obj}. */
  static List<String> update(ObjectNode obj, ObjectNode old) {
    ResourceType t = typeOf(obj);
    Strategies.forType(t).applyUpdateDefaults(obj, old);
    return Strategies.validate(t, obj, old).stream().map(FieldError::message).toList();
  }

  /** A stored object: defaulted, with the system fields the server sets. */
  static ObjectNode stored(ObjectNode obj) {
    ResourceType t = typeOf(obj);
    Strategies.forType(t).applyDefaults(obj);
    ObjectNode meta = (ObjectNode) obj.get("metadata");
    meta.put("uid", "8f1c2d3e-0000-4000-8000-000000000001");
    meta.put("resourceVersion", "100");
    meta.put("creationTimestamp", "2024-05-01T10:00:00Z");
    return obj;
  }
}
