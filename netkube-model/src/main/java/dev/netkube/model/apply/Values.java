package dev.netkube.model.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.model.patch.JsonEquality;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Total ordering and equality of JSON values for path elements. */
final class Values {
  private Values() {}

  static int compare(JsonNode a, JsonNode b) {
    int ra = rank(a);
    int rb = rank(b);
    if (ra != rb) return Integer.compare(ra, rb);
    if (a.isNumber()) return a.decimalValue().compareTo(b.decimalValue());
    if (a.isTextual()) return a.asText().compareTo(b.asText());
    if (a.isBoolean()) return Boolean.compare(a.asBoolean(), b.asBoolean());
    return JsonEquality.equal(a, b) ? 0 : a.toString().compareTo(b.toString());
  }

  private static int rank(JsonNode v) {
    if (v == null || v.isNull()) return 0;
    if (v.isNumber()) return 1;
    if (v.isTextual()) return 2;
    if (v.isBoolean()) return 3;
    if (v.isArray()) return 4;
    return 5;
  }

  static PathElement.Key key(JsonNode object) {
    List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
    object.fields().forEachRemaining(e -> fields.add(new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue())));
    fields.sort(Map.Entry.comparingByKey(Comparator.naturalOrder()));
    return new PathElement.Key(List.copyOf(fields));
  }
}
