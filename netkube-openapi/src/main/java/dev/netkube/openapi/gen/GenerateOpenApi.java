package dev.netkube.openapi.gen;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import dev.netkube.model.api.BuiltinResources;
import dev.netkube.model.api.GroupVersionKind;
import dev.netkube.model.api.ResourceType;
import dev.netkube.model.openapi.OpenApiPaths;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.models.V1DeleteOptions;
import io.kubernetes.client.openapi.models.V1PersistentVolume;
import io.kubernetes.client.openapi.models.V1PersistentVolumeClaim;
import io.kubernetes.client.openapi.models.V1PodTemplate;
import io.kubernetes.client.openapi.models.V1ReplicationController;
import io.kubernetes.client.openapi.models.V1Scale;
import io.kubernetes.client.openapi.models.V1Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Build-time generator: writes one OpenAPI v3 document per served group-version of
 * {@link BuiltinResources} to {@code <out>/openapi/v3/<gv>.json} ("api/v1", "apis/apps/v1", ...),
 * shaped as kube-apiserver serves them under {@code /openapi/v3/<gv>}.
 */
public final class GenerateOpenApi {
  private GenerateOpenApi() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "target/classes");
    Map<String, ObjectNode> docs = generate();
    for (Map.Entry<String, ObjectNode> e : docs.entrySet()) {
      Path file = out.resolve("openapi/v3/" + e.getKey() + ".json");
      Files.createDirectories(file.getParent());
      Files.write(file, Json.bytes(e.getValue()));
    }
    System.out.println("[netkube-openapi] wrote " + docs.keySet() + " to " + out.resolve("openapi/v3"));
  }

  /** The documents by gv path, in discovery order. */
  public static Map<String, ObjectNode> generate() {
    ComponentCatalog catalog = new ComponentCatalog();
    // Core first, including core kinds we do not serve but whose types other groups embed
    // (PodTemplateSpec, PersistentVolumeClaim): a type belongs to the first group that reaches it.
    catalog.claim(V1Status.class, "");
    catalog.claim(V1DeleteOptions.class, "");
    for (ResourceType t : BuiltinResources.all()) if (t.group().isEmpty()) claim(catalog, t);
    for (Class<?> c : List.of(V1PodTemplate.class, V1ReplicationController.class, V1PersistentVolumeClaim.class,
        V1PersistentVolume.class)) {
      catalog.claim(c, "");
    }
    for (ResourceType t : BuiltinResources.all()) if (!t.group().isEmpty()) claim(catalog, t);
    catalog.claim(V1Scale.class, "autoscaling");

    Map<String, List<ResourceType>> byGv = new LinkedHashMap<>();
    for (ResourceType t : BuiltinResources.all()) byGv.computeIfAbsent(gvPath(t), k -> new ArrayList<>()).add(t);
    Map<String, ObjectNode> docs = new LinkedHashMap<>();
    byGv.forEach((gv, types) -> docs.put(gv, document(catalog, types)));
    return docs;
  }

  public static String gvPath(ResourceType t) {
    return t.group().isEmpty() ? "api/" + t.version() : "apis/" + t.group() + "/" + t.version();
  }

  private static void claim(ComponentCatalog catalog, ResourceType t) {
    catalog.claim(ModelNames.kindClass(t.group(), t.version(), t.kind()), t.group());
    if (!BuiltinResources.isReview(t)) catalog.claim(ModelNames.kindClass(t.group(), t.version(), t.kind() + "List"), t.group());
  }

  private static ObjectNode document(ComponentCatalog catalog, List<ResourceType> types) {
    ObjectNode doc = Json.object();
    doc.put("openapi", "3.0.0");
    doc.putObject("info").put("title", "Kubernetes").put("version", "unversioned");
    ObjectNode paths = doc.putObject("paths");

    List<Class<?>> roots = new ArrayList<>(List.of(V1Status.class, V1DeleteOptions.class));
    Map<Class<?>, GroupVersionKind> kinds = new LinkedHashMap<>();
    kinds.put(V1Status.class, new GroupVersionKind("", "v1", "Status"));
    for (ResourceType t : types) {
      Class<?> kind = ModelNames.kindClass(t.group(), t.version(), t.kind());
      roots.add(kind);
      kinds.put(kind, t.gvk());
      if (BuiltinResources.isReview(t)) {
        OpenApiPaths.addResource(paths, t, catalog.name(kind), null, false);
        continue;
      }
      Class<?> list = ModelNames.kindClass(t.group(), t.version(), t.kind() + "List");
      roots.add(list);
      kinds.put(list, new GroupVersionKind(t.group(), t.version(), t.kind() + "List"));
      if (t.hasScale()) {
        roots.add(V1Scale.class);
        kinds.put(V1Scale.class, new GroupVersionKind("autoscaling", "v1", "Scale"));
      }
      OpenApiPaths.addResource(paths, t, catalog.name(kind), catalog.name(list), true);
    }

    Map<String, ObjectNode> schemas = new TreeMap<>();
    Set<Class<?>> closure = catalog.closure(roots);
    for (Class<?> c : closure) {
      ObjectNode s = catalog.schema(c);
      GroupVersionKind gvk = kinds.get(c);
      if (gvk != null) {
        ObjectNode g = s.putArray("x-kubernetes-group-version-kind").addObject();
        g.put("group", gvk.group()).put("kind", gvk.kind()).put("version", gvk.version());
      }
      schemas.put(catalog.name(c), s);
    }
    if (ComponentCatalog.uses(closure, IntOrString.class)) {
      schemas.put(ComponentCatalog.INT_OR_STRING, ComponentCatalog.intOrStringSchema());
    }
    if (ComponentCatalog.uses(closure, Quantity.class)) {
      schemas.put(ComponentCatalog.QUANTITY, ComponentCatalog.quantitySchema());
    }
    ObjectNode patch = Json.object();
    patch.put("description", "Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.");
    patch.put("type", "object");
    schemas.put(OpenApiPaths.META + "Patch", patch);

    ObjectNode components = doc.putObject("components").putObject("schemas");
    schemas.forEach(components::set);
    return doc;
  }
}
