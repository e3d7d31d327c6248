package dev.netkube.agent.runtime.podfiles;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A pod's /etc/resolv.conf as kubelet composes it (pkg/kubelet/network/dns) and the runtime writes it (pure).
 *
 * <ul>
 *   <li>ClusterFirst (not on the host network) and ClusterFirstWithHostNet: the cluster DNS servers only; search
 *       {@code <ns>.svc.<domain> svc.<domain> <domain>} and then the node's search domains; {@code options ndots:5}.</li>
 *   <li>Default, and ClusterFirst on the host network: the node's resolv.conf as it is.</li>
 *   <li>None: nothing but the pod's dnsConfig.</li>
 * </ul>
 *
 * Then dnsConfig's nameservers and searches are appended (duplicates dropped) and its options merged over the
 * existing ones by name. Limits as kubelet's: 3 nameservers, 32 search domains of at most 253 characters and 2048
 * characters in all; what is cut is reported as kubelet's DNSConfigForming event messages.
 */
public final class PodDns {
  private PodDns() {}

  public static final int MAX_NAMESERVERS = 3;
  public static final int MAX_SEARCHES = 32;
  public static final int MAX_SEARCH_CHARS = 2048;
  public static final int MAX_SEARCH_LENGTH = 253;

  /** How the node's kubelet is configured: --cluster-dns, --cluster-domain and the --resolv-conf it read. */
  public record NodeDns(List<String> clusterDns, String clusterDomain, Optional<HostResolvConf> hostResolvConf, List<String> nodeIps) {
    public NodeDns {
      clusterDns = List.copyOf(clusterDns);
      nodeIps = List.copyOf(nodeIps);
    }

    /** netkube's cluster: DNS at 10.96.0.10, domain cluster.local, the node's resolv.conf as read. */
    public static NodeDns netkube(HostResolvConf host) {
      return new NodeDns(List.of("10.96.0.10"), "cluster.local", Optional.of(host), List.of());
    }
  }

  public record DnsOption(String name, Optional<String> value) {
    public static DnsOption of(String name) { return new DnsOption(name, Optional.empty()); }

    public static DnsOption of(String name, String value) { return new DnsOption(name, Optional.of(value)); }
  }

  /** {@code pod.spec.dnsConfig}. */
  public record PodDnsConfig(List<String> nameservers, List<String> searches, List<DnsOption> options) {
    public PodDnsConfig {
      nameservers = List.copyOf(nameservers);
      searches = List.copyOf(searches);
      options = List.copyOf(options);
    }
  }

  /** What the pod's resolver gets, and the warnings kubelet would record as events on the pod. */
  public record DnsConfig(List<String> servers, List<String> searches, List<String> options, List<String> warnings) {
    public DnsConfig {
      servers = List.copyOf(servers);
      searches = List.copyOf(searches);
      options = List.copyOf(options);
      warnings = List.copyOf(warnings);
    }
  }

  /**
   * @param dnsPolicy {@code pod.spec.dnsPolicy}: ClusterFirst (the default when empty), ClusterFirstWithHostNet,
   *     Default or None
   */
  public static DnsConfig compose(NodeDns node, String namespace, String dnsPolicy, boolean hostNetwork, Optional<PodDnsConfig> podConfig) {
    HostResolvConf host = node.hostResolvConf().orElse(HostResolvConf.EMPTY);
    List<String> servers = new ArrayList<>(host.nameservers());
    List<String> searches = new ArrayList<>(host.searches());
    List<String> options = new ArrayList<>(host.options());
    List<String> warnings = new ArrayList<>();
    String policy = dnsPolicy == null || dnsPolicy.isEmpty() ? "ClusterFirst" : dnsPolicy;
    boolean cluster = policy.equals("ClusterFirstWithHostNet") || (policy.equals("ClusterFirst") && !hostNetwork);
    boolean hostDefault = !cluster && !policy.equals("None");
    if (policy.equals("None")) {
      servers.clear();
      searches.clear();
      options.clear();
    } else if (cluster) {
      if (!node.clusterDns().isEmpty()) {
        servers = new ArrayList<>(node.clusterDns());
        searches = clusterSearches(node.clusterDomain(), namespace, host.searches());
        options = new ArrayList<>(List.of("ndots:5"));
      } else {
        warnings.add("pod: kubelet does not have ClusterDNS IP configured and cannot create Pod using \"ClusterFirst\" policy. "
            + "Falling back to \"Default\" policy.");
        hostDefault = true;
      }
    }
    if (hostDefault && node.hostResolvConf().isEmpty()) {
      // kubelet --resolv-conf="": localhost, and no search (a search line of ".").
      servers.clear();
      for (String ip : node.nodeIps()) servers.add(ip.contains(":") ? "::1" : "127.0.0.1");
      if (servers.isEmpty()) servers.add("127.0.0.1");
      searches = new ArrayList<>(List.of("."));
    }
    if (podConfig.isPresent()) {
      servers = distinct(servers, podConfig.get().nameservers());
      searches = distinct(searches, podConfig.get().searches());
      options = mergeOptions(options, podConfig.get().options());
    }
    return new DnsConfig(fitServers(servers, warnings), fitSearches(searches, warnings), options, warnings);
  }

  static List<String> clusterSearches(String domain, String namespace, List<String> hostSearches) {
    if (domain.isEmpty()) return new ArrayList<>(hostSearches);
    List<String> cluster = new ArrayList<>(List.of(namespace + ".svc." + domain, "svc." + domain, domain));
    return distinct(cluster, hostSearches);
  }

  private static List<String> distinct(List<String> first, List<String> more) {
    LinkedHashSet<String> s = new LinkedHashSet<>(first);
    s.addAll(more);
    return new ArrayList<>(s);
  }

  /**
   * Options by name, dnsConfig's over the existing ones. kubelet rebuilds the list from a Go map, whose order is
   * unspecified; here they come sorted by name (which is what the seed's dns-test shows: name01:value01 name02 ndots:5).
   */
  static List<String> mergeOptions(List<String> existing, List<DnsOption> overrides) {
    TreeMap<String, String> byName = new TreeMap<>();
    for (String op : existing) {
      int colon = op.indexOf(':');
      if (colon >= 0) byName.put(op.substring(0, colon), op.substring(colon + 1));
      else byName.put(op, "");
    }
    for (DnsOption op : overrides) byName.put(op.name(), op.value().orElse(""));
    List<String> out = new ArrayList<>();
    byName.forEach((k, v) -> out.add(v.isEmpty() ? k : k + ":" + v));
    return out;
  }

  private static List<String> fitServers(List<String> servers, List<String> warnings) {
    if (servers.size() <= MAX_NAMESERVERS) return servers;
    List<String> kept = servers.subList(0, MAX_NAMESERVERS);
    warnings.add("Nameserver limits were exceeded, some nameservers have been omitted, the applied nameserver line is: " + String.join(" ", kept));
    return new ArrayList<>(kept);
  }

  private static List<String> fitSearches(List<String> searches, List<String> warnings) {
    boolean exceeded = false;
    List<String> kept = new ArrayList<>(searches);
    if (kept.size() > MAX_SEARCHES) {
      kept = new ArrayList<>(kept.subList(0, MAX_SEARCHES));
      exceeded = true;
    }
    int before = kept.size();
    kept.removeIf(s -> s.length() > MAX_SEARCH_LENGTH);
    exceeded |= kept.size() != before;
    int length = String.join(" ", kept).length();
    if (length > MAX_SEARCH_CHARS) {
      int cut = 0;
      int cutLength = 0;
      for (int i = kept.size() - 1; i >= 0; i--) {
        cutLength += kept.get(i).length() + 1;
        cut++;
        if (length - cutLength <= MAX_SEARCH_CHARS) break;
      }
      kept = new ArrayList<>(kept.subList(0, kept.size() - cut));
      exceeded = true;
    }
    if (exceeded) {
      warnings.add("Search Line limits were exceeded, some search paths have been omitted, the applied search line is: " + String.join(" ", kept));
    }
    return kept;
  }

  /**
   * The file: nameserver lines, then search, then options (the order the seed's {@code cat /etc/resolv.conf}
   * shows); lines with nothing to say are left out.
   */
  public static String render(DnsConfig dns) {
    StringBuilder s = new StringBuilder();
    for (String server : dns.servers()) s.append("nameserver ").append(server).append('\n');
    if (!dns.searches().isEmpty()) s.append("search ").append(String.join(" ", dns.searches())).append('\n');
    if (!dns.options().isEmpty()) s.append("options ").append(String.join(" ", dns.options())).append('\n');
    return s.toString();
  }
}
