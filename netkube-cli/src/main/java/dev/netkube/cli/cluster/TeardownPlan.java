package dev.netkube.cli.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code down} removes for a prefix: every namespace, host link and nftables table whose
 * name starts with {@code <prefix>-}: the layout's own and whatever was made under its names
 * since (pods' namespaces, nodes added later), also when the state file has lost track of them
 * after a crash. Pure.
 *
 * @param hostLinks deleted first: a namespace's deletion is asynchronous, a link's is not
 * @param nftTables as {@code nft list tables} names them: {@code inet nk-guard}
 */
public record TeardownPlan(List<String> hostLinks, List<String> netns, List<String> nftTables) {
  public TeardownPlan {
    hostLinks = List.copyOf(hostLinks);
    netns = List.copyOf(netns);
    nftTables = List.copyOf(nftTables);
  }

  public static TeardownPlan of(String prefix, List<String> allHostLinks, List<String> allNetns, List<String> allNftTables) {
    String p = prefix + "-";
    List<String> tables = new ArrayList<>();
    for (String t : allNftTables) {
      String[] familyAndName = t.split(" ", 2);
      if (familyAndName.length == 2 && familyAndName[1].startsWith(p)) tables.add(t);
    }
    return new TeardownPlan(allHostLinks.stream().filter(l -> l.startsWith(p)).sorted().toList(),
        allNetns.stream().filter(n -> n.startsWith(p)).sorted().toList(), tables);
  }

  public boolean isEmpty() { return hostLinks.isEmpty() && netns.isEmpty() && nftTables.isEmpty(); }

  /** The host's {@code ip -batch} lines: links, then namespaces. */
  public IpBatch ipBatch() {
    List<String> lines = new ArrayList<>();
    for (String l : hostLinks) lines.add("link del " + l);
    for (String n : netns) lines.add("netns del " + n);
    return IpBatch.host(lines);
  }

  /** The {@code nft -f} script that deletes the tables. */
  public String nftScript() {
    StringBuilder script = new StringBuilder();
    for (String t : nftTables) script.append("delete table ").append(t).append('\n');
    return script.toString();
  }
}
