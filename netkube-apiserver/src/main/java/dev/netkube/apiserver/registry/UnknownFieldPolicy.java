package dev.netkube.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.ApiException;
import dev.netkube.model.crd.CustomResourceStrategy;
import dev.netkube.model.openapi.UnknownFields;
import dev.netkube.model.schema.Schema;
import java.util.List;

/**
 * fieldValidation: Strict refuses unknown fields with upstream's strict decoding error, Warn
 * reports them as warnings, Ignore drops them silently. Built-in objects never keep unknown
 * fields (upstream's typed decode drops them); custom resources are pruned by their strategy.
 */
final class UnknownFieldPolicy {
  private UnknownFieldPolicy() {}

  static void apply(ServedResource r, ObjectNode obj, Schema schema, WriteOptions opts) {
    List<String> unknown;
    if (r.strategy() instanceof CustomResourceStrategy custom) {
      unknown = custom.prune(obj.deepCopy());
    } else if (schema.isAny()) {
      return;
    } else {
      unknown = UnknownFields.find(obj, schema);
    }
    if (unknown.isEmpty()) return;
    switch (opts.fieldValidation) {
      case STRICT -> throw UnknownFields.strictError(r.type().gvk(), unknown);
      case WARN -> unknown.forEach(p -> opts.warnings.add(UnknownFields.message(p)));
      case IGNORE -> { }
    }
    if (!r.custom()) UnknownFields.prune(obj, schema);
  }
}
