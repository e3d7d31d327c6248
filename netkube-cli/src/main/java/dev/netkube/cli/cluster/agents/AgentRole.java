package dev.netkube.cli.cluster.agents;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The seam between {@code up} and the node agent: what {@code dev.netkube.cli.Main} runs in each
 * node's namespace. While netkube has no {@code agent} role, {@link #fromMain} is {@link #NONE}
 * and {@code up} starts no agent (and says nothing about agents); once Main lists an
 * {@code agent} subcommand, {@code up} starts one per node with {@link #standardArguments}.
 */
@FunctionalInterface
public interface AgentRole {
  /** Main's arguments for this node's agent; empty when no agent is to run. */
  Optional<List<String>> mainArguments(AgentSpec spec);

  AgentRole NONE = spec -> Optional.empty();

  /**
   * {@code agent --node node-1 --node-ip 192.168.10.2 --server https://192.168.10.1:6443
   * --cluster-cidr 10.244.0.0/16 --netns-prefix nk-}.
   */
  static List<String> standardArguments(AgentSpec spec) {
    return List.of("agent", "--node", spec.node().name(), "--node-ip", spec.node().address(), "--server",
        spec.serverUrl(), "--cluster-cidr", spec.clusterPodCidr().toString(), "--netns-prefix", spec.prefix() + "-");
  }

  /** The standard agent when Main has an {@code agent} subcommand, else none. */
  static AgentRole fromMain(Set<String> mainSubcommands) {
    return mainSubcommands.contains("agent") ? spec -> Optional.of(standardArguments(spec)) : NONE;
  }
}
