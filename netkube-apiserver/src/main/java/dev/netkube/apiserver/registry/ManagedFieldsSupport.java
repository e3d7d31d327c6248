package dev.netkube.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.apply.FieldPath;
import dev.netkube.model.apply.FieldSet;
import dev.netkube.model.apply.ManagedFields;
import dev.netkube.model.apply.ServerSideApply;
import dev.netkube.model.schema.Schema;
import java.time.Clock;
import java.util.List;

/** Field ownership bookkeeping on every write (metadata.managedFields), and server-side apply. */
final class ManagedFieldsSupport {
  private static final FieldSet STATUS = FieldSet.of(List.of(FieldPath.of("status")));
  private static final FieldSet SPEC = FieldSet.of(List.of(FieldPath.of("spec")));

  private ManagedFieldsSupport() {}

  /** What the endpoint's strategy resets: status on a main resource that has a status subresource, spec on /status. */
  static FieldSet resetFields(ServedResource r, String subresource) {
    if ("status".equals(subresource)) return SPEC;
    return r.type().hasStatus() ? STATUS : FieldSet.EMPTY;
  }

  static void recordCreate(ServedResource r, ObjectNode obj, WriteOptions opts, Schema schema, Clock clock) {
    if (opts.fieldManager == null || opts.fieldManager.isEmpty()) return;
    ObjectNode result = ManagedFields.recordUpdate(null, obj, opts.fieldManager, "Update", r.type().apiVersion(), "",
        schema, clock.instant(), resetFields(r, ""));
    copyManagedFields(result, obj);
  }

  static void recordUpdate(ServedResource r, ObjectNode old, ObjectNode obj, WriteOptions opts, String subresource,
      Schema schema, Clock clock) {
    if (opts.fieldManager == null || opts.fieldManager.isEmpty()) return;
    String sub = subresource == null ? "" : subresource;
    ObjectNode result = ManagedFields.recordUpdate(old, obj, opts.fieldManager, "Update", r.type().apiVersion(), sub,
        schema, clock.instant(), resetFields(r, sub));
    copyManagedFields(result, obj);
  }

  static ObjectNode apply(ServedResource r, ObjectNode live, ObjectNode applied, WriteOptions opts, String subresource,
      Schema schema, Clock clock) {
    String sub = subresource == null ? "" : subresource;
    return ServerSideApply.apply(live, applied, opts.fieldManager, opts.force, r.type().apiVersion(), sub, schema,
        clock.instant(), resetFields(r, sub));
  }

  private static void copyManagedFields(ObjectNode from, ObjectNode to) {
    JsonNode mf = from.path("metadata").get("managedFields");
    if (mf == null) Meta.meta(to).remove("managedFields"); else Meta.meta(to).set("managedFields", mf);
  }
}
