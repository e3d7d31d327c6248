package dev.netkube.model.apply;

import java.util.ArrayList;
import java.util.List;

/** A path into an object, printed as upstream prints it: {@code .spec.ports[port=80,protocol="TCP"].targetPort}. */
public record FieldPath(List<PathElement> elements) implements Comparable<FieldPath> {
  public static final FieldPath ROOT = new FieldPath(List.of());

  public FieldPath {
    elements = List.copyOf(elements);
  }

  /** A path of plain field names: {@code FieldPath.of("metadata", "name")}. */
  public static FieldPath of(String... fieldNames) {
    List<PathElement> e = new ArrayList<>();
    for (String n : fieldNames) e.add(new PathElement.Field(n));
    return new FieldPath(e);
  }

  public FieldPath child(PathElement e) {
    List<PathElement> l = new ArrayList<>(elements);
    l.add(e);
    return new FieldPath(l);
  }

  public boolean isRoot() { return elements.isEmpty(); }

  /** True when {@code other} lies strictly below this path. */
  public boolean isAncestorOf(FieldPath other) {
    return other.elements.size() > elements.size() && other.elements.subList(0, elements.size()).equals(elements);
  }

  @Override
  public int compareTo(FieldPath o) {
    for (int i = 0; i < Math.min(elements.size(), o.elements.size()); i++) {
      int c = elements.get(i).compareTo(o.elements.get(i));
      if (c != 0) return c;
    }
    return Integer.compare(elements.size(), o.elements.size());
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    elements.forEach(b::append);
    return b.toString();
  }
}
