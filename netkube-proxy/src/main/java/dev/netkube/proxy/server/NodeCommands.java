package dev.netkube.proxy.server;

import dev.netkube.proxy.conntrack.ConntrackCommand;
import dev.netkube.proxy.iptables.IptablesCommand;
import dev.netkube.proxy.nft.NftCommand;

/** The kernel programs a proxier drives, all in one network namespace: the node's. */
public record NodeCommands(NftCommand nft, IptablesCommand iptables, ConntrackCommand conntrack) {
  /** In this process's namespace (the proxy runs with hostNetwork: the node's). */
  public static NodeCommands system() {
    return new NodeCommands(NftCommand.system(), IptablesCommand.system(), ConntrackCommand.system());
  }

  /** In the named namespace (tests, and tools on the host reading a node). */
  public static NodeCommands inNetns(String netns) {
    return new NodeCommands(NftCommand.inNetns(netns), IptablesCommand.inNetns(netns), ConntrackCommand.inNetns(netns));
  }
}
