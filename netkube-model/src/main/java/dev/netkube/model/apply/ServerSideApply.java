package dev.netkube.model.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import dev.netkube.model.api.ApiException;
import dev.netkube.model.schema.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Server-side apply ({@code application/apply-patch+yaml}) as structured-merge-diff and
 * kube-apiserver's field manager do it: the applied configuration is merged into the live object
 * (maps and associative lists merge, everything else is replaced), the applier comes to own exactly
 * the fields of its configuration, fields it applied before and omits now are removed unless another
 * manager owns them, and changing a field another manager owns is a 409 conflict unless forced, in
 * which case the other manager loses it.
 */
public final class ServerSideApply {
  static final String BEFORE_FIRST_APPLY = "before-first-apply";

  private ServerSideApply() {}

  /** Same as the overload with no reset fields. */
  public static ObjectNode apply(ObjectNode live, ObjectNode applied, String manager, boolean force,
      String apiVersion, Schema schema, Instant now) {
    return apply(live, applied, manager, force, apiVersion, schema, now, FieldSet.EMPTY);
  }

  /**
   * Returns the merged object with its managedFields; {@code live} is null on create. Neither argument is
   * modified. {@code resetFields} are paths the endpoint's strategy resets (e.g. status on the main
   * resource): they are neither owned nor merged.
   *
   * @throws ApiException 400 when the body carries metadata.managedFields, 409 on conflicts
   */
  public static ObjectNode apply(ObjectNode live, ObjectNode applied, String manager, boolean force,
      String apiVersion, Schema schema, Instant now, FieldSet resetFields) {
    return apply(live, applied, manager, force, apiVersion, "", schema, now, resetFields);
  }

  /** Apply through a subresource ("status"; "" for the main resource): its entry carries the subresource. */
  public static ObjectNode apply(ObjectNode live, ObjectNode applied, String manager, boolean force,
      String apiVersion, String subresource, Schema schema, Instant now, FieldSet resetFields) {
    ApplyRequests.requireNoManagedFields(applied);
    Attempt first = attempt(live, applied, manager, force, apiVersion, subresource, schema, now, resetFields);
    Attempt done = first;
    if (!first.conflicts().isEmpty() && manager.equals(LastApplied.KUBECTL)) {
      // kubectl moving from client-side to server-side apply: fields its last-applied annotation
      // already holds with the live values are not worth a conflict.
      FieldSet allowed = LastApplied.allowedConflicts(live, schema);
      Map<ManagedFieldsEntry.Identity, FieldSet> remaining = new LinkedHashMap<>();
      first.conflicts().forEach((who, paths) -> {
        FieldSet left = paths.difference(allowed);
        if (!left.isEmpty()) remaining.put(who, left);
      });
      if (!remaining.isEmpty()) throw conflictError(remaining);
      done = attempt(live, applied, manager, true, apiVersion, subresource, schema, now, resetFields);
    }
    if (!done.conflicts().isEmpty()) throw conflictError(done.conflicts());
    if (manager.equals(LastApplied.KUBECTL)) LastApplied.sync(done.object(), applied);
    return done.object();
  }

  private record Attempt(ObjectNode object, Map<ManagedFieldsEntry.Identity, FieldSet> conflicts) {}

  private static Attempt attempt(ObjectNode live, ObjectNode applied, String manager, boolean force,
      String apiVersion, String subresource, Schema schema, Instant now, FieldSet resetFields) {
    Map<ManagedFieldsEntry.Identity, ManagedFieldsEntry> managed = ManagedFields.decode(live);
    ObjectNode liveObj = live == null ? Json.object() : ManagedFields.strip(live.deepCopy());
    if (live != null && managed.isEmpty()) {
      // Objects nobody tracked yet: their fields belong to a stand-in updater so apply can conflict.
      managed = ManagedFields.update(managed, Json.object(), liveObj,
          new ManagedFieldsEntry(BEFORE_FIRST_APPLY, ManagedFieldsEntry.UPDATE, apiVersion, now, FieldSet.EMPTY, ""),
          schema, resetFields);
    }
    ObjectNode config = applied.deepCopy();
    ManagedFieldsEntry self = new ManagedFieldsEntry(manager, ManagedFieldsEntry.APPLY, apiVersion, now, FieldSet.EMPTY, subresource);
    ManagedFieldsEntry previous = managed.get(self.identity());
    FieldSet lastSet = previous == null ? FieldSet.EMPTY : previous.fields();
    FieldSet newSet = FieldSets.of(config, schema).difference(ManagedFields.STRIPPED).recursiveDifference(resetFields);

    JsonNode merged = merge(liveObj, config, schema);
    Map<ManagedFieldsEntry.Identity, ManagedFieldsEntry> owners = new LinkedHashMap<>(managed);
    owners.put(self.identity(), self.withFields(newSet));
    if (!lastSet.isEmpty()) {
      FieldSet owned = FieldSet.EMPTY;
      for (ManagedFieldsEntry e : owners.values()) owned = owned.union(e.fields());
      prune(merged, schema, FieldPath.ROOT, lastSet, owned);
    }

    FieldSets.Comparison cmp = FieldSets.compare(liveObj, merged, schema).excluding(resetFields);
    Map<ManagedFieldsEntry.Identity, FieldSet> conflicts = new LinkedHashMap<>();
    for (ManagedFieldsEntry e : managed.values()) {
      if (e.identity().equals(self.identity())) continue;
      FieldSet c = e.fields().intersection(cmp.addedOrModified());
      if (!c.isEmpty()) conflicts.put(e.identity(), c);
    }
    if (!conflicts.isEmpty() && !force) return new Attempt(null, conflicts);

    Map<ManagedFieldsEntry.Identity, ManagedFieldsEntry> result = new LinkedHashMap<>();
    for (ManagedFieldsEntry e : owners.values()) {
      FieldSet f = e.identity().equals(self.identity()) ? e.fields()
          : e.fields().difference(cmp.addedOrModified()).difference(cmp.removed());
      Instant time = e.time();
      if (e.identity().equals(self.identity())) {
        // A no-op apply keeps the entry's time, as upstream only stamps applies that changed the object.
        time = cmp.isSame() && previous != null ? previous.time() : now;
      }
      if (!f.isEmpty()) result.put(e.identity(), e.withFields(f).withTime(time));
    }
    ObjectNode out = (ObjectNode) merged;
    ManagedFields.write(out, ManagedFields.capUpdaters(result).values());
    return new Attempt(out, Map.of());
  }

  // ---- merge ----

  /** The applied configuration merged over the live object (structured-merge-diff's Merge). */
  static JsonNode merge(JsonNode lhs, JsonNode rhs, Schema schema) {
    if (rhs == null) return lhs;
    if (lhs == null) return withoutNulls(rhs.deepCopy());
    Shape ls = Shape.of(schema, lhs);
    Shape rs = Shape.of(schema, rhs);
    if (rs.kind() == Shape.Kind.LEAF || ls.kind() != rs.kind()) return rhs.deepCopy();
    if (rs.isMap()) {
      ObjectNode out = ((ObjectNode) lhs).deepCopy();
      rhs.properties().forEach(e -> {
        // A null in the configuration decodes to an unset field in upstream's typed objects: the
        // applier owns the field, and the object goes without it.
        if (e.getValue().isNull()) out.remove(e.getKey());
        else out.set(e.getKey(), merge(lhs.get(e.getKey()), e.getValue(), rs.field(e.getKey())));
      });
      return out;
    }
    return mergeList(rs, lhs, rhs);
  }

  private static JsonNode withoutNulls(JsonNode v) {
    if (v.isObject()) {
      List<String> nulls = new ArrayList<>();
      v.properties().forEach(e -> {
        if (e.getValue().isNull()) nulls.add(e.getKey());
        else withoutNulls(e.getValue());
      });
      ((ObjectNode) v).remove(nulls);
    } else if (v.isArray()) {
      v.forEach(ServerSideApply::withoutNulls);
    }
    return v;
  }

  /**
   * Items only in the live list keep their place; items in both follow the applied order; new items
   * come where the applied list puts them (upstream's interleaving).
   */
  private static ArrayNode mergeList(Shape shape, JsonNode lhs, JsonNode rhs) {
    Map<PathElement, JsonNode> l = FieldSets.items(shape, lhs);
    Map<PathElement, JsonNode> r = FieldSets.items(shape, rhs);
    List<PathElement> lPes = new ArrayList<>(l.keySet());
    List<PathElement> rPes = new ArrayList<>(r.keySet());
    List<PathElement> sharedOrder = new ArrayList<>();
    for (PathElement pe : rPes) if (l.containsKey(pe)) sharedOrder.add(pe);
    int nextShared = 0;
    Set<PathElement> done = new LinkedHashSet<>();
    ArrayNode out = Json.array();
    int li = 0;
    int ri = 0;
    while (li < lPes.size() || ri < rPes.size()) {
      if (li < lPes.size() && ri < rPes.size()) {
        PathElement pe = lPes.get(li);
        if (pe.equals(rPes.get(ri))) {
          done.add(pe);
          out.add(merge(l.get(pe), r.get(pe), shape.items()));
          li++;
          ri++;
          if (nextShared < sharedOrder.size() && sharedOrder.get(nextShared).equals(pe)) nextShared++;
          continue;
        }
        if (r.containsKey(pe) && nextShared < sharedOrder.size() && !sharedOrder.get(nextShared).equals(pe)) {
          li++;
          continue;
        }
      }
      if (li < lPes.size()) {
        PathElement pe = lPes.get(li);
        if (!r.containsKey(pe)) {
          out.add(l.get(pe).deepCopy());
          li++;
          continue;
        }
        if (done.contains(pe)) {
          li++;
          continue;
        }
      }
      if (ri < rPes.size()) {
        PathElement pe = rPes.get(ri);
        done.add(pe);
        out.add(merge(l.get(pe), r.get(pe), shape.items()));
        ri++;
        if (nextShared < sharedOrder.size() && sharedOrder.get(nextShared).equals(pe)) nextShared++;
      }
    }
    return out;
  }

  // ---- prune ----

  /**
   * Removes what the applier owned last time and no manager owns now. Named struct fields count as
   * owned by the last set when anything below them was (upstream's EnsureNamedFieldsAreMembers), so a
   * struct the applier dropped entirely goes away with its contents.
   */
  private static void prune(JsonNode node, Schema schema, FieldPath at, FieldSet lastSet, FieldSet owned) {
    Shape shape = Shape.of(schema, node);
    if (shape.isMap()) {
      ObjectNode o = (ObjectNode) node;
      for (String k : new ArrayList<>(iterableNames(o))) {
        FieldPath p = at.child(new PathElement.Field(k));
        boolean covered = lastSet.contains(p) || shape.isNamedField(k) && lastSet.hasDescendant(p);
        if (covered && !owned.contains(p) && !owned.hasDescendant(p)) o.remove(k);
        else prune(o.get(k), shape.field(k), p, lastSet, owned);
      }
    } else if (shape.isList()) {
      ArrayNode a = (ArrayNode) node;
      for (int i = a.size() - 1; i >= 0; i--) {
        FieldPath p = at.child(shape.element(i, a.get(i)));
        if (lastSet.contains(p) && !owned.contains(p) && !owned.hasDescendant(p)) a.remove(i);
        else prune(a.get(i), shape.items(), p, lastSet, owned);
      }
    }
  }

  private static List<String> iterableNames(ObjectNode o) {
    List<String> names = new ArrayList<>();
    o.fieldNames().forEachRemaining(names::add);
    return names;
  }

  // ---- conflicts ----

  /** 409 with upstream's message and one FieldManagerConflict cause per path. */
  static ApiException conflictError(Map<ManagedFieldsEntry.Identity, FieldSet> conflicts) {
    Map<String, List<FieldPath>> byManager = new LinkedHashMap<>();
    List<Map.Entry<ManagedFieldsEntry.Identity, FieldSet>> ordered = new ArrayList<>(conflicts.entrySet());
    ordered.sort(Comparator.comparing(e -> e.getKey().identifier()));
    ObjectNode details = Json.object();
    ArrayNode causes = details.putArray("causes");
    int count = 0;
    for (Map.Entry<ManagedFieldsEntry.Identity, FieldSet> e : ordered) {
      String who = e.getKey().describe();
      for (FieldPath p : e.getValue().paths()) {
        byManager.computeIfAbsent(who, k -> new ArrayList<>()).add(p);
        ObjectNode c = causes.addObject();
        c.put("reason", "FieldManagerConflict");
        c.put("message", "conflict with " + who);
        c.put("field", p.toString());
        count++;
      }
    }
    String message;
    if (count == 1) {
      Map.Entry<String, List<FieldPath>> only = byManager.entrySet().iterator().next();
      message = "Apply failed with 1 conflict: conflict with " + only.getKey() + ": " + only.getValue().get(0);
    } else {
      List<String> lines = new ArrayList<>();
      byManager.forEach((who, paths) -> {
        lines.add("conflicts with " + who + ":");
        paths.forEach(p -> lines.add("- " + p));
      });
      message = "Apply failed with " + count + " conflicts: " + String.join("\n", lines);
    }
    return new ApiException(409, "Conflict", message, details);
  }
}
