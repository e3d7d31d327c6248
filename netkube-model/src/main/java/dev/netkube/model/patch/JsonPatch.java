package dev.netkube.model.patch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.api.ApiException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 6902 JSON Patch ({@code application/json-patch+json}) as kube-apiserver applies it with
 * evanphx/json-patch: a body that is not a list of operations is a 400 BadRequest; any operation that
 * cannot apply (failed test, missing path, bad index) is a 422 whose message is the fixed
 * "the server rejected our request due to an error in our request" (the library's own text is only
 * kept as the exception's cause for logs).
 */
public final class JsonPatch {
  /** kube-apiserver's limit on operations in one patch (413 past it). */
  public static final int MAX_OPERATIONS = 10000;

  private JsonPatch() {}

  /** Returns the patched document; {@code target} is not modified. */
  public static JsonNode apply(JsonNode target, JsonNode patch) {
    if (patch == null || !patch.isArray()) {
      String got = patch == null || patch.isNull() ? "null" : patch.isObject() ? "object"
          : patch.isTextual() ? "string" : patch.isNumber() ? "number" : "bool";
      if ("null".equals(got)) {
        // evanphx decodes null to an empty patch; nothing to do.
        return target.deepCopy();
      }
      throw ApiException.badRequest("json: cannot unmarshal " + got + " into Go value of type jsonpatch.Patch");
    }
    for (JsonNode op : patch) {
      if (!op.isObject()) {
        String got = op.isArray() ? "array" : op.isTextual() ? "string" : op.isNumber() ? "number" : "bool";
        if (op.isNull()) continue;
        throw ApiException.badRequest("json: cannot unmarshal " + got + " into Go value of type jsonpatch.Operation");
      }
    }
    if (patch.size() > MAX_OPERATIONS) {
      throw new ApiException(413, "RequestEntityTooLarge", "Request entity too large: The allowed maximum operations in a JSON patch is "
          + MAX_OPERATIONS + ", got " + patch.size(), null);
    }
    JsonNode[] doc = {target.deepCopy()};
    for (JsonNode op : patch) {
      if (op.isNull()) continue;
      doc[0] = applyOne(doc[0], (ObjectNode) op);
    }
    return doc[0];
  }

  private static JsonNode applyOne(JsonNode doc, ObjectNode op) {
    String kind = op.path("op").asText("");
    return switch (kind) {
      case "add" -> add(doc, path(op, "path", kind), value(op, kind));
      case "remove" -> { remove(doc, path(op, "path", kind), kind); yield doc; }
      case "replace" -> replace(doc, path(op, "path", kind), value(op, kind));
      case "move" -> {
        String from = path(op, "from", kind);
        String to = path(op, "path", kind);
        JsonNode v = remove(doc, from, kind);
        yield add(doc, to, v);
      }
      case "copy" -> {
        JsonNode v = get(doc, path(op, "from", kind), kind);
        yield add(doc, path(op, "path", kind), v.deepCopy());
      }
      case "test" -> {
        String p = path(op, "path", kind);
        JsonNode expected = op.has("value") ? op.get("value") : null;
        JsonNode actual = p.isEmpty() ? doc : find(doc, p);
        boolean ok = actual == null ? expected == null || expected.isNull() : expected != null && JsonEquality.equal(actual, expected);
        if (!ok) throw PatchErrors.unprocessable("testing value " + p + " failed: test failed");
        yield doc;
      }
      default -> throw PatchErrors.unprocessable("Unexpected kind: " + kind);
    };
  }

  private static String path(ObjectNode op, String field, String kind) {
    JsonNode p = op.get(field);
    if (p == null || !p.isTextual()) throw PatchErrors.unprocessable(kind + " operation failed to decode " + field);
    String s = p.asText();
    if (!s.isEmpty() && !s.startsWith("/")) throw PatchErrors.unprocessable("JSON pointer must be empty or start with a \"/\": " + s);
    return s;
  }

  private static JsonNode value(ObjectNode op, String kind) {
    JsonNode v = op.get("value");
    if (v == null) throw PatchErrors.unprocessable(kind + " operation missing value");
    return v.deepCopy();
  }

  /** RFC 6901 tokens with ~1 then ~0 unescaped. */
  static List<String> tokens(String pointer) {
    List<String> out = new ArrayList<>();
    if (pointer.isEmpty()) return out;
    for (String raw : pointer.substring(1).split("/", -1)) out.add(raw.replace("~1", "/").replace("~0", "~"));
    return out;
  }

  private record Location(JsonNode container, String token) {}

  private static Location parent(JsonNode doc, String pointer, String kind) {
    List<String> t = tokens(pointer);
    JsonNode cur = doc;
    for (int i = 0; i < t.size() - 1; i++) {
      cur = child(cur, t.get(i));
      if (cur == null) throw PatchErrors.unprocessable(kind + " operation does not apply: doc is missing path: \"" + pointer + "\"");
    }
    if (!(cur.isObject() || cur.isArray())) {
      throw PatchErrors.unprocessable(kind + " operation does not apply: doc is missing path: \"" + pointer + "\"");
    }
    return new Location(cur, t.get(t.size() - 1));
  }

  private static JsonNode child(JsonNode node, String token) {
    if (node.isObject()) return node.get(token);
    if (node.isArray()) {
      int i = index(token);
      return i >= 0 && i < node.size() ? node.get(i) : null;
    }
    return null;
  }

  private static int index(String token) {
    if (token.isEmpty() || !token.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '-')) return Integer.MIN_VALUE;
    try {
      return Integer.parseInt(token);
    } catch (NumberFormatException e) {
      return Integer.MIN_VALUE;
    }
  }

  private static JsonNode find(JsonNode doc, String pointer) {
    JsonNode cur = doc;
    for (String t : tokens(pointer)) {
      cur = child(cur, t);
      if (cur == null) return null;
    }
    return cur;
  }

  private static JsonNode get(JsonNode doc, String pointer, String kind) {
    JsonNode v = pointer.isEmpty() ? doc : find(doc, pointer);
    if (v == null) throw PatchErrors.unprocessable(kind + " operation does not apply: doc is missing from path: " + pointer);
    return v;
  }

  private static JsonNode add(JsonNode doc, String pointer, JsonNode value) {
    if (pointer.isEmpty()) return value;
    Location at = parent(doc, pointer, "add");
    if (at.container().isObject()) {
      ((ObjectNode) at.container()).set(at.token(), value);
    } else {
      ArrayNode arr = (ArrayNode) at.container();
      if ("-".equals(at.token())) {
        arr.add(value);
      } else {
        int i = index(at.token());
        if (i < 0) i += arr.size() + 1; // evanphx v4 accepts negative indexes counted from the end
        if (i < 0 || i > arr.size()) throw PatchErrors.unprocessable("Unable to access invalid index: " + at.token());
        arr.insert(i, value);
      }
    }
    return doc;
  }

  private static JsonNode remove(JsonNode doc, String pointer, String kind) {
    if (pointer.isEmpty()) throw PatchErrors.unprocessable(kind + " operation does not apply: doc is missing path: \"\"");
    Location at = parent(doc, pointer, kind);
    if (at.container().isObject()) {
      JsonNode old = ((ObjectNode) at.container()).remove(at.token());
      if (old == null) throw PatchErrors.unprocessable(kind + " operation does not apply: doc is missing key: " + pointer);
      return old;
    }
    ArrayNode arr = (ArrayNode) at.container();
    int i = index(at.token());
    if (i < 0 && i != Integer.MIN_VALUE) i += arr.size();
    if (i < 0 || i >= arr.size()) throw PatchErrors.unprocessable("Unable to access invalid index: " + at.token());
    return arr.remove(i);
  }

  private static JsonNode replace(JsonNode doc, String pointer, JsonNode value) {
    if (pointer.isEmpty()) return value;
    Location at = parent(doc, pointer, "replace");
    if (at.container().isObject()) {
      ObjectNode o = (ObjectNode) at.container();
      if (!o.has(at.token())) throw PatchErrors.unprocessable("replace operation does not apply: doc is missing key: " + pointer);
      o.set(at.token(), value);
    } else {
      ArrayNode arr = (ArrayNode) at.container();
      int i = index(at.token());
      if (i < 0 && i != Integer.MIN_VALUE) i += arr.size();
      if (i < 0 || i >= arr.size()) throw PatchErrors.unprocessable("Unable to access invalid index: " + at.token());
      arr.set(i, value);
    }
    return doc;
  }
}
