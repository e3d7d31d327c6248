package dev.netkube.agent.pods;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Upstream's envvars cases (pkg/kubelet/envvars/envvars_test.go), in the shapes a user sees in `env`. */
class ServiceLinksTest {
  @Test
  void aNamedAndAnUnnamedPortGiveHostPortAndDockerLinkVariables() {
    Service s = svc("default", "foo-bar", "1.2.3.4", "", 8082, "TCP");
    s.getSpec().getPorts().add(new io.fabric8.kubernetes.api.model.ServicePortBuilder().withName("https").withPort(443)
        .withProtocol("UDP").build());
    Map<String, String> env = ServiceLinks.variables(List.of(s), "default", true);
    assertThat(env).containsEntry("FOO_BAR_SERVICE_HOST", "1.2.3.4")
        .containsEntry("FOO_BAR_SERVICE_PORT", "8082")
        .containsEntry("FOO_BAR_SERVICE_PORT_HTTPS", "443")
        .containsEntry("FOO_BAR_PORT", "tcp://1.2.3.4:8082")
        .containsEntry("FOO_BAR_PORT_8082_TCP", "tcp://1.2.3.4:8082")
        .containsEntry("FOO_BAR_PORT_8082_TCP_PROTO", "tcp")
        .containsEntry("FOO_BAR_PORT_8082_TCP_PORT", "8082")
        .containsEntry("FOO_BAR_PORT_8082_TCP_ADDR", "1.2.3.4")
        .containsEntry("FOO_BAR_PORT_443_UDP", "udp://1.2.3.4:443")
        .hasSize(12);
  }

  @Test
  void otherNamespacesAndHeadlessServicesGiveNothingButKubernetesAlwaysComes() {
    List<Service> all = List.of(svc("default", "kubernetes", "10.96.0.1", "https", 443, "TCP"),
        svc("other", "web", "10.96.0.9", "", 80, "TCP"), svc("mine", "headless", "None", "", 80, "TCP"),
        svc("mine", "db", "10.96.0.7", "", 5432, "TCP"));
    Map<String, String> env = ServiceLinks.variables(all, "mine", true);
    assertThat(env).containsKeys("KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT_HTTPS", "DB_SERVICE_HOST")
        .doesNotContainKeys("WEB_SERVICE_HOST", "HEADLESS_SERVICE_HOST");
    assertThat(ServiceLinks.variables(all, "mine", false)).containsKey("KUBERNETES_SERVICE_HOST")
        .doesNotContainKey("DB_SERVICE_HOST");
  }

  private static Service svc(String ns, String name, String ip, String portName, int port, String proto) {
    return new ServiceBuilder().withNewMetadata().withNamespace(ns).withName(name).endMetadata().withNewSpec()
        .withClusterIP(ip).addNewPort().withName(portName.isEmpty() ? null : portName).withPort(port).withProtocol(proto)
        .endPort().endSpec().build();
  }
}
