package dev.netkube.e2e.proxy;

import dev.netkube.controllers.runtime.Clients;
import dev.netkube.e2e.TestCluster;
import dev.netkube.proxy.config.ConfigLoad;
import dev.netkube.proxy.config.KubeProxyConfigurationLoader;
import dev.netkube.proxy.server.NodeCommands;
import dev.netkube.proxy.server.ProxyServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.function.Consumer;

/**
 * What the proxy's e2e tests stand on: a real netkube API server in this JVM, the node and pod namespaces of
 * {@link ProxyNetns}, an admin client, and netkube's kube-proxy (nftables, a 100 ms min sync period, health and
 * metrics on loopback) writing the node namespace's rules with nft and conntrack run there. Closed in reverse.
 */
record ProxyTestbed(TestCluster cluster, ProxyNetns net, KubernetesClient client, ProxyServer proxy) implements AutoCloseable {
  static final String CONFIG = "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\n"
      + "mode: nftables\nclusterCIDR: 10.250.0.0/16\nhealthzBindAddress: 127.0.0.1:0\nmetricsBindAddress: 127.0.0.1:0\n"
      + "nftables:\n  minSyncPeriod: 100ms\n";

  /**
   * @param netnsNode the node namespace's name after the prefix ({@code node-1} names it as `up` does)
   * @param proxyNode the Node the proxy runs as (which endpoints are local)
   * @param beforeProxy what the API must hold before the proxy starts (e.g. its Node, for the node's IP)
   */
  static ProxyTestbed start(String netnsNode, String proxyNode, Consumer<TestCluster> beforeProxy) throws Exception {
    TestCluster cluster = TestCluster.startSqlite();
    ProxyNetns net = null;
    KubernetesClient client = null;
    try {
      net = ProxyNetns.create(netnsNode);
      var pki = cluster.server().pki();
      client = Clients.forServer("https://127.0.0.1:" + cluster.port(), pki.caCertificatePem(), pki.adminCertificatePem(),
          pki.adminKeyPem());
      beforeProxy.accept(cluster);
      ProxyServer proxy = ProxyServer.start(((ConfigLoad.Loaded) KubeProxyConfigurationLoader.load(CONFIG)).config(), client,
          proxyNode, NodeCommands.inNetns(net.node));
      return new ProxyTestbed(cluster, net, client, proxy);
    } catch (Exception | AssertionError e) {
      if (client != null) client.close();
      if (net != null) net.close();
      cluster.close();
      throw e;
    }
  }

  @Override
  public void close() throws Exception {
    proxy.close();
    client.close();
    net.close();
    cluster.close();
  }
}
