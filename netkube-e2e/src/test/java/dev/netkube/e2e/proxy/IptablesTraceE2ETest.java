package dev.netkube.e2e.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.netkube.cli.trace.TraceReport;
import dev.netkube.cli.trace.TraceText;
import dev.netkube.proxy.iptables.IptablesCommand;
import dev.netkube.proxy.trace.Packet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * {@link TraceE2ETest} on a node whose kube-proxy runs in iptables mode: the trace reads the node's iptables-save and
 * must still say what curl really does. Where the text shows nftables' chains, iptables' are expected instead.
 */
class IptablesTraceE2ETest extends TraceE2ETest {
  @Override
  protected String mode() { return "iptables"; }

  private String rules() { return "iptables (" + IptablesCommand.Backend.best().word() + ")"; }

  @Override
  @Test
  void theTraceSaysDnatToThePodAndCurlGetsThePodsAnswer() throws Exception {
    service("web", 8080);
    slice("web", List.of(ProxyNetns.POD_IP));
    await().atMost(WAIT).untilAsserted(() -> assertThat(verdict(trace("node/node-1", "svc/web"))).isInstanceOf(TraceReport.Dnat.class));
    TraceReport report = trace("node/node-1", "svc/web");
    assertThat(report.plan().packet()).isEqualTo(Packet.tcp(ProxyNetns.NODE_IP, clusterIp("web"), 8080));
    assertThat(((TraceReport.Dnat) verdict(report)).endpoints()).containsExactly(
        new TraceReport.Endpoint(ProxyNetns.POD_IP + ":80", Optional.of("default/web-pod"), Optional.of("node-1")));
    assertThat(TraceText.render(report)).contains("rules:   " + rules() + " on node-1").contains("\nhook output:\n")
        .contains("nat OUTPUT  (base chain, priority -100)").contains("nat KUBE-SERVICES\n")
        .contains("--comment \"default/web:http cluster IP\"")
        .contains("result:  DNAT to\n           " + ProxyNetns.POD_IP + ":80  pod default/web-pod on node-1\n");
    assertThat(curlFromNode(clusterIp("web"), 8080).out()).isEqualTo("hello from the pod\n");
  }

  @Override
  @Test
  void theTraceSaysRejectForAServiceWithoutEndpointsAndCurlIsRefusedAtOnce() throws Exception {
    service("empty", 8081);
    slice("empty", List.of());
    await().atMost(WAIT).untilAsserted(() -> assertThat(verdict(trace("node/node-1", "svc/empty")))
        .isInstanceOf(TraceReport.Reject.class));
    TraceReport report = trace("node/node-1", "svc/empty");
    assertThat(verdict(report)).isEqualTo(new TraceReport.Reject("service default/empty (port http) has no endpoints: REJECT"
        + " (a client is refused at once)"));
    assertThat(TraceText.render(report)).contains("filter KUBE-SERVICES\n").contains("\"default/empty:http has no endpoints\"");
    long t = System.nanoTime();
    ProxyNetns.Result curl = curlFromNode(clusterIp("empty"), 8081);
    assertThat(curl.exitCode()).as(curl.out()).isEqualTo(7);
    assertThat((System.nanoTime() - t) / 1_000_000).isLessThan(2000);
  }

  @Override
  @Test
  @DisplayName("an unknown port on a cluster IP: iptables has no rule for it (upstream's iptables mode), curl gets nowhere")
  void anUnknownPortOnAClusterIpTracesToRejectAndCurlIsRefused() throws Exception {
    service("oneport", 8082);
    slice("oneport", List.of(ProxyNetns.POD_IP));
    String ip = clusterIp("oneport");
    await().atMost(WAIT).untilAsserted(() -> assertThat(curlFromNode(ip, 8082).exitCode()).isZero());
    assertThat(verdict(trace("node/node-1", "svc/oneport:9999"))).isInstanceOf(TraceReport.Untouched.class);
    ProxyNetns.Result curl = curlFromNode(ip, 9999);
    assertThat(curl.exitCode()).as(curl.out()).isIn(7, 28);
  }

  @Override
  @Test
  void theCommandTracesThroughItsHomeAndSaysWhatIsWrongWithItsArguments() throws Exception {
    service("cmd", 8083);
    slice("cmd", List.of(ProxyNetns.POD_IP));
    await().atMost(WAIT).untilAsserted(() -> assertThat(curlFromNode(clusterIp("cmd"), 8083).out()).isEqualTo("hello from the pod\n"));
    ProxyNetns.Result ok = command("--from", "node-1", "--to", "svc/cmd:http");
    assertThat(ok.exitCode()).as(ok.out()).isZero();
    assertThat(ok.out()).contains("rules:   " + rules() + " on node-1 (netns " + net.node + ")")
        .contains("result:  DNAT to\n           " + ProxyNetns.POD_IP + ":80  pod default/web-pod on node-1\n");
  }
}
