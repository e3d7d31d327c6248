package dev.netkube.model.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.ApiException;
import dev.netkube.model.api.GroupVersionKind;
import dev.netkube.model.schema.Schema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Finds the fields of an object that its schema does not declare: what kube-apiserver's strict
 * decoding reports for {@code fieldValidation=Strict} (a BadRequest) and {@code Warn} (one warning
 * per field). Paths read like upstream's: {@code spec.foo}, {@code spec.ports[0].foo},
 * {@code spec.selector[app].x} for a map entry. Values of int-or-string fields, free-form fields
 * ({@code x-kubernetes-preserve-unknown-fields}, {@code additionalProperties: true}, no schema) and the
 * apiVersion/kind/metadata of an
 * embedded resource are never reported; unknown fields under preserve-unknown-fields are kept.
 */
public final class UnknownFields {
  private UnknownFields() {}

  /** Paths of undeclared fields in document order; empty when everything is declared. */
  public static List<String> find(JsonNode object, Schema schema) {
    List<String> out = new ArrayList<>();
    walk(object, schema, "", out, false);
    return out;
  }

  /**
   * Removes the undeclared fields {@link #find} reports from {@code object}, in place, and returns
   * their paths: what upstream's typed decoding does to unknown fields of built-in kinds under
   * fieldValidation Ignore and Warn (and structural pruning to custom resources).
   */
  public static List<String> prune(JsonNode object, Schema schema) {
    List<String> out = new ArrayList<>();
    walk(object, schema, "", out, true);
    return out;
  }

  /** The text of one finding; also the Warning header text for fieldValidation=Warn. */
  public static String message(String path) {
    return "unknown field \"" + path + "\"";
  }

  /** "strict decoding error: unknown field \"spec.foo\", unknown field \"spec.bar\"" (apimachinery's wording). */
  public static String strictDecodingError(List<String> paths) {
    StringBuilder b = new StringBuilder("strict decoding error: ");
    for (int i = 0; i < paths.size(); i++) {
      if (i > 0) b.append(", ");
      b.append(message(paths.get(i)));
    }
    return b.toString();
  }

  /**
   * The BadRequest kube-apiserver answers for fieldValidation=Strict:
   * {@code Service in version "v1" cannot be handled as a Service: strict decoding error: unknown field "spec.foo"}.
   */
  public static ApiException strictError(GroupVersionKind gvk, List<String> paths) {
    return ApiException.badRequest(gvk.kind() + " in version \"" + gvk.version() + "\" cannot be handled as a "
        + gvk.kind() + ": " + strictDecodingError(paths));
  }

  private static void walk(JsonNode node, Schema schema, String path, List<String> out, boolean remove) {
    if (schema.isAny() || schema.intOrString() || node == null || node.isNull()) return;
    if (node.isArray()) {
      Schema items = schema.items();
      for (int i = 0; i < node.size(); i++) walk(node.get(i), items, path + "[" + i + "]", out, remove);
      return;
    }
    if (!node.isObject()) return;
    // additionalProperties: true admits any field, as preserve-unknown-fields does.
    boolean preserve = schema.preserveUnknownFields() || schema.raw().path("additionalProperties").asBoolean(false);
    boolean embedded = schema.embeddedResource();
    var map = schema.additionalProperties();
    if (!schema.hasProperties() && map.isEmpty()) {
      // An object schema without fields admits none (CRD structural pruning), unless it is free-form.
      if (!"object".equals(schema.type()) || preserve) return;
    }
    List<String> unknown = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      String name = f.getKey();
      var property = schema.property(name);
      if (property.isPresent()) {
        walk(f.getValue(), property.get(), join(path, name), out, remove);
      } else if (map.isPresent()) {
        walk(f.getValue(), map.get(), path.isEmpty() ? name : path + "[" + name + "]", out, remove);
      } else if (embedded && (name.equals("apiVersion") || name.equals("kind") || name.equals("metadata"))) {
        // embedded resources carry these implicitly
      } else if (!preserve) {
        out.add(join(path, name));
        unknown.add(name);
      }
    }
    if (remove) ((ObjectNode) node).remove(unknown);
  }

  private static String join(String path, String name) { return path.isEmpty() ? name : path + "." + name; }
}
