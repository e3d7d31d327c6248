package dev.netkube.model.openapi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import dev.netkube.model.api.GroupVersionKind;
import dev.netkube.model.api.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The REST paths of one resource as kube-apiserver's OpenAPI v3 documents list them. kubectl reads
 * three things from here: the GVK of a resource (explain looks at get/post/put/patch/delete of the
 * collection and item paths), the PATCH request content types (apply uses OpenAPI v3 only when
 * {@code application/strategic-merge-patch+json} is listed) and the {@code fieldValidation} query
 * parameter of every PATCH operation of the GVK (kubectl walks the paths in random order and decides
 * on the first PATCH it meets, so each one must carry it).
 */
public final class OpenApiPaths {
  public static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
  public static final String SCALE = "io.k8s.api.autoscaling.v1.Scale";

  private OpenApiPaths() {}

  /**
   * Adds the paths of {@code type} to {@code paths}.
   *
   * @param kindSchema component name of the kind, e.g. "io.k8s.api.core.v1.Service"
   * @param listSchema component name of its list, e.g. "io.k8s.api.core.v1.ServiceList"; null for create-only reviews
   * @param strategicMerge whether PATCH accepts strategic merge patch (built-in kinds yes, CRs no)
   */
  public static void addResource(ObjectNode paths, ResourceType type, String kindSchema, String listSchema,
      boolean strategicMerge) {
    String prefix = type.group().isEmpty() ? "/api/" + type.version() : "/apis/" + type.group() + "/" + type.version();
    String scope = type.namespaced() ? "Namespaced" : "";
    String base = prefix + (type.namespaced() ? "/namespaces/{namespace}/" : "/") + type.plural();
    GroupVersionKind gvk = type.gvk();
    String kind = type.kind();
    String idSuffix = operationGroup(type.group()) + capitalize(type.version()) + scope + kind;

    ObjectNode collection = pathItem(paths, base, type.namespaced(), "");
    if (listSchema == null) { // a create-only review: no list, no items
      collection.set("post", operation("create" + idSuffix, "create " + article(kind) + " " + kind, "post", gvk,
          writeParams(false), body(kindSchema), List.of("200", "201", "202"), kindSchema));
      return;
    }
    collection.set("get", operation("list" + idSuffix, "list or watch objects of kind " + kind, "list", gvk,
        listParams(), null, List.of("200"), listSchema));
    collection.set("post", operation("create" + idSuffix, "create " + article(kind) + " " + kind, "post", gvk,
        writeParams(false), body(kindSchema), List.of("200", "201", "202"), kindSchema));
    collection.set("delete", operation("deletecollection" + idSuffix, "delete collection of " + kind,
        "deletecollection", gvk, deleteCollectionParams(), body(META + "DeleteOptions"), List.of("200"),
        META + "Status"));

    ObjectNode item = pathItem(paths, base + "/{name}", type.namespaced(), kind);
    item.set("get", operation("read" + idSuffix, "read the specified " + kind, "get", gvk, List.of(), null,
        List.of("200"), kindSchema));
    item.set("put", operation("replace" + idSuffix, "replace the specified " + kind, "put", gvk,
        writeParams(false), body(kindSchema), List.of("200", "201"), kindSchema));
    item.set("patch", operation("patch" + idSuffix, "partially update the specified " + kind, "patch", gvk,
        writeParams(true), patchBody(strategicMerge), List.of("200", "201"), kindSchema));
    item.set("delete", operation("delete" + idSuffix, "delete " + article(kind) + " " + kind, "delete", gvk,
        deleteParams(), body(META + "DeleteOptions"), List.of("200", "202"), META + "Status"));

    if (type.hasStatus()) {
      subresource(paths, base + "/{name}/status", type.namespaced(), kind, idSuffix + "Status",
          "status of the specified " + kind, gvk, kindSchema, strategicMerge);
    }
    if (type.hasScale()) {
      subresource(paths, base + "/{name}/scale", type.namespaced(), "Scale", idSuffix + "Scale",
          "scale of the specified " + kind, new GroupVersionKind("autoscaling", "v1", "Scale"), SCALE, strategicMerge);
    }
    if (type.namespaced()) {
      ObjectNode all = pathItem(paths, prefix + "/" + type.plural(), false, "");
      all.set("get", operation("list" + operationGroup(type.group()) + capitalize(type.version()) + kind
          + "ForAllNamespaces", "list or watch objects of kind " + kind, "list", gvk, listParams(), null,
          List.of("200"), listSchema));
    }
  }

  private static void subresource(ObjectNode paths, String path, boolean namespaced, String namedKind,
      String idSuffix, String what, GroupVersionKind gvk, String schema, boolean strategicMerge) {
    ObjectNode sub = pathItem(paths, path, namespaced, namedKind);
    sub.set("get", operation("read" + idSuffix, "read " + what, "get", gvk, List.of(), null, List.of("200"), schema));
    sub.set("put", operation("replace" + idSuffix, "replace " + what, "put", gvk, writeParams(false), body(schema),
        List.of("200", "201"), schema));
    sub.set("patch", operation("patch" + idSuffix, "partially update " + what, "patch", gvk, writeParams(true),
        patchBody(strategicMerge), List.of("200", "201"), schema));
  }

  /** "networking.k8s.io" → "Networking", "rbac.authorization.k8s.io" → "RbacAuthorization", "" → "Core". */
  static String operationGroup(String group) {
    if (group.isEmpty()) return "Core";
    StringBuilder b = new StringBuilder();
    for (String part : group.replace(".k8s.io", "").split("\\.")) b.append(capitalize(part));
    return b.toString();
  }

  private static String capitalize(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }

  private static String article(String kind) { return "AEIOU".indexOf(kind.charAt(0)) >= 0 ? "an" : "a"; }

  /** A path item with upstream's path-level parameters; {@code namedKind} non-empty adds {name}. */
  private static ObjectNode pathItem(ObjectNode paths, String path, boolean namespaced, String namedKind) {
    ObjectNode item = paths.putObject(path);
    ArrayNode params = item.putArray("parameters");
    if (!namedKind.isEmpty()) params.add(param("name", "path", "name of the " + namedKind, "string", true));
    if (namespaced) {
      params.add(param("namespace", "path", "object name and auth scope, such as for teams and projects", "string", true));
    }
    params.add(param("pretty", "query", "If 'true', then the output is pretty printed. Defaults to 'false' unless "
        + "the user-agent indicates a browser or command-line HTTP tool (curl and wget).", "string", false));
    return item;
  }

  private static ObjectNode operation(String id, String summary, String action, GroupVersionKind gvk,
      List<ObjectNode> params, ObjectNode requestBody, List<String> codes, String responseSchema) {
    ObjectNode op = Json.object();
    op.putArray("tags").add(operationGroup(gvk.group()).toLowerCase(Locale.ROOT) + "_" + gvk.version());
    op.put("description", summary);
    op.put("operationId", id);
    if (!params.isEmpty()) op.putArray("parameters").addAll(params);
    if (requestBody != null) op.set("requestBody", requestBody);
    ObjectNode responses = op.putObject("responses");
    for (String code : codes) {
      ObjectNode r = responses.putObject(code);
      r.put("description", switch (code) { case "201" -> "Created"; case "202" -> "Accepted"; default -> "OK"; });
      ObjectNode content = r.putObject("content");
      for (String type : List.of("application/json", "application/yaml", "application/vnd.kubernetes.protobuf")) {
        content.putObject(type).putObject("schema").put("$ref", "#/components/schemas/" + responseSchema);
      }
    }
    responses.putObject("401").put("description", "Unauthorized");
    op.put("x-kubernetes-action", action);
    ObjectNode g = op.putObject("x-kubernetes-group-version-kind");
    g.put("group", gvk.group());
    g.put("kind", gvk.kind());
    g.put("version", gvk.version());
    return op;
  }

  private static ObjectNode body(String schema) {
    ObjectNode b = Json.object();
    b.putObject("content").putObject("*/*").putObject("schema").put("$ref", "#/components/schemas/" + schema);
    b.put("required", true);
    return b;
  }

  /** Content types kube-apiserver accepts for PATCH; custom resources lack strategic merge patch. */
  public static List<String> patchContentTypes(boolean strategicMerge) {
    List<String> types = new ArrayList<>(List.of("application/apply-patch+yaml", "application/json-patch+json",
        "application/merge-patch+json"));
    if (strategicMerge) types.add("application/strategic-merge-patch+json");
    return types;
  }

  private static ObjectNode patchBody(boolean strategicMerge) {
    ObjectNode b = Json.object();
    ObjectNode content = b.putObject("content");
    for (String type : patchContentTypes(strategicMerge)) {
      content.putObject(type).putObject("schema").put("$ref", "#/components/schemas/" + META + "Patch");
    }
    b.put("required", true);
    return b;
  }

  private static List<ObjectNode> writeParams(boolean patch) {
    List<ObjectNode> p = new ArrayList<>();
    p.add(param("dryRun", "query", "When present, indicates that modifications should not be persisted. An invalid "
        + "or unrecognized dryRun directive will result in an error response and no further processing of the "
        + "request. Valid values are: - All: all dry run stages will be processed", "string", false));
    p.add(param("fieldManager", "query", "fieldManager is a name associated with the actor or entity that is making "
        + "these changes. The value must be less than or 128 characters long, and only contain printable characters, "
        + "as defined by https://golang.org/pkg/unicode/#IsPrint."
        + (patch ? " This field is required for apply requests (application/apply-patch) but optional for non-apply "
            + "patch types (JsonPatch, MergePatch, StrategicMergePatch)." : ""), "string", false));
    p.add(param("fieldValidation", "query", FIELD_VALIDATION, "string", false));
    if (patch) {
      p.add(param("force", "query", "Force is going to \"force\" Apply requests. It means user will re-acquire "
          + "conflicting fields owned by other people. Force flag must be unset for non-apply patch requests.",
          "boolean", false));
    }
    return p;
  }

  private static final String FIELD_VALIDATION = "fieldValidation instructs the server on how to handle objects in "
      + "the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore: This will "
      + "ignore any unknown fields that are silently dropped from the object, and will ignore all but the last "
      + "duplicate field that the decoder encounters. This is the default behavior prior to v1.23. - Warn: This will "
      + "send a warning via the standard warning response header for each unknown field that is dropped from the "
      + "object, and for each duplicate field that is encountered. The request will still succeed if there are no "
      + "other errors, and will only persist the last of any duplicate fields. This is the default in v1.23+ - "
      + "Strict: This will fail the request with a BadRequest error if any unknown fields would be dropped from the "
      + "object, or if any duplicate fields are present. The error returned from the server will contain all unknown "
      + "and duplicate fields encountered.";

  private static List<ObjectNode> listParams() {
    return List.of(
        param("allowWatchBookmarks", "query", "allowWatchBookmarks requests watch events with type \"BOOKMARK\".", "boolean", false),
        param("continue", "query", "The continue option should be set when retrieving more results from the server.", "string", false),
        param("fieldSelector", "query", "A selector to restrict the list of returned objects by their fields. Defaults to everything.", "string", false),
        param("labelSelector", "query", "A selector to restrict the list of returned objects by their labels. Defaults to everything.", "string", false),
        param("limit", "query", "limit is a maximum number of responses to return for a list call.", "integer", false),
        param("resourceVersion", "query", "resourceVersion sets a constraint on what resource versions a request may be served from.", "string", false),
        param("resourceVersionMatch", "query", "resourceVersionMatch determines how resourceVersion is applied to list calls.", "string", false),
        param("sendInitialEvents", "query", "`sendInitialEvents=true` may be set together with `watch=true`.", "boolean", false),
        param("timeoutSeconds", "query", "Timeout for the list/watch call.", "integer", false),
        param("watch", "query", "Watch for changes to the described resources and return them as a stream of add, update, and remove notifications. Specify resourceVersion.", "boolean", false));
  }

  private static List<ObjectNode> deleteParams() {
    return List.of(
        param("dryRun", "query", "When present, indicates that modifications should not be persisted.", "string", false),
        param("gracePeriodSeconds", "query", "The duration in seconds before the object should be deleted.", "integer", false),
        param("ignoreStoreReadErrorWithClusterBreakingPotential", "query", "if set to true, it will trigger an unsafe deletion of the resource in case the normal deletion flow fails with a corrupt object error.", "boolean", false),
        param("orphanDependents", "query", "Deprecated: please use the PropagationPolicy, this field will be deprecated in 1.7.", "boolean", false),
        param("propagationPolicy", "query", "Whether and how garbage collection will be performed.", "string", false));
  }

  private static List<ObjectNode> deleteCollectionParams() {
    List<ObjectNode> p = new ArrayList<>(deleteParams());
    p.addAll(listParams());
    return p;
  }

  private static ObjectNode param(String name, String in, String description, String type, boolean required) {
    ObjectNode p = Json.object();
    p.put("name", name);
    p.put("in", in);
    p.put("description", description);
    if (required) p.put("required", true);
    ObjectNode schema = p.putObject("schema");
    schema.put("type", type);
    if (type.equals("string") && in.equals("query")) schema.put("uniqueItems", true);
    return p;
  }
}
