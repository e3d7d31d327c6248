package dev.netkube.agent.runtime.podfiles;

import java.util.List;

/** A pod's /etc/hosts as kubelet writes it (managedHostsFileContent, nodeHostsFileContent): pure. */
public final class HostsFile {
  private HostsFile() {}

  public record HostAlias(String ip, List<String> hostnames) {
    public HostAlias { hostnames = List.copyOf(hostnames); }
  }

  /**
   * For a pod on the pod network: the header, the localhost lines, each pod IP with the pod's FQDN (when it has a
   * subdomain) and hostname, then the host aliases.
   *
   * @param hostDomain {@code <subdomain>.<ns>.svc.<cluster domain>}, or empty
   */
  public static String managed(List<String> podIps, String hostname, String hostDomain, List<HostAlias> aliases) {
    StringBuilder s = new StringBuilder("# Kubernetes-managed hosts file.\n");
    s.append("127.0.0.1\tlocalhost\n");
    s.append("::1\tlocalhost ip6-localhost ip6-loopback\n");
    s.append("fe00::0\tip6-localnet\n");
    s.append("fe00::0\tip6-mcastprefix\n");
    s.append("fe00::1\tip6-allnodes\n");
    s.append("fe00::2\tip6-allrouters\n");
    for (String ip : podIps) {
      if (hostDomain.isEmpty()) s.append(ip).append('\t').append(hostname).append('\n');
      else s.append(ip).append('\t').append(hostname).append('.').append(hostDomain).append('\t').append(hostname).append('\n');
    }
    s.append(aliases(aliases));
    return s.toString();
  }

  /** For a pod on the host network: the node's own hosts file under its own header, then the host aliases. */
  public static String hostNetwork(String nodeHosts, List<HostAlias> aliases) {
    return "# Kubernetes-managed hosts file (host network).\n" + nodeHosts + aliases(aliases);
  }

  private static String aliases(List<HostAlias> aliases) {
    if (aliases.isEmpty()) return "";
    StringBuilder s = new StringBuilder("\n# Entries added by HostAliases.\n");
    for (HostAlias a : aliases) s.append(a.ip()).append('\t').append(String.join("\t", a.hostnames())).append('\n');
    return s.toString();
  }
}
