package dev.netkube.apiserver.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.apiserver.registry.Meta;
import dev.netkube.apiserver.registry.ResourceService;
import dev.netkube.apiserver.registry.ServedResource;
import dev.netkube.apiserver.registry.WriteOptions;
import dev.netkube.model.Json;
import dev.netkube.model.api.ApiException;
import dev.netkube.model.patch.JsonPatch;
import dev.netkube.model.patch.MergePatch;
import dev.netkube.model.select.LabelSelector;
import java.io.IOException;

/**
 * The scale subresource (autoscaling/v1 Scale) of workloads: `kubectl scale` reads and patches
 * it; writing it sets spec.replicas of the parent object.
 */
final class ScaleSubresource {
  private final ResourceService service;

  ScaleSubresource(ResourceService service) { this.service = service; }

  ObjectNode get(ServedResource r, String ns, String name) {
    return toScale(service.get(r, ns, name));
  }

  ObjectNode update(ServedResource r, String ns, String name, ObjectNode scale, WriteOptions opts) {
    return write(r, ns, name, scale, opts);
  }

  ObjectNode patch(ServedResource r, String ns, String name, String contentType, byte[] body, WriteOptions opts) {
    ObjectNode current = get(r, ns, name);
    JsonNode patch;
    try {
      patch = Json.parse(body);
    } catch (IOException e) {
      throw ApiException.badRequest("error decoding patch: " + e.getMessage());
    }
    JsonNode patched = switch (contentType) {
      case "application/json-patch+json" -> JsonPatch.apply(current, patch);
      case "application/merge-patch+json", "application/strategic-merge-patch+json" -> MergePatch.apply(current, patch);
      default -> throw ApiException.unsupportedMediaType(contentType);
    };
    return write(r, ns, name, (ObjectNode) patched, opts);
  }

  private ObjectNode write(ServedResource r, String ns, String name, ObjectNode scale, WriteOptions opts) {
    JsonNode replicas = scale.path("spec").path("replicas");
    if (!replicas.canConvertToInt() || replicas.asInt() < 0) {
      throw ApiException.invalid("autoscaling", "Scale", name, java.util.List.of(
          dev.netkube.model.api.FieldError.invalid("spec.replicas", replicas.asInt(), "must be greater than or equal to 0")));
    }
    ObjectNode obj = service.get(r, ns, name);
    String wantedRv = Json.str(scale, "metadata.resourceVersion");
    if (!wantedRv.isEmpty() && !wantedRv.equals(Meta.resourceVersion(obj))) {
      throw ApiException.modified(r.type().group(), r.type().plural(), name);
    }
    Json.objectAt(obj, "spec").put("replicas", replicas.asInt());
    ObjectNode updated = service.update(r, ns, name, obj, "", opts);
    return toScale(updated);
  }

  private static ObjectNode toScale(ObjectNode obj) {
    ObjectNode s = Json.object();
    s.put("kind", "Scale");
    s.put("apiVersion", "autoscaling/v1");
    ObjectNode meta = s.putObject("metadata");
    for (String f : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
      if (obj.path("metadata").has(f)) meta.set(f, obj.path("metadata").get(f));
    }
    s.putObject("spec").put("replicas", obj.path("spec").path("replicas").asInt(0));
    ObjectNode status = s.putObject("status");
    status.put("replicas", obj.path("status").path("replicas").asInt(0));
    JsonNode selector = obj.path("spec").path("selector");
    if (selector.isObject()) status.put("selector", LabelSelector.fromJson(selector).toString());
    return s;
  }
}
