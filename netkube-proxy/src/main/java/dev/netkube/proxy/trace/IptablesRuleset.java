package dev.netkube.proxy.trace;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An iptables ruleset as text in iptables-save's format (what {@code iptables-save} prints, or an iptables-restore
 * input): per table, per chain, its rules as words ({@code "..."} one word). What the iptables tracer reads.
 */
public record IptablesRuleset(Map<String, Map<String, List<Rule>>> tables) {
  /** One rule: its words after {@code -A CHAIN}, and its text as written. */
  public record Rule(List<String> words, String text) {
    public Rule {
      words = List.copyOf(words);
    }
  }

  public static IptablesRuleset parse(String text) {
    Map<String, Map<String, List<Rule>>> tables = new LinkedHashMap<>();
    Map<String, List<Rule>> table = null;
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.equals("COMMIT")) continue;
      if (line.startsWith("*")) {
        table = tables.computeIfAbsent(line.substring(1), t -> new LinkedHashMap<>());
      } else if (table == null) {
        throw new IllegalArgumentException("a rule before any table: " + line);
      } else if (line.startsWith(":")) {
        table.computeIfAbsent(line.substring(1).split(" ")[0], c -> new ArrayList<>());
      } else if (line.startsWith("-A ") || line.startsWith("-I ")) {
        List<String> words = words(line);
        List<Rule> rules = table.computeIfAbsent(words.get(1), c -> new ArrayList<>());
        Rule rule = new Rule(words.subList(2, words.size()), line.substring(3 + words.get(1).length()).strip());
        if (line.startsWith("-I ")) rules.add(0, rule);
        else rules.add(rule);
      } else if (line.startsWith("-X ")) {
        table.remove(line.substring(3).strip());
      }
    }
    return new IptablesRuleset(tables);
  }

  /** This ruleset with {@code rule} inserted first into {@code table}'s {@code chain} (the built-in jumps). */
  public IptablesRuleset withRuleFirst(String table, String chain, List<String> words) {
    Map<String, Map<String, List<Rule>>> copy = new LinkedHashMap<>();
    tables.forEach((t, chains) -> {
      Map<String, List<Rule>> c = new LinkedHashMap<>();
      chains.forEach((name, rules) -> c.put(name, new ArrayList<>(rules)));
      copy.put(t, c);
    });
    List<String> quoted = words.stream().map(w -> w.contains(" ") ? "\"" + w + "\"" : w).toList();
    copy.computeIfAbsent(table, t -> new LinkedHashMap<>()).computeIfAbsent(chain, c -> new ArrayList<>())
        .add(0, new Rule(words, String.join(" ", quoted)));
    return new IptablesRuleset(copy);
  }

  List<Rule> chain(String table, String chain) {
    Map<String, List<Rule>> t = tables.get(table);
    return t == null ? null : t.get(chain);
  }

  static List<String> words(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
        any = true;
      } else if (c == ' ' && !quoted) {
        if (any) out.add(word.toString());
        word.setLength(0);
        any = false;
      } else {
        word.append(c);
        any = true;
      }
    }
    if (any) out.add(word.toString());
    return out;
  }
}
