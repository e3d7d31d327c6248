package dev.netkube.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The one place that owns Jackson configuration; objects travel as trees (ObjectNode). */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
      .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
      .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
  public static final JsonNodeFactory NODES = JsonNodeFactory.withExactBigDecimals(true);

  private Json() {}

  public static ObjectNode object() { return MAPPER.createObjectNode(); }

  public static ArrayNode array() { return MAPPER.createArrayNode(); }

  public static JsonNode parse(byte[] bytes) throws IOException { return MAPPER.readTree(bytes); }

  public static JsonNode parse(String text) throws IOException { return MAPPER.readTree(text); }

  public static JsonNode parseYaml(String text) throws IOException { return YAML.readTree(text); }

  public static byte[] bytes(JsonNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String text(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Text of a field path like "metadata.name", or "" when absent or not textual. */
  public static String str(JsonNode node, String dottedPath) {
    JsonNode n = at(node, dottedPath);
    return n != null && n.isValueNode() && !n.isNull() ? n.asText() : "";
  }

  /** Node at a dotted path, or null when any step is missing. */
  public static JsonNode at(JsonNode node, String dottedPath) {
    JsonNode cur = node;
    for (String part : dottedPath.split("\\.")) {
      if (cur == null || !cur.isObject()) return null;
      cur = cur.get(part);
    }
    return cur;
  }

  /** Object at a dotted path, created (and any missing parents) when absent. */
  public static ObjectNode objectAt(ObjectNode node, String dottedPath) {
    ObjectNode cur = node;
    for (String part : dottedPath.split("\\.")) {
      JsonNode next = cur.get(part);
      if (next == null || !next.isObject()) next = cur.putObject(part);
      cur = (ObjectNode) next;
    }
    return cur;
  }
}
