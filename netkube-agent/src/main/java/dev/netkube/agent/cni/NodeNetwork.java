package dev.netkube.agent.cni;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import java.nio.file.Path;

/**
 * A node's pod network as kubenet configured it (bridge + host-local over the node's
 * spec.podCIDR, then portmap for hostPorts), turned into the CNI network configuration list the
 * runtime writes to its conf dir. Pure: no I/O.
 *
 * <p>ipMasq is off by default: netkube's proxy masquerades, and the node has no route off the
 * machine anyway. isGateway puts the pod CIDR's first address on the bridge (and makes the plugin
 * turn on ip_forward in the node's netns); pods get a default route via it. hairpinMode lets a pod
 * reach itself through its service or hostPort.
 */
public record NodeNetwork(
    String name,
    String cniVersion,
    String podCidr,
    String bridge,
    int mtu,
    boolean hairpinMode,
    boolean isGateway,
    boolean ipMasq,
    Path ipamDataDir) {

  public static final String DEFAULT_NAME = "netkube";
  public static final String DEFAULT_BRIDGE = "cni0";
  public static final int DEFAULT_MTU = 1500;
  /** The newest spec version netkube speaks; Debian's plugins 1.1.1 support it. */
  public static final String CNI_VERSION = "1.0.0";
  /** containerd's (go-cni's) name for the loopback network it sets up in every sandbox. */
  public static final String LOOPBACK_NAME = "cni-loopback";

  public NodeNetwork {
    CniNames.networkName(name);
    CniNames.interfaceName(bridge);
    if (!CniVersions.SPOKEN.contains(cniVersion)) {
      throw new IllegalArgumentException("unsupported CNI version " + cniVersion + ", netkube speaks " + CniVersions.SPOKEN);
    }
    Ipv4Cidr cidr = Ipv4Cidr.parse(podCidr);
    if (cidr.prefix() > 30) {
      throw new IllegalArgumentException("pod CIDR " + podCidr + " has no room for a gateway and a pod (at most /30)");
    }
    podCidr = cidr.toString();
    if (mtu < 68 || mtu > 65535) throw new IllegalArgumentException("invalid MTU " + mtu + " (68-65535)");
    if (!ipamDataDir.isAbsolute()) throw new IllegalArgumentException("host-local dataDir must be absolute: " + ipamDataDir);
  }

  /** netkube's defaults for a node whose spec.podCIDR is {@code podCidr}, state under {@code stateDir}. */
  public static NodeNetwork of(String podCidr, Path stateDir) {
    return new NodeNetwork(DEFAULT_NAME, CNI_VERSION, podCidr, DEFAULT_BRIDGE, DEFAULT_MTU, true, true, false,
        stateDir.toAbsolutePath().resolve("ipam"));
  }

  public NodeNetwork withName(String n) {
    return new NodeNetwork(n, cniVersion, podCidr, bridge, mtu, hairpinMode, isGateway, ipMasq, ipamDataDir);
  }

  public NodeNetwork withCniVersion(String v) {
    return new NodeNetwork(name, v, podCidr, bridge, mtu, hairpinMode, isGateway, ipMasq, ipamDataDir);
  }

  public NodeNetwork withBridge(String b) {
    return new NodeNetwork(name, cniVersion, podCidr, b, mtu, hairpinMode, isGateway, ipMasq, ipamDataDir);
  }

  public NodeNetwork withMtu(int m) {
    return new NodeNetwork(name, cniVersion, podCidr, bridge, m, hairpinMode, isGateway, ipMasq, ipamDataDir);
  }

  /** The bridge's address and the pods' default gateway: the pod CIDR's first address. */
  public String gateway() { return Ipv4Cidr.parse(podCidr).address(1); }

  /** host-local keeps one file per allocated IP in this directory (it appends the network name). */
  public Path ipamNetworkDir() { return ipamDataDir.resolve(name); }

  /** The conflist: bridge (host-local IPAM, default route via the gateway), then portmap. */
  public ObjectNode conflist() {
    ObjectNode list = Json.object();
    list.put("cniVersion", cniVersion);
    list.put("name", name);
    ArrayNode plugins = list.putArray("plugins");

    ObjectNode bridgePlugin = plugins.addObject();
    bridgePlugin.put("type", "bridge");
    bridgePlugin.put("bridge", bridge);
    bridgePlugin.put("isGateway", isGateway);
    bridgePlugin.put("ipMasq", ipMasq);
    bridgePlugin.put("hairpinMode", hairpinMode);
    bridgePlugin.put("mtu", mtu);
    ObjectNode ipam = bridgePlugin.putObject("ipam");
    ipam.put("type", "host-local");
    ObjectNode range = ipam.putArray("ranges").addArray().addObject();
    range.put("subnet", podCidr);
    range.put("gateway", gateway());
    ObjectNode defaultRoute = ipam.putArray("routes").addObject();
    defaultRoute.put("dst", "0.0.0.0/0");
    defaultRoute.put("gw", gateway());
    ipam.put("dataDir", ipamDataDir.toString());

    ObjectNode portmap = plugins.addObject();
    portmap.put("type", "portmap");
    portmap.putObject("capabilities").put("portMappings", true);
    portmap.put("snat", true);
    return list;
  }

  /** The loopback network every sandbox gets on "lo", as containerd adds it (a list of one plugin). */
  public ObjectNode loopbackConflist() {
    ObjectNode list = Json.object();
    list.put("cniVersion", cniVersion);
    list.put("name", LOOPBACK_NAME);
    list.putArray("plugins").addObject().put("type", "loopback");
    return list;
  }
}
