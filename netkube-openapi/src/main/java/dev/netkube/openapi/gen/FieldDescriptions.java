package dev.netkube.openapi.gen;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Field descriptions client-java lost. Its code generator drops the description of a field whose type
 * is a reference (metadata, spec, status, nested structs) and gives IntOrString/Quantity fields the
 * type's description instead of the field's. {@code field-descriptions.json} holds upstream's text for
 * exactly those fields ("Type.field" → description), taken once from the swagger docs of k8s.io/api
 * and k8s.io/apimachinery v0.32 (documentation data, kept as a resource).
 */
final class FieldDescriptions {
  private static final JsonNode FALLBACK = load();

  private FieldDescriptions() {}

  /** client-java's description of Type.field unless it is missing or the referenced type's own. */
  static String describe(String typeName, String field, String fromClientJava) {
    boolean generic = fromClientJava.startsWith("IntOrString is a type") || fromClientJava.startsWith("Quantity is a");
    if (!fromClientJava.isEmpty() && !generic) return fromClientJava;
    JsonNode known = FALLBACK.get(typeName + "." + field);
    return known != null ? known.asText() : fromClientJava;
  }

  private static JsonNode load() {
    try (InputStream in = FieldDescriptions.class.getResourceAsStream("field-descriptions.json")) {
      if (in == null) throw new IllegalStateException("field-descriptions.json missing from the classpath");
      return Json.parse(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
