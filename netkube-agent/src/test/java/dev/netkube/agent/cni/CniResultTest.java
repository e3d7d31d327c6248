package dev.netkube.agent.cni;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.model.Json;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class CniResultTest {
  @Test
  void theBridgesResultGivesThePodItsIpAndMac() throws IOException {
    CniResult r = CniResult.parse(Json.parse(NodeNetworkTest.golden("bridge-add-result.json")));
    assertThat(r.cniVersion()).isEqualTo("1.0.0");
    assertThat(r.interfaces()).extracting(CniResult.Interface::name).containsExactly("cni0", "veth43514734", "eth0");
    assertThat(r.ips()).containsExactly(new CniResult.IpConfig("10.99.1.2/24", "10.99.1.1", 2));
    assertThat(r.routes()).containsExactly(new CniResult.Route("0.0.0.0/0", ""));
    PodNetwork pod = PodNetwork.of("c1", "eth0", r);
    assertThat(pod.podIps()).containsExactly("10.99.1.2");
    assertThat(pod.podIp()).isEqualTo("10.99.1.2");
    assertThat(pod.mac()).isEqualTo("a6:da:07:3c:4e:dd");
  }

  @Test
  void onlyIpsOnTheSandboxInterfaceArePodIpsIpv4First() throws IOException {
    CniResult r = CniResult.parse(Json.parse("""
        {"cniVersion":"0.4.0",
         "interfaces":[{"name":"cni0","mac":"aa"},{"name":"eth0","mac":"bb","sandbox":"/run/netns/x"}],
         "ips":[{"version":"4","interface":0,"address":"10.1.0.1/24"},
                {"version":"6","interface":1,"address":"fd00::5/64"},
                {"version":"4","interface":1,"address":"10.1.0.5/24","gateway":"10.1.0.1"}]}"""));
    assertThat(r.podIps("eth0")).containsExactly("10.1.0.5", "fd00::5");
    assertThat(r.podIps("net1")).isEmpty();
  }

  @Test
  void ipsWithoutAnInterfaceAreThePods() throws IOException {
    CniResult r = CniResult.parse(Json.parse("{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"10.2.0.9/16\"}]}"));
    assertThat(r.podIps("eth0")).containsExactly("10.2.0.9");
  }
}
