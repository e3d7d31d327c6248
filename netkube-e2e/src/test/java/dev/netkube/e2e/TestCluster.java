package dev.netkube.e2e;

import dev.netkube.apiserver.ApiServer;
import dev.netkube.apiserver.ApiServerConfig;
import dev.netkube.apiserver.pki.ClusterPki;
import dev.netkube.cli.server.ControlPlane;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A netkube API server started in this JVM on a free loopback port with its own state folder,
 * and a kubeconfig for the real kubectl. Everything it made is removed on close.
 */
public final class TestCluster implements AutoCloseable {
  private final Path home;
  private ControlPlane controlPlane;
  private ApiServer server;
  private final Path kubeconfig;
  private final Kubectl kubectl;

  private TestCluster(Path home, ControlPlane controlPlane) throws IOException {
    this.home = home;
    this.controlPlane = controlPlane;
    this.server = controlPlane.server();
    this.kubeconfig = home.resolve("kubeconfig");
    Files.writeString(kubeconfig, kubeconfigYaml(server.pki(), server.port()), StandardCharsets.UTF_8);
    Path kubectlHome = Files.createDirectories(home.resolve("kubectl-home"));
    this.kubectl = new Kubectl(kubeconfig, kubectlHome);
  }

  public static TestCluster startSqlite() throws Exception {
    Path home = Files.createTempDirectory("netkube-e2e-");
    return start(home, new ApiServerConfig.StoreConfig.Sqlite(home.resolve("data/state.db")));
  }

  public static TestCluster start(Path home, ApiServerConfig.StoreConfig store) throws Exception {
    return new TestCluster(home, ControlPlane.start(new ApiServerConfig(home, List.of("127.0.0.1"), 0, store)));
  }

  /**
   * Listening on loopback and on {@code moreAddresses} too (addresses of links the test made, e.g. into a node
   * namespace whose processes talk to the API); the serving certificate names them all. The kubeconfig says 127.0.0.1.
   */
  public static TestCluster startSqlite(List<String> moreAddresses) throws Exception {
    Path home = Files.createTempDirectory("netkube-e2e-");
    List<String> bind = new java.util.ArrayList<>(List.of("127.0.0.1"));
    bind.addAll(moreAddresses);
    return new TestCluster(home, ControlPlane.start(new ApiServerConfig(home, bind, 0,
        new ApiServerConfig.StoreConfig.Sqlite(home.resolve("data/state.db")))));
  }

  public Kubectl kubectl() { return kubectl; }

  /** Stops the server and starts a new one on the same state (a fresh port; the kubeconfig follows). */
  public void restart() throws Exception {
    ApiServerConfig config = server.config();
    controlPlane.close();
    controlPlane = ControlPlane.start(config);
    server = controlPlane.server();
    Files.writeString(kubeconfig, kubeconfigYaml(server.pki(), server.port()), StandardCharsets.UTF_8);
  }

  public Path home() { return home; }

  public Path kubeconfig() { return kubeconfig; }

  public int port() { return server.port(); }

  public ApiServer server() { return server; }

  public ControlPlane controlPlane() { return controlPlane; }

  static String kubeconfigYaml(ClusterPki pki, int port) {
    return kubeconfigYaml(pki.caCertificatePem(), pki.adminCertificatePem(), pki.adminKeyPem(), port);
  }

  static String kubeconfigYaml(String caPem, String certPem, String keyPem, int port) {
    Base64.Encoder b64 = Base64.getEncoder();
    return "apiVersion: v1\nkind: Config\nclusters:\n- name: netkube\n  cluster:\n"
        + "    server: https://127.0.0.1:" + port + "\n"
        + "    certificate-authority-data: " + b64.encodeToString(caPem.getBytes(StandardCharsets.UTF_8)) + "\n"
        + "users:\n- name: netkube-admin\n  user:\n"
        + "    client-certificate-data: " + b64.encodeToString(certPem.getBytes(StandardCharsets.UTF_8)) + "\n"
        + "    client-key-data: " + b64.encodeToString(keyPem.getBytes(StandardCharsets.UTF_8)) + "\n"
        + "contexts:\n- name: netkube\n  context:\n    cluster: netkube\n    user: netkube-admin\n"
        + "current-context: netkube\n";
  }

  /** The seed's manifests, beside the repository as ../shared/seed/manifests. */
  public static Path seedManifest(String name) {
    Path dir = Path.of(System.getProperty("netkube.shared", "../../shared")).resolve("seed/manifests");
    if (!Files.isDirectory(dir)) dir = Path.of("../shared/seed/manifests");
    Path p = dir.resolve(name).toAbsolutePath().normalize();
    if (!Files.exists(p)) throw new AssertionError("seed manifest missing: " + p + " (shared/ must sit beside the repository)");
    return p;
  }

  @Override
  public void close() throws IOException {
    controlPlane.close();
    try (Stream<Path> files = Files.walk(home)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
