package dev.netkube.model.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.FieldError;
import dev.netkube.model.strategy.ResourceStrategy;
import java.util.ArrayList;
import java.util.List;

/**
 * Write-path behaviour of one version of a custom resource, as upstream's customresource
 * registry strategy: pruning of unknown fields, defaulting, structural schema validation, the
 * status subresource split and metadata.generation. Object metadata is validated elsewhere.
 *
 * <p>Call order on create: {@link #prepareForCreate}, {@link #applyDefaults}, {@link #validateCreate}.
 * On update: {@link #prepareForUpdate}, {@link #applyDefaults}, {@link #validateUpdate}. On a
 * status update: {@link #prepareForStatusUpdate}, {@link #applyDefaults}, {@link #validateStatusUpdate}.
 */
public final class CustomResourceStrategy implements ResourceStrategy {
  private final String apiVersion;
  private final String kind;
  private final JsonNode schema;
  private final boolean statusSubresource;
  private final JsonNode scale;

  private CustomResourceStrategy(String apiVersion, String kind, JsonNode schema, boolean status, JsonNode scale) {
    this.apiVersion = apiVersion;
    this.kind = kind;
    this.schema = schema;
    this.statusSubresource = status;
    this.scale = scale;
  }

  /** The strategy of {@code version}; a version without a schema validates nothing and prunes nothing. */
  public static CustomResourceStrategy forVersion(ObjectNode crd, String version) {
    CrdSpec c = new CrdSpec(crd);
    return new CustomResourceStrategy(c.group() + "/" + version, c.kind(), c.schema(version),
        c.hasStatus(version), c.scale(version));
  }

  public boolean hasStatusSubresource() { return statusSubresource; }

  /** Removes the fields the schema does not know, in place; returns their dotted paths (for warnings). */
  public List<String> prune(ObjectNode object) {
    if (!schema.isObject()) return List.of();
    return Pruner.prune(object, schema);
  }

  /** Prunes unknown fields, then applies schema defaults and drops non-nullable nulls (upstream's order). */
  @Override
  public void applyDefaults(ObjectNode object) {
    if (!schema.isObject()) return;
    Pruner.prune(object, schema);
    Defaulter.apply(object, schema);
  }

  /** Create: with a status subresource the status is dropped; generation starts at 1. */
  public void prepareForCreate(ObjectNode object) {
    if (statusSubresource) object.remove("status");
    metadata(object).put("generation", 1);
  }

  /**
   * Main-resource update: with a status subresource the old status is kept (the new one is
   * ignored); generation is old+1 when anything outside metadata changed, else old.
   */
  public void prepareForUpdate(ObjectNode object, ObjectNode old) {
    if (statusSubresource) {
      if (old.has("status")) object.set("status", old.get("status").deepCopy());
      else object.remove("status");
    }
    long oldGeneration = old.path("metadata").path("generation").asLong(0);
    metadata(object).put("generation", sameOutsideMetadata(object, old) ? oldGeneration : oldGeneration + 1);
  }

  /**
   * Status update: everything but .status (and metadata.managedFields) is taken from the old
   * object, so spec, labels and the like cannot change through /status; generation stays.
   */
  public void prepareForStatusUpdate(ObjectNode object, ObjectNode old) {
    JsonNode status = object.get("status");
    JsonNode managedFields = object.path("metadata").get("managedFields");
    object.removeAll();
    object.setAll(old.deepCopy());
    if (managedFields != null) metadata(object).set("managedFields", managedFields);
    else metadata(object).remove("managedFields");
    if (status != null) object.set("status", status);
    else object.remove("status");
  }

  @Override
  public List<FieldError> validateCreate(ObjectNode object) {
    List<FieldError> errs = typeMeta(object);
    if (!errs.isEmpty()) return errs;
    if (schema.isObject()) {
      errs.addAll(CustomResourceValidator.validateObject(object, schema));
      errs.addAll(ListTypeValidation.validate(object, schema));
    }
    errs.addAll(scaleSpec(object));
    errs.addAll(scaleStatus(object));
    return errs;
  }

  /**
   * As create, but with upstream's validation ratcheting (on by default since 1.30): a schema
   * error on a value that the update did not change is dropped, so objects stored before a
   * schema tightened stay updatable. Approximation: values are matched by path, and values
   * inside lists are never ratcheted.
   */
  @Override
  public List<FieldError> validateUpdate(ObjectNode object, ObjectNode old) {
    List<FieldError> errs = typeMeta(object);
    if (!errs.isEmpty()) return errs;
    if (schema.isObject()) {
      for (FieldError e : CustomResourceValidator.validateObject(object, schema)) {
        if (!unchanged(e, object, old)) errs.add(e);
      }
      // like upstream, list uniqueness is only enforced when the old object satisfied it
      if (ListTypeValidation.validate(old, schema).isEmpty()) errs.addAll(ListTypeValidation.validate(object, schema));
    }
    errs.addAll(scaleSpec(object));
    errs.addAll(scaleStatus(object));
    return errs;
  }

  /** Whether the node an error belongs to (the parent object for Required) is the same in old and new. */
  private static boolean unchanged(FieldError e, ObjectNode object, ObjectNode old) {
    String path = e.field();
    if (path == null || path.isEmpty() || path.contains("[")) return false;
    if (e.type() == FieldError.Type.REQUIRED) {
      int dot = path.lastIndexOf('.');
      if (dot < 0) return false;
      path = path.substring(0, dot);
    }
    JsonNode now = nested(object, path);
    JsonNode before = nested(old, path);
    return now != null && now.equals(before);
  }

  /** Status update: only .status is checked, against the schema's status property, with paths under "status". */
  public List<FieldError> validateStatusUpdate(ObjectNode object, ObjectNode old) {
    List<FieldError> errs = typeMeta(object);
    if (!errs.isEmpty()) return errs;
    JsonNode statusSchema = schema.path("properties").path("status");
    if (object.has("status") && statusSchema.isObject()) {
      errs.addAll(CustomResourceValidator.validateValue(object.get("status"), statusSchema, "status"));
    }
    errs.addAll(scaleStatus(object));
    return errs;
  }

  private List<FieldError> typeMeta(ObjectNode object) {
    List<FieldError> errs = new ArrayList<>();
    String k = object.path("kind").asText("");
    String av = object.path("apiVersion").asText("");
    if (!k.equals(kind)) errs.add(FieldError.invalid("kind", k, "must be " + kind));
    if (!av.equals(apiVersion)) errs.add(FieldError.invalid("apiVersion", av, "must be " + apiVersion));
    return errs;
  }

  private List<FieldError> scaleSpec(ObjectNode object) {
    if (!scale.isObject()) return List.of();
    return replicas(object, scale.path("specReplicasPath").asText(""));
  }

  private List<FieldError> scaleStatus(ObjectNode object) {
    if (!scale.isObject()) return List.of();
    List<FieldError> errs = new ArrayList<>(replicas(object, scale.path("statusReplicasPath").asText("")));
    String selectorPath = scale.path("labelSelectorPath").asText("");
    if (!selectorPath.isEmpty()) {
      JsonNode v = nested(object, selectorPath);
      if (v != null && !v.isNull() && !v.isTextual()) {
        errs.add(FieldError.invalid(selectorPath, "", accessorError(selectorPath, v, "string")));
      }
    }
    return errs;
  }

  /** Upstream reads the replicas with unstructured.NestedInt64 and checks 0 <= n <= MaxInt32. */
  private static List<FieldError> replicas(ObjectNode object, String path) {
    if (path.isEmpty()) return List.of();
    JsonNode v = nested(object, path);
    if (v == null || v.isNull()) return List.of();
    if (!v.isIntegralNumber()) {
      return List.of(new FieldError(FieldError.Type.INVALID, path, "0", accessorError(path, v, "int64")));
    }
    long n = v.longValue();
    if (n < 0) return List.of(new FieldError(FieldError.Type.INVALID, path, String.valueOf(n), "should be a non-negative integer"));
    if (n > Integer.MAX_VALUE) {
      return List.of(new FieldError(FieldError.Type.INVALID, path, String.valueOf(n),
          "should be less than or equal to " + Integer.MAX_VALUE));
    }
    return List.of();
  }

  private static String accessorError(String path, JsonNode v, String expected) {
    String dotted = path.startsWith(".") ? path : "." + path;
    return dotted + " accessor error: " + GoText.v(v) + " is of the type " + GoText.goType(v) + ", expected " + expected;
  }

  private static JsonNode nested(JsonNode object, String path) {
    JsonNode cur = object;
    for (String part : (path.startsWith(".") ? path.substring(1) : path).split("\\.")) {
      if (cur == null || !cur.isObject()) return null;
      cur = cur.get(part);
    }
    return cur;
  }

  private static ObjectNode metadata(ObjectNode object) {
    JsonNode m = object.get("metadata");
    return m instanceof ObjectNode o ? o : object.putObject("metadata");
  }

  private static boolean sameOutsideMetadata(ObjectNode a, ObjectNode b) {
    ObjectNode x = a.deepCopy();
    ObjectNode y = b.deepCopy();
    x.remove("metadata");
    y.remove("metadata");
    return x.equals(y);
  }
}
