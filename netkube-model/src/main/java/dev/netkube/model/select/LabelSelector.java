package dev.netkube.model.select;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.model.validation.Names;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * A label selector with upstream's semantics (k8s.io/apimachinery labels): the string syntax of
 * {@code ?labelSelector=} and the metav1.LabelSelector object of specs. Requirements are ANDed and
 * kept sorted by key, so {@link #toString()} is the canonical form kube-apiserver prints.
 */
public final class LabelSelector {
  private static final LabelSelector EVERYTHING = new LabelSelector(List.of(), false);
  private static final LabelSelector NOTHING = new LabelSelector(List.of(), true);

  private final List<Requirement> requirements;
  private final boolean nothing;

  private LabelSelector(List<Requirement> requirements, boolean nothing) {
    List<Requirement> sorted = new ArrayList<>(requirements);
    sorted.sort(Comparator.comparing(Requirement::key)); // stable: same keys keep their order
    this.requirements = List.copyOf(sorted);
    this.nothing = nothing;
  }

  /** Matches every label set (an empty selector). */
  public static LabelSelector everything() { return EVERYTHING; }

  /** Matches no label set (what a null metav1.LabelSelector means). */
  public static LabelSelector nothing() { return NOTHING; }

  public List<Requirement> requirements() { return requirements; }

  /** True when the selector restricts nothing. */
  public boolean isEmpty() { return !nothing && requirements.isEmpty(); }

  public boolean matches(Map<String, String> labels) {
    if (nothing) return false;
    for (Requirement r : requirements) if (!r.matches(labels)) return false;
    return true;
  }

  /** The canonical text: requirements by key, joined by ","; "" for everything and for nothing. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    for (Requirement r : requirements) b.append(b.length() > 0 ? "," : "").append(r);
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelSelector s && s.nothing == nothing && s.requirements.equals(requirements);
  }

  @Override
  public int hashCode() { return Objects.hash(requirements, nothing); }

  /**
   * labels.SelectorFromSet: every key equal to its value (a Service's spec.selector); an empty
   * map matches everything. Not validated, as upstream's pre-validated form.
   */
  public static LabelSelector fromSet(Map<String, String> set) {
    List<Requirement> reqs = new ArrayList<>();
    set.forEach((k, v) -> reqs.add(new Requirement(k, Requirement.Operator.EQUALS, List.of(v))));
    return reqs.isEmpty() ? EVERYTHING : new LabelSelector(reqs, false);
  }

  // ---- metav1.LabelSelector

  /**
   * metav1.LabelSelectorAsSelector: null or absent matches nothing, {} matches everything.
   * @throws SelectorException with upstream's message for a bad operator, key or value
   */
  public static LabelSelector fromJson(JsonNode selector) {
    if (selector == null || selector.isNull() || selector.isMissingNode()) return NOTHING;
    JsonNode matchLabels = selector.path("matchLabels");
    JsonNode expressions = selector.path("matchExpressions");
    if (matchLabels.size() + expressions.size() == 0) return EVERYTHING;
    List<Requirement> reqs = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = matchLabels.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      reqs.add(newRequirement(e.getKey(), Requirement.Operator.EQUALS, List.of(e.getValue().asText()), "", true));
    }
    for (JsonNode expr : expressions) {
      String op = expr.path("operator").asText("");
      Requirement.Operator operator = switch (op) {
        case "In" -> Requirement.Operator.IN;
        case "NotIn" -> Requirement.Operator.NOT_IN;
        case "Exists" -> Requirement.Operator.EXISTS;
        case "DoesNotExist" -> Requirement.Operator.DOES_NOT_EXIST;
        default -> throw new SelectorException("\"" + op + "\" is not a valid label selector operator");
      };
      List<String> values = new ArrayList<>();
      expr.path("values").forEach(v -> values.add(v.asText()));
      reqs.add(newRequirement(expr.path("key").asText(""), operator, values, "", true));
    }
    return new LabelSelector(reqs, false);
  }

  // ---- the string syntax

  /**
   * labels.Parse: "a=b,c!=d,e in (x,y),f notin (z),g,!h,i>1,j<2".
   * @throws SelectorException with upstream's message, e.g.
   *     "unable to parse requirement: found '', expected: identifier"
   */
  public static LabelSelector parse(String selector) {
    return new LabelSelector(new Parser(Lexer.scan(selector)).parse(), false);
  }

  private enum Token {
    ERROR, END, CLOSED_PAR, COMMA, DOES_NOT_EXIST, DOUBLE_EQUALS, EQUALS, GREATER_THAN, IDENTIFIER, IN,
    LESS_THAN, NOT_EQUALS, NOT_IN, OPEN_PAR
  }

  private record Item(Token token, String literal) {}

  private static Token keyword(String s) {
    return switch (s) {
      case ")" -> Token.CLOSED_PAR;
      case "," -> Token.COMMA;
      case "!" -> Token.DOES_NOT_EXIST;
      case "==" -> Token.DOUBLE_EQUALS;
      case "=" -> Token.EQUALS;
      case ">" -> Token.GREATER_THAN;
      case "in" -> Token.IN;
      case "<" -> Token.LESS_THAN;
      case "!=" -> Token.NOT_EQUALS;
      case "notin" -> Token.NOT_IN;
      case "(" -> Token.OPEN_PAR;
      default -> null;
    };
  }

  private static final class Lexer {
    private final byte[] s;
    private int pos;

    private Lexer(String s) { this.s = s.getBytes(java.nio.charset.StandardCharsets.UTF_8); }

    static List<Item> scan(String selector) {
      Lexer l = new Lexer(selector);
      List<Item> items = new ArrayList<>();
      while (true) {
        Item i = l.lex();
        items.add(i);
        if (i.token == Token.END) return items;
      }
    }

    private int read() { return pos < s.length ? s[pos++] & 0xff : 0; }

    private static boolean whitespace(int c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

    private static boolean special(int c) {
      return c == '=' || c == '!' || c == '(' || c == ')' || c == ',' || c == '>' || c == '<';
    }

    private Item lex() {
      int c = read();
      while (whitespace(c)) c = read();
      if (c == 0) return new Item(Token.END, "");
      pos--;
      return special(c) ? special() : identifierOrKeyword();
    }

    private Item identifierOrKeyword() {
      int start = pos;
      while (pos < s.length && !special(s[pos] & 0xff) && !whitespace(s[pos] & 0xff) && s[pos] != 0) pos++;
      String lit = new String(s, start, pos - start, java.nio.charset.StandardCharsets.UTF_8);
      Token k = keyword(lit);
      return new Item(k != null ? k : Token.IDENTIFIER, lit);
    }

    private Item special() {
      StringBuilder buf = new StringBuilder();
      Item last = null;
      while (pos < s.length && special(s[pos] & 0xff)) {
        buf.append((char) s[pos++]);
        Token t = keyword(buf.toString());
        if (t != null) {
          last = new Item(t, buf.toString());
        } else if (last != null) {
          pos--;
          break;
        }
      }
      return last != null ? last : new Item(Token.ERROR, "error expected: keyword found '" + buf + "'");
    }
  }

  private static final class Parser {
    private final List<Item> items;
    private int position;

    Parser(List<Item> items) { this.items = items; }

    /** In value context "in" and "notin" are plain identifiers. */
    private Item look(boolean values) {
      Item i = items.get(position);
      return values && (i.token == Token.IN || i.token == Token.NOT_IN) ? new Item(Token.IDENTIFIER, i.literal) : i;
    }

    private Item take(boolean values) {
      Item i = look(values);
      position++;
      return i;
    }

    List<Requirement> parse() {
      List<Requirement> reqs = new ArrayList<>();
      while (true) {
        Item i = look(true);
        switch (i.token) {
          case IDENTIFIER, DOES_NOT_EXIST -> {
            try {
              reqs.add(requirement());
            } catch (SelectorException e) {
              throw new SelectorException("unable to parse requirement: " + e.getMessage());
            }
            Item t = take(true);
            if (t.token == Token.END) return reqs;
            if (t.token != Token.COMMA) {
              throw new SelectorException("found '" + t.literal + "', expected: ',' or 'end of string'");
            }
            Item next = look(true);
            if (next.token != Token.IDENTIFIER && next.token != Token.DOES_NOT_EXIST) {
              throw new SelectorException("found '" + next.literal + "', expected: identifier after ','");
            }
          }
          case END -> {
            return reqs;
          }
          default -> throw new SelectorException(
              "found '" + i.literal + "', expected: !, identifier, or 'end of string'");
        }
      }
    }

    private Requirement requirement() {
      Requirement.Operator op = null;
      Item t = take(true);
      if (t.token == Token.DOES_NOT_EXIST) {
        op = Requirement.Operator.DOES_NOT_EXIST;
        t = take(true);
      }
      if (t.token != Token.IDENTIFIER) throw new SelectorException("found '" + t.literal + "', expected: identifier");
      String key = t.literal;
      String keyError = Validation.qualifiedName(key);
      if (keyError != null) throw new SelectorException(Validation.invalid("<nil>", key, keyError));
      Token next = look(true).token;
      if (next == Token.END || next == Token.COMMA) {
        if (op == null) op = Requirement.Operator.EXISTS;
      }
      if (op == Requirement.Operator.EXISTS || op == Requirement.Operator.DOES_NOT_EXIST) {
        return newRequirement(key, op, List.of(), "", false);
      }
      Item o = take(false);
      op = switch (o.token) {
        case IN -> Requirement.Operator.IN;
        case EQUALS -> Requirement.Operator.EQUALS;
        case DOUBLE_EQUALS -> Requirement.Operator.DOUBLE_EQUALS;
        case GREATER_THAN -> Requirement.Operator.GREATER_THAN;
        case LESS_THAN -> Requirement.Operator.LESS_THAN;
        case NOT_IN -> Requirement.Operator.NOT_IN;
        case NOT_EQUALS -> Requirement.Operator.NOT_EQUALS;
        default -> throw new SelectorException("found '" + o.literal + "', expected: in, notin, =, ==, !=, gt, lt");
      };
      TreeSet<String> values = op == Requirement.Operator.IN || op == Requirement.Operator.NOT_IN ? values() : exact();
      return newRequirement(key, op, new ArrayList<>(values), "", false);
    }

    private TreeSet<String> values() {
      Item t = take(true);
      if (t.token != Token.OPEN_PAR) throw new SelectorException("found '" + t.literal + "' expected: '('");
      Item next = look(true);
      switch (next.token) {
        case IDENTIFIER, COMMA -> {
          TreeSet<String> s = identifiers();
          if (take(true).token != Token.CLOSED_PAR) {
            throw new SelectorException("found '" + next.literal + "', expected: ')'");
          }
          return s;
        }
        case CLOSED_PAR -> {
          take(true);
          return new TreeSet<>(List.of(""));
        }
        default -> throw new SelectorException("found '" + next.literal + "', expected: ',', ')' or identifier");
      }
    }

    private TreeSet<String> identifiers() {
      TreeSet<String> s = new TreeSet<>();
      while (true) {
        Item t = take(true);
        switch (t.token) {
          case IDENTIFIER -> {
            s.add(t.literal);
            Item n = look(true);
            if (n.token == Token.COMMA) continue;
            if (n.token == Token.CLOSED_PAR) return s;
            throw new SelectorException("found '" + n.literal + "', expected: ',' or ')'");
          }
          case COMMA -> {
            if (s.isEmpty()) s.add("");
            Token n = look(true).token;
            if (n == Token.CLOSED_PAR) {
              s.add("");
              return s;
            }
            if (n == Token.COMMA) {
              take(true);
              s.add("");
            }
          }
          default -> throw new SelectorException("found '" + t.literal + "', expected: ',', or identifier");
        }
      }
    }

    private TreeSet<String> exact() {
      Token n = look(true).token;
      if (n == Token.END || n == Token.COMMA) return new TreeSet<>(List.of(""));
      Item t = take(true);
      if (t.token == Token.IDENTIFIER) return new TreeSet<>(List.of(t.literal));
      throw new SelectorException("found '" + t.literal + "', expected: identifier");
    }
  }

  /** labels.NewRequirement's checks, with its field paths and an aggregate of all failures. */
  private static Requirement newRequirement(String key, Requirement.Operator op, List<String> vals, String path,
      boolean checkKey) {
    List<String> errs = new ArrayList<>();
    if (checkKey) {
      String keyError = Validation.qualifiedName(key);
      if (keyError != null) errs.add(Validation.invalid(path + "key", key, keyError));
    }
    String valuesPath = path + "values";
    switch (op) {
      case IN, NOT_IN -> {
        if (vals.isEmpty()) errs.add(Validation.invalidList(valuesPath, vals,
            "for 'in', 'notin' operators, values set can't be empty"));
      }
      case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
        if (vals.size() != 1) errs.add(Validation.invalidList(valuesPath, vals,
            "exact-match compatibility requires one single value"));
      }
      case EXISTS, DOES_NOT_EXIST -> {
        if (!vals.isEmpty()) errs.add(Validation.invalidList(valuesPath, vals,
            "values set must be empty for exists and does not exist"));
      }
      case GREATER_THAN, LESS_THAN -> {
        if (vals.size() != 1) errs.add(Validation.invalidList(valuesPath, vals,
            "for 'Gt', 'Lt' operators, exactly one value is required"));
        for (int i = 0; i < vals.size(); i++) {
          try {
            Long.parseLong(vals.get(i));
          } catch (NumberFormatException e) {
            errs.add(Validation.invalid(valuesPath + "[" + i + "]", vals.get(i),
                "for 'Gt', 'Lt' operators, the value must be an integer"));
          }
        }
      }
    }
    for (int i = 0; i < vals.size(); i++) {
      String valueError = Validation.labelValue(vals.get(i));
      if (valueError != null) {
        errs.add(Validation.invalid(valuesPath + "[" + i + "][" + key + "]", vals.get(i), valueError));
      }
    }
    if (!errs.isEmpty()) throw new SelectorException(Validation.aggregate(errs));
    return new Requirement(key, op, vals);
  }

  /** The label key and value rules of k8s.io/apimachinery/pkg/util/validation, with their wording. */
  static final class Validation {
    private Validation() {}

    /** IsQualifiedName's messages joined by "; ", or null when valid (one implementation: validation.Names). */
    static String qualifiedName(String value) {
      return joined(Names.qualifiedName(value));
    }

    /** IsValidLabelValue's messages joined by "; ", or null when valid. */
    static String labelValue(String value) {
      return joined(Names.labelValue(value));
    }

    private static String joined(List<String> errors) {
      return errors.isEmpty() ? null : String.join("; ", errors);
    }

    /** field.Invalid(path, string value, detail).Error(). */
    static String invalid(String path, String value, String detail) {
      return path + ": Invalid value: " + goQuote(value) + ": " + detail;
    }

    /** field.Invalid with a []string value, printed by Go's %#v. */
    static String invalidList(String path, List<String> values, String detail) {
      StringBuilder b = new StringBuilder("[]string{");
      for (int i = 0; i < values.size(); i++) b.append(i > 0 ? ", " : "").append(goQuote(values.get(i)));
      return path + ": Invalid value: " + b.append('}') + ": " + detail;
    }

    static String goQuote(String s) { return dev.netkube.model.GoQuote.quote(s); }

    /** utilerrors.NewAggregate(...).Error(): one message bare, several as "[a, b]" without repeats. */
    static String aggregate(List<String> errs) {
      List<String> seen = new ArrayList<>();
      for (String e : errs) if (!seen.contains(e)) seen.add(e);
      return seen.size() == 1 ? seen.get(0) : "[" + String.join(", ", seen) + "]";
    }
  }
}
