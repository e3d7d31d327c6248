package dev.netkube.cli.cluster.routes;

import dev.netkube.cli.cluster.Cidr;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code ip route} commands from the routes present to the routes wanted: {@code replace}
 * for a missing or changed one, {@code del} for one no longer wanted; nothing when they agree.
 * Pure.
 */
public final class RouteDiff {
  private RouteDiff() {}

  /** Batch lines ({@code route replace ...}, {@code route del ...}), deletions first. */
  public static List<String> between(List<Route> wanted, List<Route> present) {
    Map<Cidr, Route> want = new TreeMap<>();
    for (Route r : wanted) want.putIfAbsent(r.destination(), r);
    Map<Cidr, List<Route>> have = new TreeMap<>();
    for (Route r : present) have.computeIfAbsent(r.destination(), d -> new ArrayList<>()).add(r);
    List<String> deletes = new ArrayList<>();
    List<String> replaces = new ArrayList<>();
    have.forEach((dst, routes) -> {
      Route keep = want.get(dst);
      for (Route r : routes) {
        // a changed gateway is replaced below; only duplicates and the unwanted go
        if (keep == null || (!r.equals(keep) && routes.size() > 1)) deletes.add("route del " + r.spec());
      }
    });
    want.forEach((dst, r) -> {
      if (!have.getOrDefault(dst, List.of()).contains(r)) replaces.add("route replace " + r.spec());
    });
    List<String> lines = new ArrayList<>(deletes);
    lines.addAll(replaces);
    return lines;
  }
}
