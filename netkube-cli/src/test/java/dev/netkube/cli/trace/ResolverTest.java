package dev.netkube.cli.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.proxy.model.Protocol;
import dev.netkube.proxy.trace.Packet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ResolverTest {
  private final Resolver resolver = new Resolver(new FakeCluster(), FakeCluster.NETWORK);

  private Resolution resolve(String from, String to) {
    return resolve(from, to, Optional.empty(), Optional.empty());
  }

  private Resolution resolve(String from, String to, Optional<Protocol> protocol, Optional<String> node) {
    return resolver.resolve(new TraceRequest(SourceSpec.parse(from), DestSpec.parse(to), "default", protocol, node));
  }

  private TracePlan plan(String from, String to) {
    Resolution r = resolve(from, to);
    assertThat(r).isInstanceOf(Resolution.Resolved.class);
    return ((Resolution.Resolved) r).plan();
  }

  private Resolution.Refused refused(Resolution r) {
    assertThat(r).isInstanceOf(Resolution.Refused.class);
    return (Resolution.Refused) r;
  }

  @Test
  void aPodToAServiceMeetsItsOwnNodesRules() {
    TracePlan p = plan("pod/testnet", "svc/web");
    assertThat(p.packet()).isEqualTo(Packet.tcp("10.244.1.9", "10.96.0.10", 80));
    assertThat(p.node()).isEqualTo("node-1");
    assertThat(p.netns()).isEqualTo("nk-node-1");
    assertThat(p.from()).isEqualTo("pod default/testnet (10.244.1.9 on node-1)");
    assertThat(p.to()).isEqualTo("service default/web port http (80/TCP), cluster IP 10.96.0.10");
  }

  @Test
  void aServicePortByNameOrNumberAndItsProtocol() {
    assertThat(plan("node-2", "svc/two:dns").packet()).isEqualTo(new Packet("192.168.10.3", Protocol.UDP, "10.96.0.100", 53));
    assertThat(plan("node-2", "svc/two:80").packet()).isEqualTo(Packet.tcp("192.168.10.3", "10.96.0.100", 80));
    assertThat(plan("node-2", "svc/two:80").node()).isEqualTo("node-2");
    // --protocol narrows the choice to the one UDP port
    Resolution udp = resolve("node-2", "svc/two", Optional.of(Protocol.UDP), Optional.empty());
    assertThat(((Resolution.Resolved) udp).plan().packet().destinationPort()).isEqualTo(53);
  }

  @Test
  void severalPortsAskWhichOne() {
    Resolution.Refused r = refused(resolve("pod/testnet", "svc/two"));
    assertThat(r.message()).isEqualTo("service default/two has several ports (http (80/TCP), dns (53/UDP)): which one?");
    assertThat(r.hint()).isEqualTo("--to svc/two:http");
  }

  @Test
  void aProtocolTheServiceHasNoPortFor() {
    Resolution.Refused r = refused(resolve("pod/testnet", "svc/web", Optional.of(Protocol.UDP), Optional.empty()));
    assertThat(r.message()).isEqualTo("service default/web has no UDP port (ports: http (80/TCP))");
    assertThat(r.hint()).isEqualTo("--protocol tcp, or leave it out");
  }

  @Test
  void aPortNumberTheServiceLacksIsStillTraced() {
    TracePlan p = plan("pod/testnet", "svc/web:81");
    assertThat(p.packet()).isEqualTo(Packet.tcp("10.244.1.9", "10.96.0.10", 81));
    assertThat(p.to()).isEqualTo("service default/web, cluster IP 10.96.0.10, port 81, which it does not have (ports: http (80/TCP))");
    assertThat(refused(resolve("pod/testnet", "svc/web:https")).message())
        .isEqualTo("service default/web has no port named https (ports: http (80/TCP))");
    assertThat(refused(resolve("pod/testnet", "svc/web:70000")).message()).isEqualTo("service default/web has no port 70000 (ports: http (80/TCP))");
  }

  @Test
  void namesTheApiDoesNotHaveAreRefusedInKubectlsWords() {
    Resolution.Refused pod = refused(resolve("pod/x", "svc/web"));
    assertThat(pod.message()).isEqualTo("Error from server (NotFound): pods \"x\" not found");
    assertThat(pod.hint()).isEqualTo("kubectl get pods -n default");
    assertThat(refused(resolve("pod/testnet", "svc/nope")).message()).isEqualTo("Error from server (NotFound): services \"nope\" not found");
    assertThat(refused(resolve("node-7", "svc/web")).message()).isEqualTo("Error from server (NotFound): nodes \"node-7\" not found");
    assertThat(refused(resolve("lan", "node/worker:30080")).message()).isEqualTo("Error from server (NotFound): nodes \"worker\" not found");
  }

  @Test
  void aPodWithoutAnIpAndAHeadlessServiceAreRefused() {
    assertThat(refused(resolve("pod/pending", "svc/web")).message()).isEqualTo("pod default/pending has no IP yet (phase Pending)");
    Resolution.Refused headless = refused(resolve("pod/testnet", "svc/headless"));
    assertThat(headless.message()).contains("has no cluster IP (headless").contains("kube-proxy has no rules for it");
    assertThat(headless.hint()).contains("--to POD_IP:PORT");
  }

  @Test
  void theLanAndTheHostEnterTheNodeThatHasTheAddress() {
    TracePlan lan = plan("lan", "node-2:30080");
    assertThat(lan.packet()).isEqualTo(Packet.tcp("192.168.10.254", "192.168.10.3", 30080));
    assertThat(lan.node()).isEqualTo("node-2");
    assertThat(lan.to()).isEqualTo("node node-2 (192.168.10.3) port 30080");
    TracePlan host = plan("host", "192.168.10.2:30080");
    assertThat(host.packet().sourceIp()).isEqualTo("192.168.10.1");
    assertThat(host.node()).isEqualTo("node-1");
    Resolution.Refused lb = refused(resolve("lan", "192.168.10.240:80"));
    assertThat(lb.message()).startsWith("192.168.10.240 is no node's address");
    assertThat(lb.hint()).isEqualTo("add --node NAME (kubectl get nodes)");
    assertThat(((Resolution.Resolved) resolve("lan", "192.168.10.240:80", Optional.empty(), Optional.of("node-2"))).plan().node())
        .isEqualTo("node-2");
  }

  @Test
  void aClusterIpFromTheLanIsRefusedWithTheNodePortToUse() {
    Resolution.Refused r = refused(resolve("lan", "svc/np"));
    assertThat(r.message()).isEqualTo("a cluster IP (10.96.0.20) is not reachable from the lan client (192.168.10.254): the LAN has no"
        + " route to the service CIDR 10.96.0.0/12, only pods and nodes do");
    assertThat(r.hint()).isEqualTo("trace it --from a pod or a node (--from node-1), or use its node port: --to node-1:30080");
    assertThat(refused(resolve("host", "10.96.0.10:80")).hint()).endsWith("or use a NodePort or LoadBalancer service (kubectl expose --type=NodePort)");
  }

  @Test
  void aPlainSourceIpMeetsTheNodeOfItsPodCidrOrTheOneNamed() {
    assertThat(plan("10.244.2.77", "svc/web").node()).isEqualTo("node-2");
    assertThat(plan("192.168.10.2", "svc/web").node()).isEqualTo("node-1");
    Resolution.Refused r = refused(resolve("203.0.113.5", "svc/web"));
    assertThat(r.message()).isEqualTo("which node's rules does 203.0.113.5 meet? It is no node's address and in no node's pod CIDR");
    assertThat(((Resolution.Resolved) resolve("203.0.113.5", "svc/web", Optional.empty(), Optional.of("node-2"))).plan().node())
        .isEqualTo("node-2");
  }

  @Test
  void aNodeOutsideTheLayoutHasNoRulesToRead() {
    Resolver other = new Resolver(new FakeCluster(), new Network("192.168.10.1", "192.168.10.254", "10.96.0.0/12",
        java.util.Map.of("node-1", "nk-node-1")));
    Resolution r = other.resolve(new TraceRequest(new SourceSpec.Node("node-2"), DestSpec.parse("svc/web"), "default",
        Optional.empty(), Optional.empty()));
    assertThat(((Resolution.Refused) r).message()).isEqualTo(
        "node node-2 has no network namespace in this machine's cluster layout, so its rules cannot be read here");
  }

  @Test
  void aPacketLeftAloneOnTheWayToAnotherNodeMeetsThatNodesRulesNext() {
    TracePlan first = plan("pod/testnet", "node-2:30080");
    assertThat(first.node()).isEqualTo("node-1");
    TraceReport untouched = new TraceReport(first, new TraceReport.Traced("table ip kube-proxy", java.util.List.of(), new TraceReport.Untouched("not a service here")));
    TracePlan next = resolver.nextHop(untouched).orElseThrow();
    assertThat(next.node()).isEqualTo("node-2");
    assertThat(next.netns()).isEqualTo("nk-node-2");
    assertThat(next.packet()).isEqualTo(first.packet());
    TraceReport dnat = new TraceReport(first, new TraceReport.Traced("table ip kube-proxy", java.util.List.of(),
        new TraceReport.Dnat(java.util.List.of(), false, java.util.List.of())));
    assertThat(resolver.nextHop(dnat)).isEmpty();
    TracePlan own = plan("pod/testnet", "node-1:30080");
    assertThat(resolver.nextHop(new TraceReport(own, untouched.body()))).as("its own node: nowhere else to go").isEmpty();
  }
}
