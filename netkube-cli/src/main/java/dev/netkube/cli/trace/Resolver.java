package dev.netkube.cli.trace;

import dev.netkube.cli.trace.ClusterFacts.NodeInfo;
import dev.netkube.cli.trace.ClusterFacts.PodInfo;
import dev.netkube.cli.trace.ClusterFacts.PortInfo;
import dev.netkube.cli.trace.ClusterFacts.ServiceInfo;
import dev.netkube.proxy.model.Ipv4;
import dev.netkube.proxy.model.Protocol;
import dev.netkube.proxy.trace.Packet;
import java.util.List;
import java.util.Optional;

/**
 * Turns --from/--to into a packet and the node whose kube-proxy rules it meets, by the API's objects and the layout.
 * Pure: {@link ClusterFacts} and {@link Network} are values here. A name the API does not have is refused in
 * kubectl's words.
 */
public final class Resolver {
  private final ClusterFacts cluster;
  private final Network network;

  public Resolver(ClusterFacts cluster, Network network) {
    this.cluster = cluster;
    this.network = network;
  }

  /** Ends early with the reason; {@link #resolve} turns it into {@link Resolution.Refused}. */
  private static final class Refusal extends RuntimeException {
    final String hint;

    Refusal(String message, String hint) {
      super(message, null, false, false);
      this.hint = hint;
    }
  }

  private record Dest(String ip, int port, Protocol protocol, String words, Optional<ServiceInfo> service) {}

  private record Source(String ip, Optional<String> node, String words) {}

  public Resolution resolve(TraceRequest request) {
    try {
      Dest dest = dest(request);
      Source source = source(request, dest);
      String node = source.node().orElseThrow();
      String netns = network.netns(node).orElseThrow(() -> new Refusal("node " + node
          + " has no network namespace in this machine's cluster layout, so its rules cannot be read here",
          "./netkube status lists the nodes and their namespaces"));
      return new Resolution.Resolved(new TracePlan(new Packet(source.ip(), dest.protocol(), dest.ip(), dest.port()),
          node, netns, source.words(), dest.words()));
    } catch (Refusal r) {
      return new Resolution.Refused(r.getMessage(), r.hint);
    }
  }

  private Dest dest(TraceRequest request) {
    Protocol protocol = request.protocol().orElse(Protocol.TCP);
    if (request.to() instanceof DestSpec.AddressPort a) {
      return new Dest(a.ip(), a.port(), protocol, a.ip() + ":" + a.port(), Optional.empty());
    }
    if (request.to() instanceof DestSpec.NodePort n) {
      NodeInfo node = node(n.node());
      return new Dest(node.ip(), n.port(), protocol, "node " + node.name() + " (" + node.ip() + ") port " + n.port(), Optional.empty());
    }
    return service(request, (DestSpec.Service) request.to());
  }

  private Dest service(TraceRequest request, DestSpec.Service s) {
    String ns = request.namespace();
    ServiceInfo svc = cluster.service(ns, s.name()).orElseThrow(() -> new Refusal(
        "Error from server (NotFound): services \"" + s.name() + "\" not found", "kubectl get services -n " + ns));
    String id = ns + "/" + svc.name();
    String ip = svc.clusterIp().orElseThrow(() -> new Refusal("service " + id + " has no cluster IP ("
        + (svc.type().equals("ExternalName") ? "type ExternalName: DNS answers with a CNAME" : "headless: DNS answers with its pods' IPs")
        + "), so kube-proxy has no rules for it", "trace a pod's address instead: --to POD_IP:PORT (kubectl get endpointslices -n " + ns + ")"));
    List<PortInfo> ports = svc.ports().stream()
        .filter(p -> request.protocol().map(pr -> pr == p.protocol()).orElse(true)).toList();
    String all = String.join(", ", svc.ports().stream().map(PortInfo::words).toList());
    if (svc.ports().isEmpty()) throw new Refusal("service " + id + " has no ports", "kubectl get service -n " + ns + " " + svc.name() + " -o yaml");
    if (ports.isEmpty()) {
      throw new Refusal("service " + id + " has no " + request.protocol().get() + " port (ports: " + all + ")",
          "--protocol " + svc.ports().get(0).protocol().nft() + ", or leave it out");
    }
    PortInfo port;
    if (s.port().isEmpty()) {
      if (ports.size() != 1) {
        throw new Refusal("service " + id + " has several ports (" + all + "): which one?",
            "--to svc/" + svc.name() + ":" + svc.ports().get(0).name().orElse(String.valueOf(svc.ports().get(0).port())));
      }
      port = ports.get(0);
    } else {
      String want = s.port().get();
      Optional<PortInfo> found = ports.stream()
          .filter(p -> p.name().map(want::equals).orElse(false) || String.valueOf(p.port()).equals(want)).findFirst();
      if (found.isEmpty()) {
        if (!want.matches("[0-9]{1,5}") || Integer.parseInt(want) < 1 || Integer.parseInt(want) > 65535) {
          throw new Refusal("service " + id + " has no port " + (want.matches("[0-9]+") ? want : "named " + want) + " (ports: " + all + ")",
              "--to svc/" + svc.name() + ":PORT");
        }
        // A port number the service lacks is still a packet worth tracing: it shows the reject users meet.
        int n = Integer.parseInt(want);
        return new Dest(ip, n, request.protocol().orElse(Protocol.TCP),
            "service " + id + ", cluster IP " + ip + ", port " + n + ", which it does not have (ports: " + all + ")", Optional.of(svc));
      }
      port = found.get();
    }
    return new Dest(ip, port.port(), port.protocol(), "service " + id + " port " + port.words() + ", cluster IP " + ip,
        Optional.of(svc));
  }

  private Source source(TraceRequest request, Dest dest) {
    SourceSpec from = request.from();
    if (from instanceof SourceSpec.Pod p) {
      String ns = request.namespace();
      PodInfo pod = cluster.pod(ns, p.name()).orElseThrow(() -> new Refusal(
          "Error from server (NotFound): pods \"" + p.name() + "\" not found", "kubectl get pods -n " + ns));
      String id = ns + "/" + pod.name();
      String node = pod.node().orElseThrow(() -> new Refusal("pod " + id + " is not scheduled to a node yet (phase "
          + pod.phase() + ")", "kubectl describe pod -n " + ns + " " + pod.name()));
      String ip = pod.ip().orElseThrow(() -> new Refusal("pod " + id + " has no IP yet (phase " + pod.phase() + ")",
          "kubectl get pod -n " + ns + " " + pod.name() + " -o wide"));
      return new Source(ip, Optional.of(request.node().orElse(node)), "pod " + id + " (" + ip + " on " + node + ")");
    }
    if (from instanceof SourceSpec.Node n) {
      NodeInfo node = node(n.name());
      return new Source(node.ip(), Optional.of(request.node().orElse(node.name())), "node " + node.name() + " itself (" + node.ip() + ")");
    }
    if (from instanceof SourceSpec.Lan) return fromLan(request, dest, network.clientIp(), "the lan client (" + network.clientIp() + ")");
    if (from instanceof SourceSpec.Host) return fromLan(request, dest, network.hostIp(), "the host (" + network.hostIp() + " on the LAN)");
    String ip = ((SourceSpec.Address) from).ip();
    String node = request.node().or(() -> ownerOf(ip)).orElseThrow(() -> new Refusal("which node's rules does " + ip
        + " meet? It is no node's address and in no node's pod CIDR", "add --node NAME (kubectl get nodes)"));
    return new Source(ip, Optional.of(node), ip);
  }

  /** From outside the nodes: the packet crosses the LAN to the node that has the destination address. */
  private Source fromLan(TraceRequest request, Dest dest, String ip, String words) {
    if (Ipv4.inCidr(dest.ip(), network.serviceCidr())) {
      String nodePort = dest.service().flatMap(s -> s.ports().stream().filter(p -> p.port() == dest.port())
          .flatMap(p -> p.nodePort().stream()).findFirst()).map(np -> "its node port: --to node-1:" + np)
          .orElse("a NodePort or LoadBalancer service (kubectl expose --type=NodePort)");
      throw new Refusal("a cluster IP (" + dest.ip() + ") is not reachable from " + words + ": the LAN has no route to the service CIDR "
          + network.serviceCidr() + ", only pods and nodes do", "trace it --from a pod or a node (--from node-1), or use " + nodePort);
    }
    String node = request.node().or(() -> cluster.nodes().stream().filter(n -> n.ip().equals(dest.ip())).map(NodeInfo::name).findFirst())
        .orElseThrow(() -> new Refusal(dest.ip() + " is no node's address, so which node receives the packet depends on who answers ARP"
            + " for it (for a LoadBalancer IP: the node that announces it)", "add --node NAME (kubectl get nodes)"));
    return new Source(ip, Optional.of(node), words);
  }

  /**
   * Where the packet goes next when the first node's rules left it alone and it is addressed to another node (a pod
   * on node-1 to node-2's node port): it crosses the LAN with its source unchanged (the CNI does not masquerade) and
   * meets node-2's rules in prerouting.
   */
  public Optional<TracePlan> nextHop(TraceReport report) {
    if (!(report.body() instanceof TraceReport.Traced t) || !(t.verdict() instanceof TraceReport.Untouched)) return Optional.empty();
    TracePlan plan = report.plan();
    return cluster.nodes().stream()
        .filter(n -> n.ip().equals(plan.packet().destinationIp()) && !n.name().equals(plan.node()))
        .findFirst()
        .flatMap(n -> network.netns(n.name()).map(ns -> new TracePlan(plan.packet(), n.name(), ns, plan.from(), plan.to())));
  }

  private Optional<String> ownerOf(String ip) {
    return cluster.nodes().stream()
        .filter(n -> n.ip().equals(ip) || n.podCidr().map(c -> Ipv4.inCidr(ip, c)).orElse(false))
        .map(NodeInfo::name).findFirst();
  }

  private NodeInfo node(String name) {
    return cluster.node(name).orElseThrow(() -> new Refusal("Error from server (NotFound): nodes \"" + name + "\" not found",
        "kubectl get nodes"));
  }
}
