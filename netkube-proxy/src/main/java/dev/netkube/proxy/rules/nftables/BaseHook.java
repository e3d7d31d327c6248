package dev.netkube.proxy.rules.nftables;

/**
 * Where a base chain attaches. {@code upstreamPriority} is how kube-proxy writes it
 * ({@code dstnat - 10}); {@code priority} is the number we render, because nft 1.0.6 accepts
 * the name {@code dstnat} only on the prerouting hook ("invalid priority expression value in
 * this context" on output, input and forward), and knftables numbers them for the same reason.
 */
public record BaseHook(String type, String hook, int priority, String upstreamPriority) {}
