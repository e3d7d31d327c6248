package dev.netkube.proxy.server;

import dev.netkube.proxy.config.ProxyMode;
import dev.netkube.proxy.iptables.IptablesCommand;
import dev.netkube.proxy.nft.NftCommand;
import dev.netkube.proxy.rules.iptables.IptablesChainNames;
import dev.netkube.proxy.rules.iptables.IptablesCleanup;
import dev.netkube.proxy.rules.iptables.IptablesJumps;
import dev.netkube.proxy.rules.nftables.NftablesGenerator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream's CleanupLeftovers at start: the rules a proxy of another mode left on this node are removed, or a
 * cluster IP would still be DNATed by rules nobody updates (switching nftables → iptables, say). Best effort: a
 * program not installed means that mode never ran here.
 */
final class Leftovers {
  private static final Logger LOG = LoggerFactory.getLogger(Leftovers.class);
  /** The userspace mode's chains (upstream's names). */
  static final List<String> USERSPACE_CHAINS = List.of("KUBE-PORTALS-CONTAINER", "KUBE-PORTALS-HOST",
      "KUBE-NODEPORT-CONTAINER", "KUBE-NODEPORT-HOST", "KUBE-NODEPORT-NON-LOCAL");

  private Leftovers() {}

  static void removeAllBut(ProxyMode mode, NodeCommands commands) {
    if (mode != ProxyMode.NFTABLES) removeNftables(commands.nft());
    if (mode != ProxyMode.IPTABLES) removeIptables(commands.iptables(), Leftovers::isIptablesModeChain);
    if (mode != ProxyMode.USERSPACE) removeIptables(commands.iptables(), USERSPACE_CHAINS::contains);
  }

  static boolean isIptablesModeChain(String chain) {
    return IptablesJumps.FIXED_CHAINS.contains(chain) || IptablesChainNames.isServiceChain(chain);
  }

  private static void removeNftables(NftCommand nft) {
    if (nft.listTable("ip", NftablesGenerator.TABLE) instanceof NftCommand.Result.Ok) {
      if (nft.apply("delete table ip " + NftablesGenerator.TABLE + "\n") instanceof NftCommand.Result.Failed f) {
        LOG.warn("could not delete the nftables mode's table ip {}: {}", NftablesGenerator.TABLE, f.error());
      } else {
        LOG.info("deleted the nftables mode's leftover table ip {}", NftablesGenerator.TABLE);
      }
    }
  }

  private static void removeIptables(IptablesCommand iptables, Predicate<String> ours) {
    for (String table : List.of("nat", "filter")) {
      if (!(iptables.save(table) instanceof IptablesCommand.Result.Ok saved)) continue;
      Optional<String> restore = IptablesCleanup.restoreFor(table, saved.output(), ours);
      if (restore.isEmpty()) continue;
      if (iptables.restore(restore.get()) instanceof IptablesCommand.Result.Failed f) {
        LOG.warn("could not remove leftover kube-proxy chains from the {} table: {}", table, f.error());
      } else {
        LOG.info("removed leftover kube-proxy chains of another mode from the {} table", table);
      }
    }
  }
}
