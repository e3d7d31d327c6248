package dev.netkube.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Security by default: TLS only, no anonymous access to resources, bad credentials refused. */
class AuthE2ETest {
  private static TestCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = TestCluster.startSqlite();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) cluster.close();
  }

  private static Curl.Result curl(String... extra) {
    return Curl.run(cluster.home().resolve("pki/ca.crt"), List.of(extra));
  }

  @Test
  void anonymousRequestGets401WithUpstreamStatus() {
    Curl.Result r = curl("https://127.0.0.1:" + cluster.port() + "/api/v1/namespaces/default/services");
    assertThat(r.httpCode()).isEqualTo(401);
    assertThat(r.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
        + "\"message\":\"Unauthorized\",\"reason\":\"Unauthorized\",\"code\":401}");
  }

  @Test
  void versionIsPublic() {
    Curl.Result r = curl("https://127.0.0.1:" + cluster.port() + "/version");
    assertThat(r.httpCode()).isEqualTo(200);
    assertThat(r.body()).contains("\"gitVersion\":\"v1.32.");
  }

  @Test
  void badBearerTokenGets401() {
    Curl.Result r = curl("-H", "Authorization: Bearer not-a-token",
        "https://127.0.0.1:" + cluster.port() + "/api/v1/namespaces");
    assertThat(r.httpCode()).isEqualTo(401);
  }

  @Test
  void certificateFromAnotherCaIsRefused() throws Exception {
    Path dir = Files.createTempDirectory(cluster.home(), "rogue");
    Path key = dir.resolve("rogue.key");
    Path crt = dir.resolve("rogue.crt");
    Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-nodes", "-keyout", key.toString(), "-out", crt.toString(), "-days", "1",
        "-subj", "/O=system:masters/CN=kubernetes-admin").redirectErrorStream(true).start();
    assertThat(p.waitFor()).isZero();
    Curl.Result r = curl("--cert", crt.toString(), "--key", key.toString(),
        "https://127.0.0.1:" + cluster.port() + "/api/v1/namespaces");
    // Either the TLS handshake refuses the unknown CA or the request is unauthenticated: never 200.
    assertThat(r.httpCode()).isIn(0, 401);
  }

  @Test
  void kubectlWithABadTokenSaysYouMustBeLoggedIn() throws Exception {
    Path kc = cluster.home().resolve("anon-kubeconfig");
    String full = Files.readString(cluster.kubeconfig());
    // (With no credentials at all kubectl itself prompts for a username, before any request.)
    String anon = full.substring(0, full.indexOf("users:")) + "users:\n- name: netkube-admin\n  user:\n    token: forged\n"
        + full.substring(full.indexOf("contexts:"));
    Files.writeString(kc, anon);
    Kubectl k = new Kubectl(kc, Files.createDirectories(cluster.home().resolve("anon-home")));
    Kubectl.Result r = k.run("get", "svc");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.err()).contains("error: You must be logged in to the server (");
  }
}
