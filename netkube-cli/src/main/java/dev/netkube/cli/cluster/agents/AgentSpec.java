package dev.netkube.cli.cluster.agents;

import dev.netkube.cli.cluster.Cidr;
import dev.netkube.cli.cluster.LayoutPlan;

/**
 * What a node's agent is started with.
 *
 * @param node the node: its name, namespace and LAN address
 * @param serverUrl the API server as the node reaches it: {@code https://192.168.10.1:6443}
 * @param clusterPodCidr the cluster CIDR (for the agent's {@code RouteKeeper})
 * @param prefix the layout's name prefix: pods' namespaces named {@code <prefix>-...} are
 *     removed by {@code down} with the rest
 */
public record AgentSpec(LayoutPlan.Member node, String serverUrl, Cidr clusterPodCidr, String prefix) {}
