package dev.netkube.e2e.proxy;

import dev.netkube.controllers.runtime.Clients;
import dev.netkube.e2e.TestCluster;
import dev.netkube.proxy.config.ConfigLoad;
import dev.netkube.proxy.config.KubeProxyConfigurationLoader;
import dev.netkube.proxy.server.NodeCommands;
import dev.netkube.proxy.server.ProxyServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the proxy's e2e tests stand on: a real netkube API server in this JVM, the node and pod namespaces of
 * {@link ProxyNetns}, an admin client, and netkube's kube-proxy (a 100 ms min sync period, health and metrics on
 * loopback). The nftables proxy runs in this JVM, writing the node namespace's rules with nft and conntrack run
 * there; a mode with sockets of its own (userspace) runs as its own process in the node namespace
 * ({@link NodeProcessProxy}), reaching the API server over a veth from the host. Closed in reverse.
 */
record ProxyTestbed(TestCluster cluster, ProxyNetns net, KubernetesClient client, ProxyUnderTest proxy) implements AutoCloseable {
  /** The in-JVM proxy's configuration in {@code mode} (nftables or iptables: each reads its own section). */
  static String config(String mode) {
    return "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\n"
        + "mode: " + mode + "\nclusterCIDR: 10.250.0.0/16\nhealthzBindAddress: 127.0.0.1:0\nmetricsBindAddress: 127.0.0.1:0\n"
        + mode + ":\n  minSyncPeriod: 100ms\n";
  }

  /** The nftables proxy in this JVM. */
  static ProxyTestbed start(String netnsNode, String proxyNode, Consumer<TestCluster> beforeProxy) throws Exception {
    return start("nftables", netnsNode, proxyNode, beforeProxy);
  }

  /**
   * The proxy of a kernel mode (nftables, iptables) in this JVM, its programs run in the node namespace.
   *
   * @param netnsNode the node namespace's name after the prefix ({@code node-1} names it as `up` does)
   * @param proxyNode the Node the proxy runs as (which endpoints are local)
   * @param beforeProxy what the API must hold before the proxy starts (e.g. its Node, for the node's IP)
   */
  static ProxyTestbed start(String mode, String netnsNode, String proxyNode, Consumer<TestCluster> beforeProxy) throws Exception {
    TestCluster cluster = TestCluster.startSqlite();
    ProxyNetns net = null;
    KubernetesClient client = null;
    try {
      net = ProxyNetns.create(netnsNode);
      client = adminClient(cluster);
      beforeProxy.accept(cluster);
      ProxyServer proxy = ProxyServer.start(((ConfigLoad.Loaded) KubeProxyConfigurationLoader.load(config(mode))).config(), client,
          proxyNode, NodeCommands.inNetns(net.node));
      return new ProxyTestbed(cluster, net, client, new InJvmProxy(proxy));
    } catch (Exception | AssertionError e) {
      if (client != null) client.close();
      if (net != null) net.close();
      cluster.close();
      throw e;
    }
  }

  /**
   * The proxy of {@code mode} as its own process in the node namespace (as the DaemonSet's hostNetwork pod), its
   * kubeconfig pointing at the API server's address on the veth into the node.
   */
  static ProxyTestbed startInNode(String mode, String netnsNode, String proxyNode, Consumer<TestCluster> beforeProxy) throws Exception {
    ProxyNetns net = ProxyNetns.create(netnsNode);
    TestCluster cluster = null;
    KubernetesClient client = null;
    try {
      String apiAddress = net.linkToHost();
      cluster = TestCluster.startSqlite(List.of(apiAddress));
      client = adminClient(cluster);
      beforeProxy.accept(cluster);
      String kubeconfig = Files.readString(cluster.kubeconfig()).replace("https://127.0.0.1:", "https://" + apiAddress + ":");
      String config = "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: " + mode + "\n"
          + "clusterCIDR: 10.250.0.0/16\nhealthzBindAddress: 127.0.0.1:" + NodeProcessProxy.HEALTH_PORT + "\n"
          + "metricsBindAddress: 127.0.0.1:" + NodeProcessProxy.METRICS_PORT + "\niptables:\n  minSyncPeriod: 100ms\n";
      NodeProcessProxy proxy = NodeProcessProxy.start(net.node, proxyNode, config, kubeconfig, net.dir());
      return new ProxyTestbed(cluster, net, client, proxy);
    } catch (Exception | AssertionError e) {
      if (client != null) client.close();
      net.close();
      if (cluster != null) cluster.close();
      throw e;
    }
  }

  private static KubernetesClient adminClient(TestCluster cluster) {
    var pki = cluster.server().pki();
    return Clients.forServer("https://127.0.0.1:" + cluster.port(), pki.caCertificatePem(), pki.adminCertificatePem(), pki.adminKeyPem());
  }

  @Override
  public void close() throws Exception {
    proxy.close();
    client.close();
    net.close();
    cluster.close();
  }
}
