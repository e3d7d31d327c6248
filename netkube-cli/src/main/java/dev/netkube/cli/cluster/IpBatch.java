package dev.netkube.cli.cluster;

import java.util.List;
import java.util.Optional;

/**
 * Commands for one {@code ip [-n NETNS] -batch -} run: one process per namespace and step,
 * however many commands (iproute2 stops at the first that fails).
 *
 * @param netns the namespace the commands run in; empty for the caller's own (the host's)
 * @param lines iproute2 commands without the leading {@code ip}, e.g. {@code link set lo up}
 */
public record IpBatch(Optional<String> netns, List<String> lines) {
  public IpBatch {
    lines = List.copyOf(lines);
  }

  public static IpBatch host(List<String> lines) { return new IpBatch(Optional.empty(), lines); }

  public static IpBatch in(String netns, List<String> lines) { return new IpBatch(Optional.of(netns), lines); }

  /** As a shell would run it, for messages: {@code ip -n nk-lan -batch -}. */
  public String command() {
    return "ip " + netns.map(n -> "-n " + n + " ").orElse("") + "-batch -";
  }
}
