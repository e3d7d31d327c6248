package dev.netkube.cli.kubeconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import java.util.Optional;

/**
 * Pure edits of one kubeconfig file's tree. Every method returns a new tree and leaves its
 * argument alone; fields netkube does not own (preferences, extensions, other entries, unknown
 * keys) are carried over untouched and in their order.
 */
public final class KubeconfigDocument {
  private KubeconfigDocument() {}

  /** A file with nothing in it yet, laid out as kubectl writes one. */
  public static ObjectNode empty() {
    ObjectNode config = Json.object();
    config.put("apiVersion", "v1");
    config.putArray("clusters");
    config.putArray("contexts");
    config.put("current-context", "");
    config.put("kind", "Config");
    config.putObject("preferences");
    config.putArray("users");
    return config;
  }

  /** Whether the file defines an entry of this name in this section. */
  public static boolean defines(JsonNode config, KubeconfigSection section, String name) {
    return find(config, section, name).isPresent();
  }

  /** The body of the named entry (e.g. the {@code cluster} object of a clusters item). */
  public static Optional<JsonNode> find(JsonNode config, KubeconfigSection section, String name) {
    JsonNode list = config.path(section.listField());
    for (JsonNode item : list) {
      if (name.equals(item.path("name").asText(null))) return Optional.of(item.path(section.itemField()));
    }
    return Optional.empty();
  }

  /** The tree with the named entry set to body: replaced in place when present, else appended. */
  public static ObjectNode withEntry(JsonNode config, KubeconfigSection section, String name, ObjectNode body) {
    ObjectNode copy = copyOf(config);
    ArrayNode list = listOf(copy, section);
    ObjectNode item = Json.object();
    item.put("name", name);
    item.set(section.itemField(), body.deepCopy());
    for (int i = 0; i < list.size(); i++) {
      if (name.equals(list.get(i).path("name").asText(null))) {
        // keep whatever else the item carries (e.g. extensions) but replace the body
        ObjectNode existing = (ObjectNode) list.get(i);
        existing.set(section.itemField(), body.deepCopy());
        return copy;
      }
    }
    list.add(item);
    return copy;
  }

  /** The tree without any entry of this name in this section. */
  public static ObjectNode withoutEntry(JsonNode config, KubeconfigSection section, String name) {
    ObjectNode copy = copyOf(config);
    JsonNode list = copy.get(section.listField());
    if (list instanceof ArrayNode array) {
      for (int i = array.size() - 1; i >= 0; i--) {
        if (name.equals(array.get(i).path("name").asText(null))) array.remove(i);
      }
    }
    return copy;
  }

  /** The file's current-context, empty when it sets none. */
  public static String currentContext(JsonNode config) {
    JsonNode value = config.path("current-context");
    return value.isTextual() ? value.asText() : "";
  }

  public static ObjectNode withCurrentContext(JsonNode config, String context) {
    ObjectNode copy = copyOf(config);
    copy.put("current-context", context);
    return copy;
  }

  /** The tree with every entry of {@code entry.name()} in place and, if asked, made current. */
  public static ObjectNode withAll(JsonNode config, KubeconfigEntry entry) {
    ObjectNode result = withEntry(config, KubeconfigSection.CLUSTERS, entry.name(), entry.cluster());
    result = withEntry(result, KubeconfigSection.USERS, entry.name(), entry.user());
    return withEntry(result, KubeconfigSection.CONTEXTS, entry.name(), entry.context());
  }

  /** A kubeconfig holding only this entry, current (netkube's own $NETKUBE_HOME/kubeconfig). */
  public static ObjectNode standalone(KubeconfigEntry entry) {
    return withCurrentContext(withAll(empty(), entry), entry.name());
  }

  private static ObjectNode copyOf(JsonNode config) {
    if (config == null || config.isMissingNode() || config.isNull()) return empty();
    if (!config.isObject()) throw new IllegalArgumentException("a kubeconfig must be a YAML mapping");
    return ((ObjectNode) config).deepCopy();
  }

  private static ArrayNode listOf(ObjectNode config, KubeconfigSection section) {
    JsonNode list = config.get(section.listField());
    if (list instanceof ArrayNode array) return array;
    return config.putArray(section.listField()); // absent or null ("clusters: null" as some tools write)
  }
}
