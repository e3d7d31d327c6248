package dev.netkube.model.select;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One term of a label selector (upstream's labels.Requirement). Values keep their given order. */
public record Requirement(String key, Operator operator, List<String> values) {

  /** selection.Operator and how String() writes it. */
  public enum Operator {
    EQUALS("="), DOUBLE_EQUALS("=="), NOT_EQUALS("!="), IN(" in "), NOT_IN(" notin "),
    EXISTS(""), DOES_NOT_EXIST(""), GREATER_THAN(">"), LESS_THAN("<");

    final String text;

    Operator(String text) { this.text = text; }
  }

  public Requirement {
    values = List.copyOf(values);
  }

  public boolean matches(Map<String, String> labels) {
    boolean has = labels.containsKey(key);
    return switch (operator) {
      case IN, EQUALS, DOUBLE_EQUALS -> has && values.contains(labels.get(key));
      case NOT_IN, NOT_EQUALS -> !has || !values.contains(labels.get(key));
      case EXISTS -> has;
      case DOES_NOT_EXIST -> !has;
      case GREATER_THAN, LESS_THAN -> {
        if (!has || values.size() != 1) yield false;
        try {
          long actual = Long.parseLong(labels.get(key));
          long bound = Long.parseLong(values.get(0));
          yield operator == Operator.GREATER_THAN ? actual > bound : actual < bound;
        } catch (NumberFormatException e) {
          yield false;
        }
      }
    };
  }

  /** Upstream's Requirement.String(): "!a", "a", "a=b", "a in (x,y)" with set values sorted. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder();
    if (operator == Operator.DOES_NOT_EXIST) b.append('!');
    b.append(key);
    if (operator == Operator.EXISTS || operator == Operator.DOES_NOT_EXIST) return b.toString();
    b.append(operator.text);
    boolean set = operator == Operator.IN || operator == Operator.NOT_IN;
    if (set) b.append('(');
    List<String> sorted = new ArrayList<>(values);
    if (sorted.size() > 1) sorted.sort(null);
    b.append(String.join(",", sorted));
    if (set) b.append(')');
    return b.toString();
  }
}
