package dev.netkube.proxy.rules.iptables;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What removes a proxy's iptables chains (upstream's CleanupLeftovers, when the mode changes): from one table's
 * {@code iptables-save}, a restore that deletes every rule jumping into the chains {@code ours} selects, then
 * flushes and deletes those chains. Pure; empty when there is nothing to remove.
 */
public final class IptablesCleanup {
  private IptablesCleanup() {}

  public static Optional<String> restoreFor(String table, String saved, Predicate<String> ours) {
    Set<String> chains = new LinkedHashSet<>();
    boolean inTable = false;
    for (String line : saved.split("\n")) {
      if (line.startsWith("*")) inTable = line.substring(1).strip().equals(table);
      else if (inTable && line.startsWith(":")) {
        String name = line.substring(1).split(" ")[0];
        if (ours.test(name)) chains.add(name);
      }
    }
    if (chains.isEmpty()) return Optional.empty();
    List<String> deletes = new ArrayList<>();
    inTable = false;
    for (String line : saved.split("\n")) {
      if (line.startsWith("*")) inTable = line.substring(1).strip().equals(table);
      else if (inTable && line.startsWith("-A ")) {
        String[] words = line.split(" ");
        String chain = words[1];
        String target = jumpTarget(words);
        // rules inside our chains go with them; others jumping into ours must go first, or -X fails
        if (!chains.contains(chain) && target != null && chains.contains(target)) deletes.add("-D" + line.substring(2));
      }
    }
    StringBuilder out = new StringBuilder("*").append(table).append('\n');
    for (String c : chains) out.append(':').append(c).append(" - [0:0]\n");
    for (String d : deletes) out.append(d).append('\n');
    for (String c : chains) out.append("-X ").append(c).append('\n');
    return Optional.of(out.append("COMMIT\n").toString());
  }

  private static String jumpTarget(String[] words) {
    for (int i = 0; i < words.length - 1; i++) if (words[i].equals("-j") || words[i].equals("-g")) return words[i + 1];
    return null;
  }
}
