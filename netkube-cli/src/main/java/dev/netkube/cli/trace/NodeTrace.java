package dev.netkube.cli.trace;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.cli.UserError;
import dev.netkube.cli.trace.ClusterFacts.EndpointName;
import dev.netkube.model.Json;
import dev.netkube.proxy.iptables.IptablesCommand;
import dev.netkube.proxy.nft.NftCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The I/O of a trace: the node's live ruleset ({@code nft -j list table ip kube-proxy} in its netns, or its
 * {@code iptables-save} when kube-proxy runs in iptables mode there) and its local
 * addresses ({@code ip -j addr}, what {@code fib daddr type local} sees), then {@link Reporter}.
 */
public final class NodeTrace {
  private NodeTrace() {}

  public static TraceReport run(TracePlan plan, Map<String, EndpointName> names) {
    Optional<String> nft = ruleset(plan.netns());
    if (nft.isEmpty()) {
      // no nftables table: the node's kube-proxy may run in iptables mode
      Optional<String> saved = iptablesRules(plan.netns());
      if (saved.isPresent()) {
        return IptablesReporter.report(plan, saved.get(), IptablesCommand.Backend.best().word(), localAddresses(plan.netns()), names);
      }
    }
    return Reporter.report(plan, nft, localAddresses(plan.netns()), names);
  }

  /** The node's nat and filter tables when kube-proxy's iptables chains are there. */
  static Optional<String> iptablesRules(String netns) {
    IptablesCommand iptables = IptablesCommand.inNetns(netns);
    if (!(iptables.save("nat") instanceof IptablesCommand.Result.Ok nat) || !nat.output().contains(":KUBE-SERVICES ")) {
      return Optional.empty();
    }
    if (!(iptables.save("filter") instanceof IptablesCommand.Result.Ok filter)) return Optional.empty();
    return Optional.of(nat.output() + filter.output());
  }

  static Optional<String> ruleset(String netns) {
    NftCommand.Result r = NftCommand.inNetns(netns).listTableJson("ip", "kube-proxy");
    if (r instanceof NftCommand.Result.Ok ok) return Optional.of(ok.output());
    NftCommand.Result.Failed f = (NftCommand.Result.Failed) r;
    // nft 1.0: "Error: No such file or directory" (and the command echoed) when the table is not there
    if (f.exitCode() == 1 && f.error().startsWith("Error: No such file or directory")) return Optional.empty();
    throw new UserError("cannot read the rules in netns " + netns + ": " + f.error(),
        "netkube trace reads nftables in the nodes' namespaces: run it as root (sudo), with the cluster up (./netkube status)");
  }

  static Set<String> localAddresses(String netns) {
    try {
      Process p = new ProcessBuilder("/usr/sbin/ip", "-j", "-n", netns, "addr", "show").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (p.waitFor() != 0) throw new UserError("cannot list the addresses of netns " + netns + ": " + out.strip(), "./netkube status");
      Set<String> addrs = new HashSet<>();
      for (JsonNode link : Json.parse(out)) {
        for (JsonNode a : link.path("addr_info")) {
          if ("inet".equals(a.path("family").asText())) addrs.add(a.path("local").asText());
        }
      }
      return Set.copyOf(addrs);
    } catch (IOException e) {
      throw new UserError("cannot run ip: " + e.getMessage(), "install iproute2");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new UserError("interrupted", "");
    }
  }
}
