package dev.netkube.model.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.ResourceType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import dev.netkube.model.schema.Schema;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  /** The served versions in discovery order: kube-aware priority, highest (preferred) first. */
  public static List<String> servedVersionsByPriority(ObjectNode crd) {
    List<String> out = new ArrayList<>();
    for (JsonNode v : new CrdSpec(crd).versions()) if (v.path("served").asBoolean(false)) out.add(v.path("name").asText());
    out.sort(KubeVersionOrder.HIGHEST_FIRST);
    return out;
  }

  /**
   * The Warning a request to a deprecated version gets: its deprecationWarning, else upstream's
   * default "group/version Kind is deprecated; use group/newest Kind" (newest served, non-deprecated,
   * higher version). Empty when the version is not deprecated.
   */
  public static Optional<String> deprecationWarning(ObjectNode crd, String version) {
    CrdSpec c = new CrdSpec(crd);
    Optional<JsonNode> v = c.version(version);
    if (v.isEmpty() || !v.get().path("deprecated").asBoolean(false)) return Optional.empty();
    JsonNode custom = v.get().get("deprecationWarning");
    if (custom != null && !custom.isNull()) return Optional.of(custom.asText());
    String msg = c.group() + "/" + version + " " + c.kind() + " is deprecated";
    List<String> better = new ArrayList<>();
    for (JsonNode o : c.versions()) {
      String name = o.path("name").asText();
      if (o.path("served").asBoolean(false) && !o.path("deprecated").asBoolean(false)
          && KubeVersionOrder.compare(version, name) < 0) {
        better.add(name);
      }
    }
    if (better.isEmpty()) return Optional.of(msg);
    better.sort(KubeVersionOrder.HIGHEST_FIRST);
    return Optional.of(msg + "; use " + c.group() + "/" + better.get(0) + " " + c.kind());
  }
}
