package dev.netkube.model.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A read-only view of an apiextensions.k8s.io/v1 CustomResourceDefinition tree. */
record CrdSpec(ObjectNode crd) {
  JsonNode spec() { return crd.path("spec"); }

  String group() { return spec().path("group").asText(""); }

  JsonNode names() { return spec().path("names"); }

  String plural() { return names().path("plural").asText(""); }

  String singular() { return names().path("singular").asText(""); }

  String kind() { return names().path("kind").asText(""); }

  String listKind() { return names().path("listKind").asText(""); }

  List<String> shortNames() { return strings(names().path("shortNames")); }

  List<String> categories() { return strings(names().path("categories")); }

  String scope() { return spec().path("scope").asText(""); }

  boolean namespaced() { return scope().equals("Namespaced"); }

  List<JsonNode> versions() {
    List<JsonNode> out = new ArrayList<>();
    spec().path("versions").forEach(out::add);
    return out;
  }

  Optional<JsonNode> version(String name) {
    for (JsonNode v : versions()) if (v.path("name").asText("").equals(name)) return Optional.of(v);
    return Optional.empty();
  }

  Optional<String> storageVersion() {
    for (JsonNode v : versions()) if (v.path("storage").asBoolean(false)) return Optional.of(v.path("name").asText(""));
    return Optional.empty();
  }

  /** The version's openAPIV3Schema, or a missing node when it has none. */
  JsonNode schema(String version) {
    return version(version).map(v -> v.path("schema").path("openAPIV3Schema")).orElse(MissingNode.getInstance());
  }

  JsonNode subresources(String version) {
    return version(version).map(v -> v.path("subresources")).orElse(MissingNode.getInstance());
  }

  boolean hasStatus(String version) { return subresources(version).has("status"); }

  JsonNode scale(String version) { return subresources(version).path("scale"); }

  static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    if (array.isArray()) array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
