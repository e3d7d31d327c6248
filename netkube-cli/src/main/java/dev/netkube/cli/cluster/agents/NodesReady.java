package dev.netkube.cli.cluster.agents;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Which of the nodes `up` waits for are Ready, from a NodeList: Ready=True, and for a node whose
 * agent this `up` started, posted since it started (a stopped cluster's Nodes keep their last
 * Ready=True until the node lifecycle controller's grace period is over). Pure.
 */
public final class NodesReady {
  private NodesReady() {}

  /** @param since per node: the instant its Ready must be posted at or after (EPOCH: any Ready counts) */
  public static List<String> notReady(JsonNode nodeList, Map<String, Instant> since) {
    List<String> waiting = new ArrayList<>(since.keySet());
    for (JsonNode node : nodeList.path("items")) {
      String name = node.path("metadata").path("name").asText();
      Instant after = since.get(name);
      if (after == null) continue;
      for (JsonNode c : node.path("status").path("conditions")) {
        if (!c.path("type").asText().equals("Ready") || !c.path("status").asText().equals("True")) continue;
        Instant beat = parse(c.path("lastHeartbeatTime").asText());
        // heartbeats have whole seconds: compare at that resolution
        if (!beat.isBefore(after.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))) waiting.remove(name);
      }
    }
    return waiting.stream().sorted().toList();
  }

  private static Instant parse(String t) {
    try {
      return Instant.parse(t);
    } catch (RuntimeException e) {
      return Instant.EPOCH;
    }
  }

  /** "node-1, node-2". */
  public static String names(Collection<String> nodes) { return String.join(", ", nodes); }
}
