package dev.netkube.openapi.gen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.model.openapi.OpenApiV3;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl 1.32 finds the fieldValidation parameter in our OpenAPI v3 (so it leaves unknown
 * fields to the server: {@code fieldValidation=Strict}) and patches built-in kinds with a strategic
 * merge patch.
 */
class KubectlApplyTest {
  @TempDir Path home;

  @Test
  void applyCreatesThenPatchesWithServerSideStrictValidation() throws Exception {
    Path svc = home.resolve("svc.yaml");
    Files.writeString(svc, """
        apiVersion: v1
        kind: Service
        metadata:
          name: web
          namespace: default
        spec:
          selector: {app: web}
          ports:
          - port: 80
            targetPort: 8080
        """);
    try (StandInDiscoveryServer server = new StandInDiscoveryServer(OpenApiV3.loadBuiltins())) {
      Kubectl kubectl = new Kubectl(home, server.url());
      assertThat(kubectl.run("apply", "-f", svc.toString())).isEqualTo("service/web created\n");

      Files.writeString(svc, Files.readString(svc).replace("targetPort: 8080", "targetPort: 9090"));
      assertThat(kubectl.run("apply", "-f", svc.toString())).isEqualTo("service/web configured\n");

      List<StandInDiscoveryServer.Write> writes = server.writes();
      assertThat(writes).hasSize(2);
      assertThat(writes.get(0).method()).isEqualTo("POST");
      assertThat(writes.get(0).uri()).isEqualTo("/api/v1/namespaces/default/services?fieldManager=kubectl-client-side-apply&fieldValidation=Strict");
      assertThat(writes.get(1).method()).isEqualTo("PATCH");
      assertThat(writes.get(1).uri()).isEqualTo("/api/v1/namespaces/default/services/web?fieldManager=kubectl-client-side-apply&fieldValidation=Strict");
      assertThat(writes.get(1).contentType()).isEqualTo("application/strategic-merge-patch+json");
      assertThat(writes.get(1).body()).contains("\"$setElementOrder/ports\":[{\"port\":80}]",
          "\"ports\":[{\"port\":80,\"targetPort\":9090}]");
    }
  }
}
