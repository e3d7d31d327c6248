package dev.netkube.model.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import dev.netkube.model.schema.Schema;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The resources a CustomResourceDefinition serves, as discovery lists them. */
public final class CrdResources {
  private CrdResources() {}

  /** One ResourceType per served version, in spec.versions order. */
  public static List<ResourceType> types(ObjectNode crd) {
    CrdSpec c = new CrdSpec(crd);
    List<ResourceType> out = new ArrayList<>();
    for (JsonNode v : c.versions()) {
      if (!v.path("served").asBoolean(false)) continue;
      String name = v.path("name").asText();
      Set<String> sub = new LinkedHashSet<>();
      if (c.hasStatus(name)) sub.add("status");
      if (c.subresources(name).has("scale")) sub.add("scale");
      out.add(new ResourceType(c.group(), name, c.kind(), c.plural(), c.singular(), c.namespaced(),
          List.copyOf(c.shortNames()), List.copyOf(c.categories()), Set.copyOf(sub), ResourceType.ALL_VERBS));
    }
    return out;
  }

  /** The openAPIV3Schema of {@code version} as a {@link Schema} (no $refs in CRDs), or {@link Schema#ANY}. */
  public static Schema schema(ObjectNode crd, String version) {
    JsonNode s = new CrdSpec(crd).schema(version);
    return s.isObject() ? Schema.of(s, Map.of()) : Schema.ANY;
  }
}
