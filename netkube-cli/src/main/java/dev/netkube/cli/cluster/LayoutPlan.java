package dev.netkube.cli.cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * The cluster's network layout as it should be in the kernel (see {@link LayoutPlanner}):
 *
 * <pre>
 *  host netns:  &lt;p&gt;-lan (veth) 192.168.10.1/24 ─┐
 *  &lt;p&gt;-lan netns:  bridge br0 ── host ─┘, node-1, node-2, ..., client
 *  &lt;p&gt;-node-i netns: eth0 192.168.10.(1+i)/24  (peer of node-i on br0), lo
 *  &lt;p&gt;-client netns: eth0 = the LAN's last address (peer of client on br0), lo
 * </pre>
 *
 * Links inside netkube's own namespaces have short fixed names (they cannot collide with
 * anything); the one link in the host's namespace carries the prefix.
 *
 * @param lanNetns the LAN's namespace, holding the bridge
 * @param bridge the LAN bridge in {@code lanNetns}
 * @param host the host's veth into the LAN
 * @param nodes node-1 .. node-N
 * @param client the lan client's namespace ({@code ./netkube lan -- CMD})
 */
public record LayoutPlan(LayoutSpec spec, String lanNetns, String bridge, HostPort host, List<Member> nodes, Member client) {
  public LayoutPlan {
    nodes = List.copyOf(nodes);
  }

  /**
   * The host's end of its veth into the LAN, and the end's peer on the bridge.
   *
   * @param link the link in the host's namespace, e.g. {@code nk-lan}
   * @param bridgePort its peer in the LAN's namespace
   * @param address the host's LAN address, e.g. 192.168.10.1
   */
  public record HostPort(String link, String bridgePort, String address, int prefixLength) {
    /** As ip writes it: {@code 192.168.10.1/24}. */
    public String addressWithPrefix() { return address + "/" + prefixLength; }
  }

  /**
   * A namespace on the LAN (a node or the lan client): its link {@code eth0}, the link's peer
   * on the bridge, and its LAN address.
   *
   * @param name the node's name (node-1), or "client"
   * @param index 1 for node-1; 0 for the client
   */
  public record Member(String name, int index, String netns, String link, String bridgePort, String address, int prefixLength) {
    public String addressWithPrefix() { return address + "/" + prefixLength; }
  }

  /** Every namespace of the layout: the LAN's, the nodes', the client's. */
  public List<String> netnsNames() {
    List<String> names = new ArrayList<>();
    names.add(lanNetns);
    for (Member n : nodes) names.add(n.netns());
    names.add(client.netns());
    return names;
  }

  /** The namespaces that hang off the bridge: nodes, then the client. */
  public List<Member> members() {
    List<Member> all = new ArrayList<>(nodes);
    all.add(client);
    return all;
  }

  /** The URL the node agents reach the API server at (the host's LAN address). */
  public String serverUrl(int port) { return "https://" + host.address() + ":" + port; }

  /** The prefix every namespace and host link of this layout starts with, dash included. */
  public String namePrefix() { return spec.prefix() + "-"; }
}
