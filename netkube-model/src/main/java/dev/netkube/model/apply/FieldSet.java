package dev.netkube.model.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import java.util.Collection;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An immutable set of field paths a manager owns, with upstream's FieldsV1 encoding: nested objects
 * keyed by {@code f:}/{@code k:}/{@code v:}/{@code i:} elements, {@code {}} for a leaf and
 * {@code ".": {}} first inside a path that is itself owned and also has owned children.
 */
public final class FieldSet {
  public static final FieldSet EMPTY = new FieldSet(new TreeSet<>());

  private final NavigableSet<FieldPath> paths;

  private FieldSet(NavigableSet<FieldPath> paths) {
    this.paths = paths;
  }

  public static FieldSet of(Collection<FieldPath> paths) {
    TreeSet<FieldPath> s = new TreeSet<>(paths);
    s.remove(FieldPath.ROOT);
    return new FieldSet(s);
  }

  public NavigableSet<FieldPath> paths() { return java.util.Collections.unmodifiableNavigableSet(paths); }

  public boolean isEmpty() { return paths.isEmpty(); }

  public boolean contains(FieldPath p) { return paths.contains(p); }

  /** True when some path of the set lies strictly below {@code p}. */
  public boolean hasDescendant(FieldPath p) {
    FieldPath next = paths.higher(p);
    return next != null && p.isAncestorOf(next);
  }

  public FieldSet union(FieldSet o) {
    TreeSet<FieldPath> s = new TreeSet<>(paths);
    s.addAll(o.paths);
    return new FieldSet(s);
  }

  public FieldSet intersection(FieldSet o) {
    TreeSet<FieldPath> s = new TreeSet<>(paths);
    s.retainAll(o.paths);
    return new FieldSet(s);
  }

  public FieldSet difference(FieldSet o) {
    TreeSet<FieldPath> s = new TreeSet<>(paths);
    s.removeAll(o.paths);
    return new FieldSet(s);
  }

  /** Removes every path equal to or below a path of {@code o}. */
  public FieldSet recursiveDifference(FieldSet o) {
    TreeSet<FieldPath> s = new TreeSet<>();
    for (FieldPath p : paths) {
      boolean covered = false;
      for (FieldPath q : o.paths) if (q.equals(p) || q.isAncestorOf(p)) covered = true;
      if (!covered) s.add(p);
    }
    return new FieldSet(s);
  }

  // ---- FieldsV1 ----

  private static final class Node {
    boolean member;
    final TreeMap<PathElement, Node> children = new TreeMap<>();
  }

  public ObjectNode toFieldsV1() {
    Node root = new Node();
    for (FieldPath p : paths) {
      Node n = root;
      for (PathElement e : p.elements()) n = n.children.computeIfAbsent(e, k -> new Node());
      n.member = true;
    }
    return write(root);
  }

  private static ObjectNode write(Node n) {
    ObjectNode o = Json.object();
    if (n.member && !n.children.isEmpty()) o.putObject(".");
    for (Map.Entry<PathElement, Node> c : n.children.entrySet()) o.set(c.getKey().fieldsV1Key(), write(c.getValue()));
    return o;
  }

  /** Reads a FieldsV1 object; throws IllegalArgumentException when it is malformed. */
  public static FieldSet fromFieldsV1(JsonNode fields) {
    TreeSet<FieldPath> s = new TreeSet<>();
    if (fields != null && !fields.isNull()) read(fields, FieldPath.ROOT, s);
    return new FieldSet(s);
  }

  private static void read(JsonNode node, FieldPath at, TreeSet<FieldPath> out) {
    if (!node.isObject()) throw new IllegalArgumentException("expected an object at " + at);
    if (node.isEmpty() && !at.isRoot()) out.add(at);
    for (Map.Entry<String, JsonNode> e : node.properties()) {
      if (e.getKey().equals(".")) {
        if (!at.isRoot()) out.add(at);
        continue;
      }
      read(e.getValue(), at.child(PathElement.parse(e.getKey())), out);
    }
  }

  @Override public boolean equals(Object o) { return o instanceof FieldSet f && f.paths.equals(paths); }

  @Override public int hashCode() { return paths.hashCode(); }

  @Override public String toString() { return paths.toString(); }
}
