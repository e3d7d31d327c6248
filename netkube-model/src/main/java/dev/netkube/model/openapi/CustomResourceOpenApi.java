package dev.netkube.model.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import dev.netkube.model.api.ResourceType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The OpenAPI v3 documents of custom resources, built from CRDs as kube-apiserver's CRD handler
 * does: one document per served group-version holding every CRD of that group-version, the kind
 * schema taken from {@code spec.versions[].schema.openAPIV3Schema} with apiVersion, kind and
 * metadata (a ref to ObjectMeta) added, the GVK extension, and paths whose PATCH accepts JSON patch,
 * merge patch and apply patch but not strategic merge patch (so kubectl apply falls back to a JSON
 * merge patch for custom resources, as upstream).
 */
public final class CustomResourceOpenApi {
  private static final String SCHEMAS = "#/components/schemas/";
  private static final List<String> META_ROOTS = List.of("ObjectMeta", "ListMeta", "Status", "DeleteOptions", "Patch");

  private static volatile OpenApiV3 builtins;

  private CustomResourceOpenApi() {}

  /** The documents of one CRD's served versions by gv path; meta components come from the built-in documents. */
  public static Map<String, JsonNode> document(JsonNode crd) {
    return documents(List.of(crd), defaultBuiltins());
  }

  /** Same as {@link #document(JsonNode)}. */
  public static Map<String, JsonNode> documents(JsonNode crd) {
    return document(crd);
  }

  /**
   * The documents of all served versions of {@code crds} by gv path ("apis/&lt;group&gt;/&lt;version&gt;"),
   * CRDs sharing a group-version merged into one document. {@code builtins} supplies ObjectMeta,
   * Status, Scale and their friends.
   */
  public static Map<String, JsonNode> documents(Collection<JsonNode> crds, OpenApiV3 builtins) {
    Map<String, ObjectNode> paths = new TreeMap<>();
    Map<String, Map<String, JsonNode>> schemas = new TreeMap<>();
    Map<String, Boolean> needsScale = new LinkedHashMap<>();
    for (JsonNode crd : crds) {
      JsonNode spec = crd.path("spec");
      String group = spec.path("group").asText();
      for (JsonNode v : spec.path("versions")) {
        if (!v.path("served").asBoolean(false)) continue;
        String version = v.path("name").asText();
        String gv = OpenApiV3.gvPath(group, version);
        ResourceType type = resourceType(spec, v);
        String kindName = componentName(group, version, type.kind());
        String listName = kindName + "List";
        OpenApiPaths.addResource(paths.computeIfAbsent(gv, k -> Json.object()), type, kindName, listName, false);
        Map<String, JsonNode> s = schemas.computeIfAbsent(gv, k -> new TreeMap<>());
        s.put(kindName, kindSchema(v.path("schema").path("openAPIV3Schema"), group, version, type.kind()));
        s.put(listName, listSchema(kindName, group, version, type.kind()));
        if (type.hasScale()) needsScale.put(gv, true);
      }
    }
    Map<String, JsonNode> docs = new LinkedHashMap<>();
    for (String gv : paths.keySet()) {
      List<String> roots = new ArrayList<>();
      for (String m : META_ROOTS) roots.add(OpenApiPaths.META + m);
      if (needsScale.containsKey(gv)) roots.add(OpenApiPaths.SCALE);
      Map<String, JsonNode> s = schemas.get(gv);
      borrow(roots, builtins, s);
      ObjectNode doc = Json.object();
      doc.put("openapi", "3.0.0");
      doc.putObject("info").put("title", "Kubernetes CRD Swagger").put("version", "v0.1.0");
      doc.set("paths", paths.get(gv));
      ObjectNode components = doc.putObject("components").putObject("schemas");
      new TreeMap<>(s).forEach(components::set);
      docs.put(gv, doc);
    }
    return docs;
  }

  /** "metallb.io", "v1beta1", "IPAddressPool" → "io.metallb.v1beta1.IPAddressPool", as upstream names CR schemas. */
  public static String componentName(String group, String version, String kind) {
    List<String> parts = new ArrayList<>(List.of(group.split("\\.")));
    Collections.reverse(parts);
    return String.join(".", parts) + "." + version + "." + kind;
  }

  private static ResourceType resourceType(JsonNode spec, JsonNode version) {
    JsonNode names = spec.path("names");
    String kind = names.path("kind").asText();
    List<String> shortNames = new ArrayList<>();
    names.path("shortNames").forEach(n -> shortNames.add(n.asText()));
    List<String> categories = new ArrayList<>();
    names.path("categories").forEach(n -> categories.add(n.asText()));
    Set<String> sub = new HashSet<>();
    version.path("subresources").fieldNames().forEachRemaining(sub::add);
    String singular = names.path("singular").asText(kind.toLowerCase(Locale.ROOT));
    return new ResourceType(spec.path("group").asText(), version.path("name").asText(), kind,
        names.path("plural").asText(), singular.isEmpty() ? kind.toLowerCase(Locale.ROOT) : singular,
        !"Cluster".equals(spec.path("scope").asText()), shortNames, categories, Set.copyOf(sub),
        ResourceType.ALL_VERBS);
  }

  private static JsonNode kindSchema(JsonNode openApiV3Schema, String group, String version, String kind) {
    ObjectNode s = openApiV3Schema.isObject() ? (ObjectNode) openApiV3Schema.deepCopy() : Json.object();
    if (!openApiV3Schema.isObject()) s.put("x-kubernetes-preserve-unknown-fields", true);
    s.put("type", "object");
    ObjectNode props = s.has("properties") && s.get("properties").isObject()
        ? (ObjectNode) s.get("properties") : s.putObject("properties");
    props.set("apiVersion", stringProperty("APIVersion defines the versioned schema of this representation of an "
        + "object. Servers should convert recognized schemas to the latest internal value, and may reject "
        + "unrecognized values. More info: "
        + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources"));
    props.set("kind", stringProperty("Kind is a string value representing the REST resource this object represents. "
        + "Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. "
        + "More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds"));
    ObjectNode meta = Json.object();
    meta.putArray("allOf").addObject().put("$ref", SCHEMAS + OpenApiPaths.META + "ObjectMeta");
    meta.put("description", "Standard object's metadata. More info: "
        + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata");
    props.set("metadata", meta);
    gvk(s, group, version, kind);
    return s;
  }

  private static JsonNode listSchema(String kindName, String group, String version, String kind) {
    ObjectNode s = Json.object();
    s.put("description", kind + "List is a list of " + kind);
    s.putArray("required").add("items");
    ObjectNode props = s.putObject("properties");
    props.set("apiVersion", stringProperty("APIVersion defines the versioned schema of this representation of an object."));
    ObjectNode items = props.putObject("items");
    items.put("description", "List of " + kind.toLowerCase(Locale.ROOT) + "s. More info: "
        + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md");
    items.put("type", "array");
    items.putObject("items").put("$ref", SCHEMAS + kindName);
    props.set("kind", stringProperty("Kind is a string value representing the REST resource this object represents."));
    ObjectNode meta = props.putObject("metadata");
    meta.putArray("allOf").addObject().put("$ref", SCHEMAS + OpenApiPaths.META + "ListMeta");
    meta.put("description", "Standard list metadata. More info: "
        + "https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds");
    s.put("type", "object");
    gvk(s, group, version, kind + "List");
    return s;
  }

  private static ObjectNode stringProperty(String description) {
    ObjectNode p = Json.object();
    p.put("description", description);
    p.put("type", "string");
    return p;
  }

  private static void gvk(ObjectNode s, String group, String version, String kind) {
    ArrayNode a = s.putArray("x-kubernetes-group-version-kind");
    a.addObject().put("group", group).put("kind", kind).put("version", version);
  }

  /** Copies the named built-in components and everything they reference into {@code into}. */
  private static void borrow(List<String> roots, OpenApiV3 builtins, Map<String, JsonNode> into) {
    Deque<String> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (into.containsKey(name)) continue;
      builtins.component(name).ifPresent(c -> {
        into.put(name, c);
        collectRefs(c, todo);
      });
    }
  }

  private static void collectRefs(JsonNode n, Deque<String> out) {
    if (n.isObject()) {
      JsonNode ref = n.get("$ref");
      if (ref != null && ref.isTextual() && ref.asText().startsWith(SCHEMAS)) {
        out.add(ref.asText().substring(SCHEMAS.length()));
      }
      n.elements().forEachRemaining(c -> collectRefs(c, out));
    } else if (n.isArray()) {
      n.elements().forEachRemaining(c -> collectRefs(c, out));
    }
  }

  private static OpenApiV3 defaultBuiltins() {
    OpenApiV3 b = builtins;
    if (b == null) {
      synchronized (CustomResourceOpenApi.class) {
        if (builtins == null) builtins = OpenApiV3.loadBuiltins();
        b = builtins;
      }
    }
    return b;
  }
}
