package dev.netkube.dns.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.dns.plugin.kubernetes.ClusterModel;
import dev.netkube.dns.plugin.kubernetes.ClusterModel.Kind;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FromKubernetesTest {
  @Test
  void servicesByType() {
    ClusterModel.Service clusterIp = FromKubernetes.service(new ServiceBuilder().withNewMetadata().withNamespace("default")
        .withName("web").endMetadata().withNewSpec().withClusterIP("10.96.0.5").withClusterIPs("10.96.0.5", "fd00::5")
        .addNewPort().withName("http").withPort(80).withProtocol("TCP").endPort().endSpec().build());
    assertThat(clusterIp.kind()).isEqualTo(Kind.CLUSTER_IP);
    assertThat(clusterIp.clusterIps()).containsExactly("10.96.0.5", "fd00::5");
    assertThat(clusterIp.ports()).containsExactly(new ClusterModel.Port("http", "TCP", 80));
    ClusterModel.Service headless = FromKubernetes.service(new ServiceBuilder().withNewMetadata().withNamespace("default")
        .withName("db").endMetadata().withNewSpec().withClusterIP("None").endSpec().build());
    assertThat(headless.kind()).isEqualTo(Kind.HEADLESS);
    assertThat(headless.ports()).containsExactly(ClusterModel.Port.NONE); // CoreDNS's port -1: A records, no SRV
    ClusterModel.Service external = FromKubernetes.service(new ServiceBuilder().withNewMetadata().withNamespace("prod")
        .withName("my-service").endMetadata().withNewSpec().withType("ExternalName").withExternalName("my.database.example.com")
        .endSpec().build());
    assertThat(external.kind()).isEqualTo(Kind.EXTERNAL_NAME);
    assertThat(external.externalName()).isEqualTo("my.database.example.com");
  }

  @Test
  void slicesKeepReadyEndpointsWithHostnameAndPod() {
    ClusterModel.Slice slice = FromKubernetes.slice(new EndpointSliceBuilder().withNewMetadata().withNamespace("default")
        .withName("web-abc").addToLabels(FromKubernetes.SERVICE_NAME_LABEL, "web").endMetadata().withAddressType("IPv4")
        .addNewEndpoint().withAddresses("10.244.1.5").withHostname("web-0").withNewConditions().withReady(true).endConditions()
        .withNewTargetRef().withKind("Pod").withName("web-0").endTargetRef().endEndpoint()
        .addNewEndpoint().withAddresses("10.244.1.6").withNewConditions().withReady(false).endConditions().endEndpoint()
        .addNewEndpoint().withAddresses("10.244.1.7").endEndpoint()
        .addNewPort().withName("http").withPort(8080).withProtocol("TCP").endPort().build()).orElseThrow();
    assertThat(slice.service()).isEqualTo("web");
    assertThat(slice.endpoints()).containsExactly(
        new ClusterModel.Endpoint("10.244.1.5", Optional.of("web-0"), Optional.of("web-0"), List.of(new ClusterModel.Port("http", "TCP", 8080))),
        new ClusterModel.Endpoint("10.244.1.7", Optional.empty(), Optional.empty(), List.of(new ClusterModel.Port("http", "TCP", 8080))));
    assertThat(FromKubernetes.slice(new EndpointSliceBuilder().withNewMetadata().withName("orphan").endMetadata().build())).isEmpty();
    assertThat(FromKubernetes.slice(new EndpointSliceBuilder().withNewMetadata().withNamespace("default").withName("f")
        .addToLabels(FromKubernetes.SERVICE_NAME_LABEL, "x").endMetadata().withAddressType("FQDN")
        .addNewEndpoint().withAddresses("example.org").endEndpoint().build()).orElseThrow().endpoints()).isEmpty();
  }

  @Test
  void podsByTheirIps() {
    ClusterModel.Pod pod = FromKubernetes.pod(new PodBuilder().withNewMetadata().withNamespace("default").withName("p").endMetadata()
        .withNewStatus().withPodIP("10.244.1.9").addNewPodIP().withIp("10.244.1.9").endPodIP().addNewPodIP().withIp("fd00::9").endPodIP()
        .endStatus().build());
    assertThat(pod.ips()).containsExactly("10.244.1.9", "fd00::9");
  }
}
