package dev.netkube.model.crd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.FieldError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks of one CRD openAPIV3Schema as apiextensions-apiserver makes them on write: the
 * status-subresource root rules, structural-schema invariants (sorted by message, as upstream
 * sorts them), defaults that must validate and be pruned, and the OpenAPI features CRDs forbid.
 */
final class CrdSchemaValidation {
  private enum Level { ROOT, ITEM, FIELD }

  private static final Set<String> OPENAPI_TYPES = Set.of("array", "boolean", "integer", "number", "object", "string");
  private static final List<String> OPENAPI_TYPES_SORTED = List.of("array", "boolean", "integer", "number", "object", "string");
  private static final Set<String> META = Set.of("metadata", "kind", "apiVersion");
  /** JSON names of the fields upstream allows at the root when the status subresource is enabled. */
  private static final Set<String> ALLOWED_AT_ROOT_WITH_STATUS = Set.of("description", "type", "format", "title",
      "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength", "minLength", "pattern", "maxItems",
      "minItems", "uniqueItems", "multipleOf", "required", "items", "properties", "externalDocs", "example",
      "x-kubernetes-preserve-unknown-fields", "x-kubernetes-validations");
  private static final String ALLOWED_AT_ROOT_TEXT = "[Description Type Format Title Maximum ExclusiveMaximum Minimum "
      + "ExclusiveMinimum MaxLength MinLength Pattern MaxItems MinItems UniqueItems MultipleOf Required Items Properties "
      + "ExternalDocs Example XPreserveUnknownFields XValidations]";

  private CrdSchemaValidation() {}

  /** {@code validation} is a CustomResourceValidation ({openAPIV3Schema: ...}) at {@code path}. */
  static List<FieldError> validate(JsonNode validation, String path, boolean statusEnabled) {
    List<FieldError> errs = new ArrayList<>();
    JsonNode schema = validation.path("openAPIV3Schema");
    if (!schema.isObject()) return errs;
    String root = path + ".openAPIV3Schema";
    if (statusEnabled) {
      for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
        String f = it.next();
        if (f.equals("type")) {
          if (!schema.get("type").asText().equals("object")) {
            errs.add(FieldError.invalid(root + ".type", schema.get("type").asText(),
                "only \"object\" is allowed as the type at the root of the schema if the status subresource is enabled"));
            break;
          }
          continue;
        }
        if (!ALLOWED_AT_ROOT_WITH_STATUS.contains(f) && !isZero(schema.get(f))) {
          errs.add(new FieldError(FieldError.Type.INVALID, root, schema.toString(),
              "only " + ALLOWED_AT_ROOT_TEXT + " fields are allowed at the root of the schema if the status subresource is enabled"));
          break;
        }
      }
    }
    if (schema.path("nullable").asBoolean(false)) errs.add(FieldError.forbidden(root + ".nullable", "nullable cannot be true at the root"));

    List<FieldError> structural = new ArrayList<>();
    structural(schema, Level.ROOT, root, structural);
    structural.sort(Comparator.comparing(FieldError::message));
    errs.addAll(structural);
    if (structural.isEmpty()) defaults(schema, root, true, false, errs);
    openApi(schema, root, true, false, null, errs);
    return errs;
  }

  private static boolean isZero(JsonNode n) {
    return n == null || n.isNull() || (n.isBoolean() && !n.asBoolean()) || (n.isTextual() && n.asText().isEmpty())
        || (n.isContainerNode() && n.isEmpty());
  }

  private static String key(String path, String k) { return path + ".properties[" + k + "]"; }

  private static String text(JsonNode s, String f) { return s.path(f).isTextual() ? s.get(f).asText() : ""; }

  // ---- structural invariants (pkg/apiserver/schema validation) ----

  private static void structural(JsonNode s, Level lvl, String path, List<FieldError> errs) {
    String type = text(s, "type");
    boolean intOrString = s.path("x-kubernetes-int-or-string").asBoolean(false);
    boolean preserve = s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    boolean embedded = s.path("x-kubernetes-embedded-resource").asBoolean(false);
    JsonNode items = s.get("items");
    if (type.equals("array") && items == null) errs.add(FieldError.required(path + ".items", "must be specified"));
    if (items != null && items.isObject()) structural(items, Level.ITEM, path + ".items", errs);
    for (Iterator<Map.Entry<String, JsonNode>> it = s.path("properties").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      structural(p.getValue(), Level.FIELD, key(path, p.getKey()), errs);
    }
    JsonNode additional = s.get("additionalProperties");
    if (additional != null) {
      if (lvl == Level.ROOT) errs.add(FieldError.forbidden(path + ".additionalProperties", "must not be used at the root"));
      if (additional.isObject()) structural(additional, Level.FIELD, path + ".additionalProperties", errs);
    }
    if (intOrString && preserve) {
      errs.add(FieldError.invalid(path + ".x-kubernetes-preserve-unknown-fields", true, "must be false if x-kubernetes-int-or-string is true"));
    }
    if (intOrString && embedded) {
      errs.add(FieldError.invalid(path + ".x-kubernetes-embedded-resource", true, "must be false if x-kubernetes-int-or-string is true"));
    }
    valueValidation(s, isIntOrStringAnyOf(s), isIntOrStringAllOf(s), path, errs);

    if (embedded && !type.equals("object")) {
      if (type.isEmpty()) errs.add(FieldError.required(path + ".type", "must be object if x-kubernetes-embedded-resource is true"));
      else errs.add(FieldError.invalid(path + ".type", type, "must be object if x-kubernetes-embedded-resource is true"));
    } else if (type.isEmpty() && !intOrString && !preserve) {
      errs.add(FieldError.required(path + ".type", switch (lvl) {
        case ROOT -> "must not be empty at the root";
        case ITEM -> "must not be empty for specified array items";
        case FIELD -> "must not be empty for specified object fields";
      }));
    }
    if (embedded && additional != null) {
      errs.add(FieldError.forbidden(path + ".additionalProperties", "must not be used if x-kubernetes-embedded-resource is set"));
    }
    if (lvl == Level.ROOT && !type.isEmpty() && !type.equals("object")) {
      errs.add(FieldError.invalid(path + ".type", type, "must be object at the root"));
    }
    boolean checkMetadata = lvl == Level.ROOT || embedded;
    JsonNode props = s.path("properties");
    for (String f : List.of("kind", "apiVersion")) {
      if (checkMetadata && props.has(f) && !text(props.get(f), "type").equals("string")) {
        errs.add(FieldError.invalid(key(path, f) + ".type", text(props.get(f), "type"), "must be string"));
      }
    }
    if (props.has("metadata")) metadataInvariants(props.get("metadata"), checkMetadata, lvl, key(path, "metadata"), errs);
    if (embedded && !preserve && props.isEmpty()) {
      errs.add(FieldError.required(path + ".properties",
          "must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields"));
    }
  }

  private static void metadataInvariants(JsonNode m, boolean checkMetadata, Level lvl, String path, List<FieldError> errs) {
    if (checkMetadata && !text(m, "type").equals("object")) errs.add(FieldError.invalid(path + ".type", text(m, "type"), "must be object"));
    if (lvl != Level.ROOT) return;
    boolean onlyNames = true;
    for (Iterator<String> it = m.path("properties").fieldNames(); it.hasNext(); ) {
      String p = it.next();
      if (!p.equals("name") && !p.equals("generateName")) onlyNames = false;
    }
    for (Iterator<String> it = m.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      boolean allowed = f.equals("type") || f.equals("default") || (f.equals("properties") && onlyNames) || isZero(m.get(f));
      if (!allowed) {
        errs.add(FieldError.forbidden(path, "must not specify anything other than name and generateName, but metadata is implicitly specified"));
        return;
      }
    }
  }

  private static boolean isIntOrStringAnyOf(JsonNode anyOfHolder) {
    JsonNode a = anyOfHolder.path("anyOf");
    return a.isArray() && a.size() == 2 && a.get(0).size() == 1 && a.get(1).size() == 1
        && text(a.get(0), "type").equals("integer") && text(a.get(1), "type").equals("string");
  }

  private static boolean isIntOrStringAllOf(JsonNode s) {
    JsonNode a = s.path("allOf");
    return a.isArray() && a.size() >= 1 && isIntOrStringAnyOf(a.get(0));
  }

  private static void valueValidation(JsonNode v, boolean skipAnyOf, boolean skipFirstAllOfAnyOf, String path,
      List<FieldError> errs) {
    if (!skipAnyOf) {
      int i = 0;
      for (JsonNode n : v.path("anyOf")) nested(n, false, false, path + ".anyOf[" + i++ + "]", errs);
    }
    int i = 0;
    for (JsonNode n : v.path("allOf")) {
      nested(n, skipFirstAllOfAnyOf && i == 0, false, path + ".allOf[" + i + "]", errs);
      i++;
    }
    i = 0;
    for (JsonNode n : v.path("oneOf")) nested(n, false, false, path + ".oneOf[" + i++ + "]", errs);
    if (v.path("not").isObject()) nested(v.get("not"), false, false, path + ".not", errs);
    String pattern = text(v, "pattern");
    if (!pattern.isEmpty()) {
      try {
        Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        errs.add(FieldError.invalid(path + ".pattern", pattern, "must be a valid regular expression, but isn't: " + e.getDescription()));
      }
    }
  }

  private static void nested(JsonNode v, boolean skipAnyOf, boolean skipAllOfAnyOf, String path, List<FieldError> errs) {
    valueValidation(v, skipAnyOf, skipAllOfAnyOf, path, errs);
    if (v.path("items").isObject()) nested(v.get("items"), false, false, path + ".items", errs);
    for (Iterator<Map.Entry<String, JsonNode>> it = v.path("properties").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      nested(p.getValue(), false, false, key(path, p.getKey()), errs);
    }
    if (!text(v, "type").isEmpty()) errs.add(FieldError.forbidden(path + ".type", "must be empty to be structural"));
    if (v.has("additionalProperties")) errs.add(FieldError.forbidden(path + ".additionalProperties", "must be undefined to be structural"));
    if (v.has("default") && !v.get("default").isNull()) errs.add(FieldError.forbidden(path + ".default", "must be undefined to be structural"));
    if (!text(v, "title").isEmpty()) errs.add(FieldError.forbidden(path + ".title", "must be empty to be structural"));
    if (!text(v, "description").isEmpty()) errs.add(FieldError.forbidden(path + ".description", "must be empty to be structural"));
    if (v.path("nullable").asBoolean(false)) errs.add(FieldError.forbidden(path + ".nullable", "must be false to be structural"));
    for (String x : List.of("x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource", "x-kubernetes-int-or-string")) {
      if (v.path(x).asBoolean(false)) errs.add(FieldError.forbidden(path + "." + x, "must be false to be structural"));
    }
    if (v.path("x-kubernetes-list-map-keys").size() > 0) errs.add(FieldError.forbidden(path + ".x-kubernetes-list-map-keys", "must be empty to be structural"));
    if (v.has("x-kubernetes-list-type")) errs.add(FieldError.forbidden(path + ".x-kubernetes-list-type", "must be undefined to be structural"));
    if (v.has("x-kubernetes-map-type")) errs.add(FieldError.forbidden(path + ".x-kubernetes-map-type", "must be undefined to be structural"));
    if (v.path("x-kubernetes-validations").size() > 0) errs.add(FieldError.forbidden(path + ".x-kubernetes-validations", "must be empty to be structural"));
    if (v.path("properties").has("metadata")) errs.add(FieldError.forbidden(key(path, "metadata"), "must not be specified in a nested context"));
  }

  // ---- defaults (pkg/apiserver/schema/defaulting validation) ----

  private static void defaults(JsonNode s, String path, boolean resourceRoot, boolean insideMeta, List<FieldError> errs) {
    JsonNode def = s.get("default");
    if (def != null && !def.isNull() && !insideMeta) {
      List<FieldError> found = CustomResourceValidator.validateValue(def, s, path + ".default");
      errs.addAll(found);
      if (found.isEmpty() && def.isContainerNode()) {
        JsonNode pruned = def.deepCopy();
        if (pruned.isObject()) {
          ObjectNode wrapper = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
          wrapper.set("v", pruned);
          ObjectNode holder = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
          holder.putObject("properties").set("v", s);
          Pruner.prune(wrapper, holder);
          pruned = wrapper.get("v");
        }
        if (!pruned.equals(def)) errs.add(new FieldError(FieldError.Type.INVALID, path + ".default", GoText.errorValue(def), "must not have unknown fields"));
      }
    }
    if (s.path("items").isObject()) defaults(s.get("items"), path + ".items", false, insideMeta, errs);
    boolean embedded = s.path("x-kubernetes-embedded-resource").asBoolean(false);
    for (Iterator<Map.Entry<String, JsonNode>> it = s.path("properties").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      boolean meta = (resourceRoot || embedded) && p.getKey().equals("metadata");
      defaults(p.getValue(), key(path, p.getKey()), false, insideMeta || meta, errs);
    }
    if (s.path("additionalProperties").isObject()) defaults(s.get("additionalProperties"), path + ".additionalProperties", false, insideMeta, errs);
  }

  // ---- OpenAPI features CRDs forbid (ValidateCustomResourceDefinitionOpenAPISchema) ----

  /** {@code noDefaults} is why defaults are forbidden here ("in top-level metadata"), or null when they are allowed. */
  private static void openApi(JsonNode s, String path, boolean isRoot, boolean insideMeta, String noDefaults,
      List<FieldError> errs) {
    String type = text(s, "type");
    if (!type.isEmpty() && !OPENAPI_TYPES.contains(type)) errs.add(FieldError.notSupported(path + ".type", type, OPENAPI_TYPES_SORTED));
    if (s.has("default") && noDefaults != null) errs.add(FieldError.forbidden(path + ".default", "must not be set " + noDefaults));
    if (!text(s, "id").isEmpty()) errs.add(FieldError.forbidden(path + ".id", "id is not supported"));
    if (s.has("additionalItems")) errs.add(FieldError.forbidden(path + ".additionalItems", "additionalItems is not supported"));
    if (s.path("patternProperties").size() > 0) errs.add(FieldError.forbidden(path + ".patternProperties", "patternProperties is not supported"));
    if (s.path("definitions").size() > 0) errs.add(FieldError.forbidden(path + ".definitions", "definitions is not supported"));
    if (s.has("dependencies")) errs.add(FieldError.forbidden(path + ".dependencies", "dependencies is not supported"));
    if (s.has("$ref")) errs.add(FieldError.forbidden(path + ".$ref", "$ref is not supported"));
    if (type.equals("null")) errs.add(FieldError.forbidden(path + ".type", "type cannot be set to null, use nullable as an alternative"));
    if (s.path("items").isArray()) errs.add(FieldError.forbidden(path + ".items", "items must be a schema object and not an array"));
    boolean embedded = s.path("x-kubernetes-embedded-resource").asBoolean(false);
    if (insideMeta && embedded) errs.add(FieldError.forbidden(path + ".x-kubernetes-embedded-resource", "must not be used inside of resource meta"));
    if (s.path("uniqueItems").asBoolean(false)) {
      errs.add(FieldError.forbidden(path + ".uniqueItems", "uniqueItems cannot be set to true since the runtime complexity becomes quadratic"));
    }
    JsonNode additional = s.get("additionalProperties");
    if (additional != null) {
      boolean allows = additional.isObject() || additional.asBoolean(true);
      if (s.path("properties").size() > 0 && (!allows || additional.isObject())) {
        errs.add(FieldError.forbidden(path + ".additionalProperties", "additionalProperties and properties are mutual exclusive"));
      }
      if (additional.isObject()) {
        String reason = insideMeta ? "inside additionalProperties applying to object metadata" : noDefaults;
        openApi(additional, path + ".additionalProperties", false, insideMeta, reason, errs);
      }
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = s.path("properties").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      boolean meta = (isRoot || embedded) && META.contains(p.getKey());
      String reason = isRoot && meta ? "in top-level " + p.getKey() : noDefaults;
      openApi(p.getValue(), key(path, p.getKey()), false, insideMeta || meta, reason, errs);
    }
    if (s.path("not").isObject()) openApi(s.get("not"), path + ".not", false, insideMeta, noDefaults, errs);
    for (String combinator : List.of("allOf", "oneOf", "anyOf")) {
      int i = 0;
      for (JsonNode n : s.path(combinator)) openApi(n, path + "." + combinator + "[" + i++ + "]", false, insideMeta, noDefaults, errs);
    }
    if (s.path("items").isObject()) openApi(s.get("items"), path + ".items", false, insideMeta, noDefaults, errs);
    if (s.has("x-kubernetes-preserve-unknown-fields") && !s.get("x-kubernetes-preserve-unknown-fields").asBoolean(true)) {
      errs.add(FieldError.invalid(path + ".x-kubernetes-preserve-unknown-fields", false, "must be true or undefined"));
    }
    String mapType = text(s, "x-kubernetes-map-type");
    if (s.has("x-kubernetes-map-type") && !type.equals("object")) {
      if (type.isEmpty()) errs.add(FieldError.required(path + ".type", "must be object if x-kubernetes-map-type is specified"));
      else errs.add(FieldError.invalid(path + ".type", type, "must be object if x-kubernetes-map-type is specified"));
    }
    if (s.has("x-kubernetes-map-type") && !mapType.equals("atomic") && !mapType.equals("granular")) {
      errs.add(FieldError.notSupported(path + ".x-kubernetes-map-type", mapType, List.of("atomic", "granular")));
    }
    String listType = text(s, "x-kubernetes-list-type");
    boolean hasListType = s.has("x-kubernetes-list-type");
    if (hasListType && !type.equals("array")) {
      if (type.isEmpty()) errs.add(FieldError.required(path + ".type", "must be array if x-kubernetes-list-type is specified"));
      else errs.add(FieldError.invalid(path + ".type", type, "must be array if x-kubernetes-list-type is specified"));
    } else if (listType.equals("set") && s.path("items").isObject()) {
      JsonNode is = s.get("items");
      if (text(is, "type").equals("array") && is.has("x-kubernetes-list-type") && !text(is, "x-kubernetes-list-type").equals("atomic")) {
        errs.add(FieldError.invalid(path + ".items.x-kubernetes-list-type", text(is, "x-kubernetes-list-type"), "must be atomic as item of a list with x-kubernetes-list-type=set"));
      }
      if (text(is, "type").equals("object") && !text(is, "x-kubernetes-map-type").equals("atomic")) {
        errs.add(new FieldError(FieldError.Type.INVALID, path + ".items.x-kubernetes-map-type", "\"set\"", "must be atomic as item of a list with x-kubernetes-list-type=set"));
      }
    }
    if (hasListType && !Set.of("atomic", "set", "map").contains(listType)) {
      errs.add(FieldError.notSupported(path + ".x-kubernetes-list-type", listType, List.of("atomic", "set", "map")));
    }
    JsonNode mapKeys = s.path("x-kubernetes-list-map-keys");
    if (mapKeys.size() > 0) {
      if (!hasListType) errs.add(FieldError.required(path + ".x-kubernetes-list-type", "must be map if x-kubernetes-list-map-keys is non-empty"));
      else if (!listType.equals("map")) errs.add(FieldError.invalid(path + ".x-kubernetes-list-type", listType, "must be map if x-kubernetes-list-map-keys is non-empty"));
    }
    if (listType.equals("map")) {
      if (mapKeys.size() == 0) errs.add(FieldError.required(path + ".x-kubernetes-list-map-keys", "must not be empty if x-kubernetes-list-type is map"));
      JsonNode items = s.get("items");
      if (items == null) errs.add(FieldError.required(path + ".items", "must have a schema if x-kubernetes-list-type is map"));
      else if (items.isObject() && !text(items, "type").equals("object")) {
        errs.add(FieldError.invalid(path + ".items.type", text(items, "type"), "must be object if parent array's x-kubernetes-list-type is map"));
      } else if (items.isObject()) {
        for (JsonNode k : mapKeys) {
          JsonNode ks = items.path("properties").get(k.asText());
          if (ks == null) {
            errs.add(FieldError.invalid(path + ".x-kubernetes-list-map-keys", k.asText(), "entries must all be names of item properties"));
          } else if (text(ks, "type").equals("array") || text(ks, "type").equals("object")) {
            errs.add(FieldError.invalid(path + ".items.properties[" + k.asText() + "].type", text(ks, "type"), "must be a scalar type if parent array's x-kubernetes-list-type is map"));
          }
        }
      }
    }
  }
}
