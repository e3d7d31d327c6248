package dev.netkube.agent;

import dev.netkube.agent.runtime.Mount;
import dev.netkube.agent.runtime.podfiles.HostResolvConf;
import dev.netkube.agent.runtime.podfiles.HostsFile;
import dev.netkube.agent.runtime.podfiles.PodDns;
import dev.netkube.agent.runtime.podfiles.PodHostname;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodDNSConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The files kubelet writes for each pod and bind-mounts into every container: /etc/resolv.conf
 * (per dnsPolicy and dnsConfig), /etc/hosts ("Kubernetes-managed hosts file.") and /etc/hostname,
 * under {@code <root>/pods/<uid>/}, as kubelet keeps them under /var/lib/kubelet/pods/<uid>/.
 */
final class PodFilesWriter {
  /** A pod's files and its hostname. */
  record PodFiles(String hostname, List<Mount> mounts) {}

  private final Path podsDir;
  private final PodDns.NodeDns nodeDns;
  private final String nodeHosts;
  private final String nodeName;

  PodFilesWriter(Path podsDir, PodDns.NodeDns nodeDns, String nodeHosts, String nodeName) {
    this.podsDir = podsDir;
    this.nodeDns = nodeDns;
    this.nodeHosts = nodeHosts;
    this.nodeName = nodeName;
  }

  static PodFilesWriter forNode(Path root, String nodeName, String nodeIp) {
    HostResolvConf host = HostResolvConf.EMPTY;
    try {
      host = HostResolvConf.parse(Files.readString(Path.of("/etc/resolv.conf")));
    } catch (IOException e) {
      // no resolv.conf on the node: pods of dnsPolicy Default get none either
    }
    PodDns.NodeDns dns = new PodDns.NodeDns(List.of("10.96.0.10"), "cluster.local", Optional.of(host), List.of(nodeIp));
    String hosts;
    try {
      hosts = Files.readString(Path.of("/etc/hosts"));
    } catch (IOException e) {
      hosts = "127.0.0.1\tlocalhost\n";
    }
    return new PodFilesWriter(root.resolve("pods"), dns, hosts, nodeName);
  }

  PodFiles write(Pod pod, List<String> podIps) throws IOException {
    var spec = pod.getSpec();
    boolean hostNetwork = Boolean.TRUE.equals(spec.getHostNetwork());
    Path dir = podsDir.resolve(pod.getMetadata().getUid());
    Files.createDirectories(dir);
    PodDns.DnsConfig dns = PodDns.compose(nodeDns, pod.getMetadata().getNamespace(), spec.getDnsPolicy(), hostNetwork,
        Optional.ofNullable(spec.getDnsConfig()).map(PodFilesWriter::dnsConfig));
    Files.writeString(dir.resolve("resolv.conf"), PodDns.render(dns));
    String hostname;
    String hostDomain = "";
    if (hostNetwork) {
      hostname = nodeName; // every node shares the machine's kernel; the node's name is its host name
    } else {
      PodHostname.Result r = PodHostname.of(pod.getMetadata().getName(), pod.getMetadata().getNamespace(),
          nullToEmpty(spec.getHostname()), nullToEmpty(spec.getSubdomain()), nodeDns.clusterDomain());
      if (r instanceof PodHostname.Named named) {
        hostname = named.hostname();
        hostDomain = named.domain();
      } else {
        throw new IOException(((PodHostname.Invalid) r).message());
      }
    }
    List<HostsFile.HostAlias> aliases = new ArrayList<>();
    for (var a : spec.getHostAliases()) aliases.add(new HostsFile.HostAlias(a.getIp(), a.getHostnames()));
    Files.writeString(dir.resolve("hosts"), hostNetwork ? HostsFile.hostNetwork(nodeHosts, aliases)
        : HostsFile.managed(podIps, hostname, hostDomain, aliases));
    Files.writeString(dir.resolve("hostname"), hostname + "\n");
    List<Mount> mounts = List.of(Mount.readOnly(dir.resolve("resolv.conf"), "/etc/resolv.conf"),
        Mount.readWrite(dir.resolve("hosts"), "/etc/hosts"), Mount.readWrite(dir.resolve("hostname"), "/etc/hostname"));
    return new PodFiles(hostname, mounts);
  }

  Path podDir(String uid) { return podsDir.resolve(uid); }

  void remove(String uid) { deleteTree(podsDir.resolve(uid)); }

  /** Removes a folder and what is in it; a failure leaves it for `down --purge`. */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) return;
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    } catch (IOException e) {
      // a pod's files left behind are removed with the node's folder by `down --purge`
    }
  }

  private static PodDns.PodDnsConfig dnsConfig(PodDNSConfig c) {
    List<PodDns.DnsOption> options = new ArrayList<>();
    for (var o : c.getOptions()) {
      options.add(o.getValue() == null ? PodDns.DnsOption.of(o.getName()) : PodDns.DnsOption.of(o.getName(), o.getValue()));
    }
    return new PodDns.PodDnsConfig(c.getNameservers(), c.getSearches(), options);
  }

  private static String nullToEmpty(String s) { return s == null ? "" : s; }
}
