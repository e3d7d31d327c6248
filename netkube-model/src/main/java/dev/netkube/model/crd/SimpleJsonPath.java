package dev.netkube.model.crd;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The JSONPath subset CRD printer columns use (client-go jsonpath inside {...}): field steps
 * ({@code .spec.replicas}), indexes ({@code [0]}, {@code [*]}, {@code ['a.b']}) and filters
 * ({@code [?(@.type=="Ready")]}, {@code [?(@.x)]}). Missing keys yield no result, as upstream
 * evaluates columns with AllowMissingKeys.
 */
public final class SimpleJsonPath {
  private sealed interface Step permits Field, Index, All, Filter {}

  private record Field(String name) implements Step {}

  private record Index(int index) implements Step {}

  private record All() implements Step {}

  private record Filter(List<Step> left, String op, JsonNode right) implements Step {}

  private final String text;
  private final List<Step> steps;

  private SimpleJsonPath(String text, List<Step> steps) {
    this.text = text;
    this.steps = steps;
  }

  /** Parses a path such as {@code .status.conditions[?(@.type=="Ready")].status}; braces are optional. */
  public static SimpleJsonPath parse(String path) {
    String p = path.trim();
    if (p.startsWith("{") && p.endsWith("}")) p = p.substring(1, p.length() - 1).trim();
    if (p.startsWith("$")) p = p.substring(1);
    return new SimpleJsonPath(path, new Parser(p).steps());
  }

  /** A path upstream's parser would reject: it matches nothing, so its column shows no value. */
  static SimpleJsonPath unparsable(String path) {
    return new SimpleJsonPath(path, null);
  }

  public String text() { return text; }

  /** All matches, in document order; empty when any step is missing. */
  public List<JsonNode> evaluate(JsonNode root) {
    return steps == null ? List.of() : run(steps, root);
  }

  private static List<JsonNode> run(List<Step> steps, JsonNode root) {
    List<JsonNode> cur = new ArrayList<>(List.of(root));
    for (Step s : steps) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode n : cur) {
        if (s instanceof Field f) {
          JsonNode c = n.isObject() ? n.get(f.name()) : null;
          if (c != null) next.add(c);
        } else if (s instanceof Index i) {
          if (n.isArray()) {
            int idx = i.index() < 0 ? n.size() + i.index() : i.index();
            if (idx >= 0 && idx < n.size()) next.add(n.get(idx));
          }
        } else if (s instanceof All) {
          if (n.isArray() || n.isObject()) n.elements().forEachRemaining(next::add);
        } else if (s instanceof Filter f) {
          Iterator<JsonNode> it = n.isArray() ? n.elements() : List.of(n).iterator();
          while (it.hasNext()) {
            JsonNode e = it.next();
            if (matches(f, e)) next.add(e);
          }
        }
      }
      cur = next;
    }
    return cur;
  }

  private static boolean matches(Filter f, JsonNode e) {
    List<JsonNode> left = run(f.left(), e);
    if (f.op() == null) return !left.isEmpty();
    if (left.isEmpty()) return false;
    JsonNode l = left.get(0);
    JsonNode r = f.right();
    int cmp;
    if (l.isNumber() && r.isNumber()) cmp = l.decimalValue().compareTo(r.decimalValue());
    else if (l.isValueNode() && r.isValueNode()) cmp = l.asText().compareTo(r.asText());
    else return false;
    return switch (f.op()) {
      case "==" -> cmp == 0;
      case "!=" -> cmp != 0;
      case "<" -> cmp < 0;
      case "<=" -> cmp <= 0;
      case ">" -> cmp > 0;
      case ">=" -> cmp >= 0;
      default -> false;
    };
  }

  private static final class Parser {
    private final String s;
    private int i;

    Parser(String s) { this.s = s; }

    List<Step> steps() {
      List<Step> out = new ArrayList<>();
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == '.') {
          i++;
          if (i < s.length() && s.charAt(i) == '.') throw new IllegalArgumentException("recursive descent not supported: " + s);
          String name = name();
          if (name.equals("*")) out.add(new All());
          else if (!name.isEmpty()) out.add(new Field(name));
        } else if (c == '[') {
          out.add(bracket());
        } else if (c == '@') {
          i++;
        } else if (Character.isWhitespace(c) || "=!<>".indexOf(c) >= 0 || c == ')') {
          break;
        } else {
          out.add(new Field(name()));
        }
      }
      return out;
    }

    private String name() {
      StringBuilder b = new StringBuilder();
      while (i < s.length()) {
        char c = s.charAt(i);
        if (c == '\\' && i + 1 < s.length()) {
          b.append(s.charAt(i + 1));
          i += 2;
          continue;
        }
        if (c == '.' || c == '[' || c == ')' || Character.isWhitespace(c) || "=!<>".indexOf(c) >= 0) break;
        b.append(c);
        i++;
      }
      return b.toString();
    }

    private Step bracket() {
      int close = s.indexOf(']', i);
      if (s.startsWith("[?(", i)) {
        i += 3;
        int end = s.indexOf(")]", i);
        if (end < 0) throw new IllegalArgumentException("unterminated filter in " + s);
        Step f = filter(s.substring(i, end));
        i = end + 2;
        return f;
      }
      if (close < 0) throw new IllegalArgumentException("unterminated [ in " + s);
      String inner = s.substring(i + 1, close).trim();
      i = close + 1;
      if (inner.equals("*")) return new All();
      if ((inner.startsWith("'") && inner.endsWith("'")) || (inner.startsWith("\"") && inner.endsWith("\""))) {
        return new Field(inner.substring(1, inner.length() - 1));
      }
      return new Index(Integer.parseInt(inner));
    }

    private static Step filter(String expr) {
      String e = expr.trim();
      for (String op : new String[] {"==", "!=", "<=", ">=", "<", ">"}) {
        int at = e.indexOf(op);
        if (at > 0) {
          List<Step> left = new Parser(e.substring(0, at).trim()).steps();
          return new Filter(left, op, literal(e.substring(at + op.length()).trim()));
        }
      }
      return new Filter(new Parser(e).steps(), null, null);
    }

    private static JsonNode literal(String t) {
      var nodes = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
      if (t.length() >= 2 && (t.startsWith("\"") || t.startsWith("'"))) return nodes.textNode(t.substring(1, t.length() - 1));
      if (t.equals("true") || t.equals("false")) return nodes.booleanNode(Boolean.parseBoolean(t));
      try {
        return nodes.numberNode(new java.math.BigDecimal(t));
      } catch (NumberFormatException ex) {
        return nodes.textNode(t);
      }
    }
  }
}
