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

  /** {@code agent --node node-1 --server https://192.168.10.1:6443}. */
  static List<String> standardArguments(AgentSpec spec) {
    return List.of("agent", "--node", spec.node().name(), "--server", spec.serverUrl());
  }

  /** The standard agent when Main has an {@code agent} subcommand, else none. */
  static AgentRole fromMain(Set<String> mainSubcommands) {
    return mainSubcommands.contains("agent") ? spec -> Optional.of(standardArguments(spec)) : NONE;
  }
}
