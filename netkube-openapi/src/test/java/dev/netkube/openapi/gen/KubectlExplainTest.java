package dev.netkube.openapi.gen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.model.openapi.OpenApiV3;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real kubectl 1.32 reads our generated OpenAPI v3 documents as it reads kube-apiserver's. */
class KubectlExplainTest {
  @TempDir Path home;

  @Test
  void explainServiceSpecPortsPrintsUpstreamShape() throws Exception {
    try (StandInDiscoveryServer server = new StandInDiscoveryServer(OpenApiV3.loadBuiltins())) {
      String out = kubectl(server.url(), "explain", "service.spec.ports");
      assertThat(out).startsWith("""
          KIND:       Service
          VERSION:    v1

          FIELD: ports <[]ServicePort>


          DESCRIPTION:
              The list of ports that are exposed by this service. More info:
              https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies
              ServicePort contains information on service's port.
             \s
          FIELDS:
            appProtocol\t<string>
          """);
      assertThat(out).contains("""
            port\t<integer> -required-
              The port that will be exposed by this service.
          """);
      assertThat(out).contains("""
            targetPort\t<IntOrString>
              Number or name of the port to access on the pods targeted by the service.
          """);
      assertThat(out).contains("  nodePort\t<integer>\n");
    }
  }

  @Test
  void explainServiceShowsTopLevelFields() throws Exception {
    try (StandInDiscoveryServer server = new StandInDiscoveryServer(OpenApiV3.loadBuiltins())) {
      String out = kubectl(server.url(), "explain", "svc");
      assertThat(out).startsWith("KIND:       Service\nVERSION:    v1\n\nDESCRIPTION:\n    Service is a named abstraction");
      assertThat(out).contains("  metadata\t<ObjectMeta>\n", "  spec\t<ServiceSpec>\n", "  status\t<ServiceStatus>\n",
          "  apiVersion\t<string>\n");
    }
  }

  private String kubectl(String server, String... args) throws Exception {
    return new Kubectl(home, server).run(args);
  }
}
