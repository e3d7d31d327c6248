package dev.netkube.proxy.rules.iptables;

import java.util.List;

/** One chain as iptables-restore writes it: its name and its rules' arguments after {@code -A NAME}. */
public record IptablesChain(String name, List<String> rules) {
  public IptablesChain {
    rules = List.copyOf(rules);
  }

  /** The declaration line (which, in a restore, also flushes the chain). */
  String declaration() { return ":" + name + " - [0:0]"; }

  void appendRules(StringBuilder out) {
    for (String rule : rules) out.append("-A ").append(name).append(' ').append(rule).append('\n');
  }
}
