package dev.netkube.agent.cni;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON as the CNI files are written by hand: two-space indents, {@code "key": value}. */
final class CniJson {
  private static final ObjectWriter PRETTY = Json.MAPPER.writer(new DefaultPrettyPrinter()
      .withSeparators(Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER))
      .withObjectIndenter(new DefaultIndenter("  ", "\n"))
      .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private CniJson() {}

  static String pretty(JsonNode node) {
    try {
      return PRETTY.writeValueAsString(node) + "\n";
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An object parsed from bytes, or IllegalArgumentException saying what is wrong. */
  static ObjectNode object(byte[] bytes, String what) {
    JsonNode node;
    try {
      node = Json.parse(bytes);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(what + ": " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new IllegalArgumentException(what + ": " + e.getMessage());
    }
    if (node == null || !node.isObject()) throw new IllegalArgumentException(what + ": not a JSON object");
    return (ObjectNode) node;
  }
}
