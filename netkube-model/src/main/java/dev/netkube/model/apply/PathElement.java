package dev.netkube.model.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import java.util.List;
import java.util.Map;

/**
 * One step of a structured-merge-diff field path: a field name, the key of an item of a
 * {@code list-type: map} list, the value of an item of a {@code list-type: set} list, or a list index.
 * Ordered as upstream orders them (fields, then keys, then values, then indexes), which fixes the order
 * of entries in FieldsV1.
 */
public sealed interface PathElement extends Comparable<PathElement> {
  /** The FieldsV1 spelling: {@code f:name}, {@code k:{"port":80}}, {@code v:"x"}, {@code i:0}. */
  String fieldsV1Key();

  int rank();

  record Field(String name) implements PathElement {
    public String fieldsV1Key() { return "f:" + name; }

    public int rank() { return 0; }

    @Override public String toString() { return "." + name; }
  }

  /** Key fields sorted by name, as upstream keeps them. */
  record Key(List<Map.Entry<String, JsonNode>> fields) implements PathElement {
    public String fieldsV1Key() {
      ObjectNode o = Json.object();
      fields.forEach(e -> o.set(e.getKey(), e.getValue()));
      return "k:" + Json.text(o);
    }

    public int rank() { return 1; }

    @Override public String toString() {
      StringBuilder b = new StringBuilder("[");
      for (int i = 0; i < fields.size(); i++) {
        b.append(i > 0 ? "," : "").append(fields.get(i).getKey()).append('=').append(Json.text(fields.get(i).getValue()));
      }
      return b.append(']').toString();
    }
  }

  record Value(JsonNode value) implements PathElement {
    public String fieldsV1Key() { return "v:" + Json.text(value); }

    public int rank() { return 2; }

    @Override public String toString() { return "[=" + Json.text(value) + "]"; }
  }

  record Index(int index) implements PathElement {
    public String fieldsV1Key() { return "i:" + index; }

    public int rank() { return 3; }

    @Override public String toString() { return "[" + index + "]"; }
  }

  @Override
  default int compareTo(PathElement o) {
    if (rank() != o.rank()) return Integer.compare(rank(), o.rank());
    if (this instanceof Field a && o instanceof Field b) return a.name().compareTo(b.name());
    if (this instanceof Index a && o instanceof Index b) return Integer.compare(a.index(), b.index());
    if (this instanceof Value a && o instanceof Value b) return Values.compare(a.value(), b.value());
    List<Map.Entry<String, JsonNode>> l = ((Key) this).fields();
    List<Map.Entry<String, JsonNode>> r = ((Key) o).fields();
    for (int i = 0; i < Math.min(l.size(), r.size()); i++) {
      int c = l.get(i).getKey().compareTo(r.get(i).getKey());
      if (c != 0) return c;
      c = Values.compare(l.get(i).getValue(), r.get(i).getValue());
      if (c != 0) return c;
    }
    return Integer.compare(l.size(), r.size());
  }

  /** Parses a FieldsV1 key. */
  static PathElement parse(String key) {
    if (key.length() < 2 || key.charAt(1) != ':') throw new IllegalArgumentException("unknown path element: " + key);
    String body = key.substring(2);
    try {
      return switch (key.charAt(0)) {
        case 'f' -> new Field(body);
        case 'i' -> new Index(Integer.parseInt(body));
        case 'v' -> new Value(Json.parse(body));
        case 'k' -> Values.key(Json.parse(body));
        default -> throw new IllegalArgumentException("unknown path element: " + key);
      };
    } catch (java.io.IOException | NumberFormatException e) {
      throw new IllegalArgumentException("bad path element: " + key, e);
    }
  }
}
