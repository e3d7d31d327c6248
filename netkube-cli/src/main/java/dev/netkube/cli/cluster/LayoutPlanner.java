package dev.netkube.cli.cluster;

import java.util.ArrayList;
import java.util.List;

/** Turns a {@link LayoutSpec} into the namespaces, links and addresses of DESIGN.md's table. Pure. */
public final class LayoutPlanner {
  /** Linux's limit on interface names (IFNAMSIZ 16, with the terminating zero). */
  public static final int MAX_LINK_NAME = 15;
  static final String BRIDGE = "br0";
  static final String HOST_PORT = "host";
  static final String MEMBER_LINK = "eth0";
  static final String CLIENT = "client";

  private LayoutPlanner() {}

  public static LayoutPlan plan(LayoutSpec spec) {
    String p = spec.prefix() + "-";
    Cidr lan = spec.lan();
    LayoutPlan.HostPort host = new LayoutPlan.HostPort(link(p + "lan"), HOST_PORT, Cidr.format(lan.address(1)), lan.prefix());
    List<LayoutPlan.Member> nodes = new ArrayList<>();
    for (int i = 1; i <= spec.nodes(); i++) {
      String name = nodeName(i);
      nodes.add(new LayoutPlan.Member(name, i, p + name, MEMBER_LINK, link(name), Cidr.format(lan.address(1 + i)), lan.prefix()));
    }
    // the LAN's last address (before broadcast): outside the nodes' range at any node count
    LayoutPlan.Member client = new LayoutPlan.Member(CLIENT, 0, p + CLIENT, MEMBER_LINK, CLIENT,
        Cidr.format(lan.address(lan.size() - 2)), lan.prefix());
    return new LayoutPlan(spec, p + "lan", BRIDGE, host, nodes, client);
  }

  /** node-1, node-2, ... (DESIGN.md). */
  public static String nodeName(int index) { return "node-" + index; }

  private static String link(String name) {
    if (name.length() > MAX_LINK_NAME) throw new IllegalStateException("link name longer than 15 characters: " + name);
    return name;
  }
}
