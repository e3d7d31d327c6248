package dev.netkube.cli.trace;

import dev.netkube.proxy.trace.Packet;

/**
 * A resolved trace: the packet, the node whose rules it meets (and that node's network namespace), and both ends in
 * words ("pod default/testnet on node-1", "service default/web port http 80/TCP").
 */
public record TracePlan(Packet packet, String node, String netns, String from, String to) {}
