package dev.netkube.cli.cluster;

/**
 * An IPv4 address the host has.
 *
 * @param link the link it is on
 * @param address as ip prints it with its prefix length, e.g. {@code 192.168.1.20/24}
 */
public record HostAddress(String link, String address) {}
