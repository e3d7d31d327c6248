package dev.netkube.model.select;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * A field selector (k8s.io/apimachinery fields): terms "field=value", "field==value" or
 * "field!=value" joined by ","; "\" escapes "\", "," and "=" in values. Terms are sorted as upstream
 * sorts them, so {@link #toString()} is canonical.
 */
public final class FieldSelector {
  /** One term; {@code equal} is false for "!=". */
  public record Term(String field, boolean equal, String value) {
    public boolean matches(Map<String, String> fields) {
      return fields.getOrDefault(field, "").equals(value) == equal;
    }

    @Override
    public String toString() { return field + (equal ? "=" : "!=") + escape(value); }
  }

  private static final FieldSelector EVERYTHING = new FieldSelector(List.of());

  private final List<Term> terms;

  private FieldSelector(List<Term> terms) { this.terms = List.copyOf(terms); }

  public static FieldSelector everything() { return EVERYTHING; }

  public List<Term> terms() { return terms; }

  public boolean isEmpty() { return terms.isEmpty(); }

  /** Every term holds; a field missing from {@code fields} reads as "". */
  public boolean matches(Map<String, String> fields) {
    for (Term t : terms) if (!t.matches(fields)) return false;
    return true;
  }

  /** The value an "=" term requires of this field, if any (what an index can serve). */
  public java.util.Optional<String> requiresExactMatch(String field) {
    for (Term t : terms) if (t.field.equals(field) && t.equal) return java.util.Optional.of(t.value);
    return java.util.Optional.empty();
  }

  /** Renames each term's field, as upstream's Transform with a field label conversion. */
  public FieldSelector mapFields(UnaryOperator<String> rename) {
    List<Term> out = new ArrayList<>();
    for (Term t : terms) out.add(new Term(rename.apply(t.field), t.equal, t.value));
    return new FieldSelector(out);
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    for (Term t : terms) parts.add(t.toString());
    return String.join(",", parts);
  }

  /**
   * fields.ParseSelector.
   * @throws SelectorException e.g. "invalid selector: 'a'; can't understand 'a'"
   */
  public static FieldSelector parse(String selector) {
    List<String> parts = splitTerms(selector);
    Collections.sort(parts);
    List<Term> terms = new ArrayList<>();
    for (String part : parts) {
      if (part.isEmpty()) continue;
      int at = -1;
      String op = null;
      for (int i = 0; i < part.length() && op == null; i++) {
        for (String candidate : new String[] {"!=", "==", "="}) {
          if (part.startsWith(candidate, i)) {
            at = i;
            op = candidate;
            break;
          }
        }
      }
      if (op == null) throw new SelectorException("invalid selector: '" + selector + "'; can't understand '" + part + "'");
      String value = unescape(part.substring(at + op.length()));
      terms.add(new Term(part.substring(0, at), !op.equals("!="), value));
    }
    return new FieldSelector(terms);
  }

  private static List<String> splitTerms(String s) {
    List<String> terms = new ArrayList<>();
    if (s == null || s.isEmpty()) return terms;
    int start = 0;
    boolean slash = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (slash) slash = false;
      else if (c == '\\') slash = true;
      else if (c == ',') {
        terms.add(s.substring(start, i));
        start = i + 1;
      }
    }
    terms.add(s.substring(start));
    return terms;
  }

  /** fields.EscapeValue. */
  public static String escape(String v) {
    return v.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=");
  }

  /** fields.UnescapeValue, with its errors (an unescaped rune is printed as its code, as Go's %v does). */
  static String unescape(String s) {
    StringBuilder b = new StringBuilder();
    boolean slash = false;
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      if (slash) {
        if (c == '\\' || c == ',' || c == '=') b.appendCodePoint(c);
        else throw new SelectorException("invalid field selector: invalid escape sequence: \\" + Character.toString(c));
        slash = false;
        continue;
      }
      if (c == '\\') slash = true;
      else if (c == ',' || c == '=') throw new SelectorException("invalid field selector: unescaped character in value: " + c);
      else b.appendCodePoint(c);
    }
    if (slash) throw new SelectorException("invalid field selector: invalid escape sequence: \\");
    return b.toString();
  }
}
