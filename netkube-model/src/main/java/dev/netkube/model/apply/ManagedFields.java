package dev.netkube.model.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import dev.netkube.model.schema.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code metadata.managedFields} bookkeeping for create, update and patch, as kube-apiserver's field
 * manager does it: the fields a request set or changed go to its manager's "Update" entry (one per
 * manager, API version and subresource; its time moves only when it gained fields), other managers
 * lose fields that were changed or removed, empty entries disappear, and entries are kept sorted
 * (Apply before Update, then by time, manager, apiVersion, subresource).
 */
public final class ManagedFields {
  /** Fields upstream never tracks (its StripMeta manager). */
  public static final FieldSet STRIPPED = FieldSet.of(List.of(
      FieldPath.of("apiVersion"), FieldPath.of("kind"), FieldPath.of("metadata"),
      FieldPath.of("metadata", "name"), FieldPath.of("metadata", "namespace"),
      FieldPath.of("metadata", "creationTimestamp"), FieldPath.of("metadata", "selfLink"),
      FieldPath.of("metadata", "uid"), FieldPath.of("metadata", "clusterName"),
      FieldPath.of("metadata", "generation"), FieldPath.of("metadata", "managedFields"),
      FieldPath.of("metadata", "resourceVersion")));

  private ManagedFields() {}

  /** Same as the overload with no reset fields. */
  public static ObjectNode recordUpdate(ObjectNode oldObj, ObjectNode newObj, String manager, String operation,
      String apiVersion, String subresource, Schema schema, Instant now) {
    return recordUpdate(oldObj, newObj, manager, operation, apiVersion, subresource, schema, now, FieldSet.EMPTY);
  }

  /**
   * Returns a copy of {@code newObj} with its managedFields brought up to date for a create
   * ({@code oldObj} null), update or non-apply patch by {@code manager}. Managed fields the request
   * body carries replace the stored ones (clients may edit them); otherwise the old object's are used.
   * An update of an object that has no managed fields at all stays untracked, as upstream does.
   * {@code resetFields} are paths the resource's strategy resets for this endpoint (e.g. status on
   * the main resource); changes there are attributed to no one.
   */
  public static ObjectNode recordUpdate(ObjectNode oldObj, ObjectNode newObj, String manager, String operation,
      String apiVersion, String subresource, Schema schema, Instant now, FieldSet resetFields) {
    ObjectNode result = newObj.deepCopy();
    // Bodies may edit managed fields directly, except through a subresource.
    Map<ManagedFieldsEntry.Identity, ManagedFieldsEntry> managed =
        subresource == null || subresource.isEmpty() ? decode(newObj) : Map.of();
    if (managed.isEmpty() && oldObj != null) managed = decode(oldObj);
    if (managed.isEmpty() && oldObj != null) {
      strip(result);
      return result;
    }
    ObjectNode before = oldObj == null ? null : strip(oldObj.deepCopy());
    ObjectNode after = strip(newObj.deepCopy());
    ManagedFieldsEntry self = new ManagedFieldsEntry(manager, operation == null || operation.isEmpty()
        ? ManagedFieldsEntry.UPDATE : operation, apiVersion, now, FieldSet.EMPTY, subresource);
    managed = capUpdaters(update(managed, before, after, self, schema, resetFields));
    write(result, managed.values());
    return result;
  }

  /** The update step shared with apply's "before-first-apply" attribution. */
  static Map<ManagedFieldsEntry.Identity, ManagedFieldsEntry> update(Map<ManagedFieldsEntry.Identity, ManagedFieldsEntry> managed,
      JsonNode before, JsonNode after, ManagedFieldsEntry self, Schema schema, FieldSet resetFields) {
    FieldSets.Comparison cmp = FieldSets.compare(before, after, schema).excluding(resetFields);
    Map<ManagedFieldsEntry.Identity, ManagedFieldsEntry> out = new LinkedHashMap<>();
    FieldSet lost = cmp.addedOrModified().union(cmp.removed());
    for (ManagedFieldsEntry e : managed.values()) {
      FieldSet left = e.fields().difference(lost);
      if (!left.isEmpty()) out.put(e.identity(), e.withFields(left));
    }
    FieldSet taken = cmp.addedOrModified().difference(STRIPPED);
    if (!taken.isEmpty()) {
      ManagedFieldsEntry previous = out.get(self.identity());
      FieldSet all = previous == null ? taken : previous.fields().union(taken);
      out.put(self.identity(), self.withFields(all));
    }
    return out;
  }

  /** Upstream keeps at most this many Update entries; older ones merge into "ancient-changes". */
  public static final int MAX_UPDATE_MANAGERS = 10;

  static final String ANCIENT_CHANGES = "ancient-changes";

  /**
   * Oldest updaters beyond the cap are merged, per API version, into one "ancient-changes" entry
   * carrying the time of the newest update merged into it.
   */
  static Map<ManagedFieldsEntry.Identity, ManagedFieldsEntry> capUpdaters(Map<ManagedFieldsEntry.Identity, ManagedFieldsEntry> managed) {
    List<ManagedFieldsEntry> updaters = new ArrayList<>();
    for (ManagedFieldsEntry e : managed.values()) if (!e.operation().equals(ManagedFieldsEntry.APPLY)) updaters.add(e);
    if (updaters.size() <= MAX_UPDATE_MANAGERS) return managed;
    updaters.sort(Comparator.comparingLong((ManagedFieldsEntry e) -> e.time() == null ? 0 : e.time().getEpochSecond())
        .thenComparing(e -> e.identity().toString()));
    Map<ManagedFieldsEntry.Identity, ManagedFieldsEntry> out = new LinkedHashMap<>(managed);
    Map<String, ManagedFieldsEntry> firstByVersion = new LinkedHashMap<>();
    int length = updaters.size();
    for (int i = 0; i < updaters.size() && length > MAX_UPDATE_MANAGERS; i++) {
      ManagedFieldsEntry e = updaters.get(i);
      ManagedFieldsEntry first = firstByVersion.get(e.apiVersion());
      if (first == null) {
        firstByVersion.put(e.apiVersion(), e);
        continue;
      }
      ManagedFieldsEntry bucket = new ManagedFieldsEntry(ANCIENT_CHANGES, ManagedFieldsEntry.UPDATE, e.apiVersion(),
          e.time(), FieldSet.EMPTY, "");
      ManagedFieldsEntry existing = out.get(bucket.identity());
      if (existing == null) {
        existing = out.remove(first.identity()).withTime(null);
      }
      out.remove(e.identity());
      out.put(bucket.identity(), bucket.withFields(existing.fields().union(e.fields())));
      length--;
    }
    return out;
  }

  /** The entries stored on {@code obj}, keyed by manager identity; unusable entries are skipped. */
  public static Map<ManagedFieldsEntry.Identity, ManagedFieldsEntry> decode(JsonNode obj) {
    Map<ManagedFieldsEntry.Identity, ManagedFieldsEntry> out = new LinkedHashMap<>();
    JsonNode list = obj == null ? null : obj.path("metadata").get("managedFields");
    if (list == null || !list.isArray()) return out;
    for (JsonNode n : list) {
      Optional<ManagedFieldsEntry> e = ManagedFieldsEntry.fromJson(n);
      e.ifPresent(entry -> out.merge(entry.identity(), entry,
          (a, b) -> a.withFields(a.fields().union(b.fields()))));
    }
    return out;
  }

  /** Sets {@code metadata.managedFields} in upstream's order, or removes it when there are none. */
  static void write(ObjectNode obj, Iterable<ManagedFieldsEntry> entries) {
    List<ManagedFieldsEntry> sorted = new ArrayList<>();
    for (ManagedFieldsEntry e : entries) if (!e.fields().difference(STRIPPED).isEmpty()) sorted.add(e);
    sorted.sort(Comparator.comparing(ManagedFieldsEntry::operation)
        .thenComparingLong(e -> e.time() == null ? 0 : e.time().getEpochSecond())
        .thenComparing(ManagedFieldsEntry::manager)
        .thenComparing(ManagedFieldsEntry::apiVersion)
        .thenComparing(ManagedFieldsEntry::subresource));
    ObjectNode meta = obj.has("metadata") && obj.get("metadata").isObject()
        ? (ObjectNode) obj.get("metadata") : obj.putObject("metadata");
    if (sorted.isEmpty()) {
      meta.remove("managedFields");
      return;
    }
    ArrayNode list = meta.putArray("managedFields");
    sorted.forEach(e -> list.add(e.withFields(e.fields().difference(STRIPPED)).toJson()));
  }

  static ObjectNode strip(ObjectNode obj) {
    JsonNode meta = obj.get("metadata");
    if (meta instanceof ObjectNode m) m.remove("managedFields");
    return obj;
  }

}
