package dev.netkube.model.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.model.patch.JsonEquality;
import dev.netkube.model.schema.Schema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Field sets of objects and comparisons between two versions of an object, as structured-merge-diff computes them. */
public final class FieldSets {
  private FieldSets() {}

  /** What changed between two versions: paths added, removed, and leaves whose value changed. */
  public record Comparison(FieldSet added, FieldSet removed, FieldSet modified) {
    public FieldSet addedOrModified() { return added.union(modified); }

    public boolean isSame() { return added.isEmpty() && removed.isEmpty() && modified.isEmpty(); }

    public Comparison excluding(FieldSet ignored) {
      return new Comparison(added.recursiveDifference(ignored), removed.recursiveDifference(ignored),
          modified.recursiveDifference(ignored));
    }
  }

  /**
   * Every path the object sets: scalars, atomic lists/maps, null and empty-map fields as leaves, and
   * each item of an associative list as a member itself (the "." of FieldsV1).
   */
  public static FieldSet of(JsonNode object, Schema schema) {
    List<FieldPath> out = new ArrayList<>();
    collect(object, schema, FieldPath.ROOT, out);
    return FieldSet.of(out);
  }

  private static void collect(JsonNode value, Schema schema, FieldPath at, List<FieldPath> out) {
    Shape shape = Shape.of(schema, value);
    if (shape.kind() == Shape.Kind.LEAF) {
      out.add(at);
    } else if (shape.isMap()) {
      value.properties().forEach(e -> {
        FieldPath child = at.child(new PathElement.Field(e.getKey()));
        JsonNode v = e.getValue();
        if (v.isNull() || v.isObject() && v.isEmpty()) out.add(child);
        collect(v, shape.field(e.getKey()), child, out);
      });
    } else {
      for (int i = 0; i < value.size(); i++) {
        FieldPath item = at.child(shape.element(i, value.get(i)));
        out.add(item);
        collect(value.get(i), shape.items(), item, out);
      }
    }
  }

  /** Compares {@code before} (null when the object is new) with {@code after}. */
  public static Comparison compare(JsonNode before, JsonNode after, Schema schema) {
    List<FieldPath> added = new ArrayList<>();
    List<FieldPath> removed = new ArrayList<>();
    List<FieldPath> modified = new ArrayList<>();
    new Comparer(added, removed, modified).compare(FieldPath.ROOT, schema, before, after, false);
    return new Comparison(FieldSet.of(added), FieldSet.of(removed), FieldSet.of(modified));
  }

  private record Comparer(List<FieldPath> added, List<FieldPath> removed, List<FieldPath> modified) {
    void compare(FieldPath at, Schema schema, JsonNode lhs, JsonNode rhs, boolean listItem) {
      Shape ls = lhs == null ? null : Shape.of(schema, lhs);
      Shape rs = rhs == null ? null : Shape.of(schema, rhs);
      Shape shape = rs != null ? rs : ls;
      boolean leaf = shape.kind() == Shape.Kind.LEAF || ls != null && rs != null && ls.kind() != rs.kind();
      if (leaf) {
        if (lhs == null) added.add(at);
        else if (rhs == null) removed.add(at);
        else if (!JsonEquality.equal(lhs, rhs)) modified.add(at);
        return;
      }
      if (shape.isMap()) {
        Set<String> keys = new LinkedHashSet<>();
        if (lhs != null) lhs.fieldNames().forEachRemaining(keys::add);
        if (rhs != null) rhs.fieldNames().forEachRemaining(keys::add);
        for (String k : keys) {
          compare(at.child(new PathElement.Field(k)), shape.field(k),
              lhs == null ? null : lhs.get(k), rhs == null ? null : rhs.get(k), false);
        }
      } else {
        Map<PathElement, JsonNode> l = items(shape, lhs);
        Map<PathElement, JsonNode> r = items(shape, rhs);
        Set<PathElement> all = new LinkedHashSet<>(l.keySet());
        all.addAll(r.keySet());
        for (PathElement e : all) compare(at.child(e), shape.items(), l.get(e), r.get(e), true);
      }
      // Go's typed objects always carry their non-pointer struct fields, so upstream never sees
      // those appear or vanish; only maps, lists and list items do.
      if (at.isRoot() || shape.kind() == Shape.Kind.STRUCT && !listItem) return;
      if (lhs == null) added.add(at);
      else if (rhs == null) removed.add(at);
    }
  }

  static Map<PathElement, JsonNode> items(Shape shape, JsonNode list) {
    Map<PathElement, JsonNode> out = new LinkedHashMap<>();
    if (list == null || !list.isArray()) return out;
    for (int i = 0; i < list.size(); i++) out.putIfAbsent(shape.element(i, list.get(i)), list.get(i));
    return out;
  }
}
