package dev.netkube.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.apply.ManagedFields;
import dev.netkube.model.apply.ServerSideApply;
import dev.netkube.model.schema.Schema;
import java.time.Clock;

/** Field ownership bookkeeping on every write (metadata.managedFields), and server-side apply. */
final class ManagedFieldsSupport {
  private ManagedFieldsSupport() {}

  static void recordCreate(ObjectNode obj, WriteOptions opts, String apiVersion, Schema schema, Clock clock) {
    if (opts.fieldManager == null || opts.fieldManager.isEmpty()) return;
    if (obj.path("metadata").has("managedFields") && !opts.fieldManager.isEmpty()) {
      obj.with("metadata").remove("managedFields");
    }
    ManagedFields.recordUpdate(null, obj, opts.fieldManager, "Update", apiVersion, "", schema, clock.instant());
  }

  static void recordUpdate(ObjectNode old, ObjectNode obj, WriteOptions opts, String apiVersion, String subresource,
      Schema schema, Clock clock) {
    if (opts.fieldManager == null || opts.fieldManager.isEmpty()) return;
    ManagedFields.recordUpdate(old, obj, opts.fieldManager, "Update", apiVersion,
        subresource == null ? "" : subresource, schema, clock.instant());
  }

  static ObjectNode apply(ObjectNode live, ObjectNode applied, WriteOptions opts, String apiVersion, Schema schema,
      Clock clock) {
    return ServerSideApply.apply(live, applied, opts.fieldManager, opts.force, apiVersion, schema, clock.instant());
  }
}
