package dev.netkube.openapi.gen;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.model.openapi.OpenApiV3;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
    Path kubeconfig = home.resolve("kubeconfig");
    Files.writeString(kubeconfig, """
        apiVersion: v1
        kind: Config
        clusters:
        - name: standin
          cluster:
            server: %s
        contexts:
        - name: standin
          context:
            cluster: standin
            user: nobody
        current-context: standin
        users:
        - name: nobody
          user: {}
        """.formatted(server));
    List<String> cmd = new java.util.ArrayList<>(List.of(kubectlBinary(), "--kubeconfig", kubeconfig.toString(),
        "--cache-dir", home.resolve("cache").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("HOME", home.toString());
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private static String kubectlBinary() {
    File sdk = new File("/usr/lib/google-cloud-sdk/bin/kubectl.1.32");
    if (sdk.canExecute()) return sdk.getPath();
    for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
      File f = new File(dir, "kubectl.1.32");
      if (f.canExecute()) return f.getPath();
    }
    throw new AssertionError("kubectl.1.32 not found at /usr/lib/google-cloud-sdk/bin or on PATH");
  }
}
