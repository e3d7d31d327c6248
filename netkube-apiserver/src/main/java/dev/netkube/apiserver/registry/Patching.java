package dev.netkube.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.ApiException;
import dev.netkube.model.patch.JsonPatch;
import dev.netkube.model.patch.MergePatch;
import dev.netkube.model.patch.StrategicMergePatch;
import dev.netkube.model.schema.Schema;

/** Applies a JSON, merge or strategic merge patch to a stored object. */
final class Patching {
  private Patching() {}

  static ObjectNode apply(PatchType type, ObjectNode current, JsonNode patch, Schema schema) {
    JsonNode result = switch (type) {
      case JSON -> JsonPatch.apply(current, patch);
      case MERGE -> MergePatch.apply(current, patch);
      case STRATEGIC -> StrategicMergePatch.apply(current, patch, schema);
      case APPLY -> throw new IllegalStateException("apply patches go through server-side apply");
    };
    if (!(result instanceof ObjectNode obj)) {
      throw new ApiException(422, "Invalid", "the patch produced a value that is not an object", null);
    }
    return obj;
  }
}
