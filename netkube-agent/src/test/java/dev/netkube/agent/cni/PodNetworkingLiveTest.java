package dev.netkube.agent.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Pods (fabric8's, as the agent has them) attached and detached on real netns and plugins. */
class PodNetworkingLiveTest {
  @RegisterExtension final LiveNet net = new LiveNet();

  private PodNetworking networking(String node, String podCidr) throws CniException {
    CniRuntime cni = CniRuntime.start(NodeNetwork.of(podCidr, net.stateDir),
        CniRuntime.Options.under(net.stateDir).withExecutor(PluginExecutor.inNetns(node)));
    return new PodNetworking(cni, net.sandboxes());
  }

  private static Pod pod(String name, int hostPort) {
    PodBuilder b = new PodBuilder().withNewMetadata().withNamespace("default").withName(name).withUid("uid-" + name).endMetadata();
    return hostPort == 0
        ? b.withNewSpec().addNewContainer().withName("c").endContainer().endSpec().build()
        : b.withNewSpec().addNewContainer().withName("c").addNewPort().withContainerPort(80).withHostPort(hostPort).endPort()
            .endContainer().endSpec().build();
  }

  @Test
  void attachWiresThePodWithItsHostPortsAndDetachReleasesEverything() throws Exception {
    String node = net.node("node");
    PodNetworking pods = networking(node, "10.123.0.0/24");
    PodNetworking.Attached web = pods.attach(pod("web", 8080));
    PodNetworking.Attached client = pods.attach(pod("client", 0));
    assertThat(web.sandboxId()).isEqualTo("uid-web");
    assertThat(web.netns()).isEqualTo(pods.sandboxes().path("uid-web"));
    net.httpServer(pods.sandboxes().name("uid-web"), 80, "hello from web");

    assertThat(net.curlUntilAnswered(pods.sandboxes().name("uid-client"), "http://" + web.podIps().get(0) + "/"))
        .isEqualTo("hello from web");
    assertThat(net.curl(node, "http://127.0.0.1:8080/")).isEqualTo("hello from web"); // the hostPort

    // The agent restarted: the same pod gets its sandbox back as it is.
    PodNetworking restarted = networking(node, "10.123.0.0/24");
    assertThat(restarted.attach(pod("web", 8080))).isEqualTo(web);

    restarted.detach("uid-web");
    restarted.detach("uid-web"); // idempotent
    assertThat(net.curl(node, "http://127.0.0.1:8080/")).isEmpty();
    assertThat(pods.sandboxes().exists("uid-web")).isFalse();
    assertThat(LiveNet.allocatedIps(pods.cni().network().ipamNetworkDir())).containsExactly(client.podIps().get(0));

    // Pods gone while the agent was down: released at its next start.
    assertThat(restarted.releaseAllBut(Set.of())).containsExactly("uid-client");
    assertThat(LiveNet.allocatedIps(pods.cni().network().ipamNetworkDir())).isEmpty();
    assertThat(pods.sandboxes().existing()).isEmpty();
    net.assertNoVeths(node);
  }

  @Test
  void aFailedAttachLeavesNothingAndReadsAsKubeletsEvent() throws Exception {
    String node = net.node("node");
    PodNetworking pods = networking(node, "10.126.0.0/30"); // room for one pod
    pods.attach(pod("first", 0));

    assertThatThrownBy(() -> pods.attach(pod("second", 0)))
        .isInstanceOf(PodNetworking.SetupFailure.class)
        .hasMessage("Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "
            + "\"uid-second\": plugin type=\"bridge\" failed (add): failed to allocate for range 0: no IP addresses available "
            + "in range set: 10.126.0.1-10.126.0.2")
        .satisfies(e -> assertThat(((PodNetworking.SetupFailure) e).reason()).isEqualTo("FailedCreatePodSandBox"));
    assertThat(pods.sandboxes().exists("uid-second")).isFalse();
    assertThat(pods.cni().knows("uid-second")).isFalse();

    pods.detach("uid-first");
    assertThat(pods.attach(pod("second", 0)).podIps()).containsExactly("10.126.0.2");
    pods.detach("uid-second");
    net.assertNoVeths(node);
  }
}
