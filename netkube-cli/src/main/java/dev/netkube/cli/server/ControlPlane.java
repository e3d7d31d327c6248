package dev.netkube.cli.server;

import dev.netkube.apiserver.ApiServer;
import dev.netkube.apiserver.ApiServerConfig;
import dev.netkube.apiserver.pki.ClusterPki;
import dev.netkube.apiserver.pki.PemPair;
import dev.netkube.cli.addons.Addons;
import dev.netkube.cli.addons.CoreDnsAddon;
import dev.netkube.cli.addons.KubeProxyAddon;
import dev.netkube.cli.cluster.routes.IpRouteTable;
import dev.netkube.cli.cluster.routes.RouteKeeper;
import dev.netkube.cli.cluster.routes.RouteScope;
import dev.netkube.controllers.Controllers;
import dev.netkube.controllers.nodeipam.NodeIpamController;
import dev.netkube.controllers.runtime.Controller;
import dev.netkube.controllers.runtime.Clients;
import dev.netkube.controllers.runtime.ControllerManager;
import io.fabric8.kubernetes.api.model.Node;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server role's parts: the API server and, once it serves, the controllers (kube-controller-manager
 * and kube-scheduler's work) as API clients of it over HTTPS with their own client certificate, as
 * upstream's run beside kube-apiserver.
 */
public final class ControlPlane implements AutoCloseable {
  static final String CONTROLLER_MANAGER_USER = "system:kube-controller-manager";
  private static final Logger LOG = LoggerFactory.getLogger(ControlPlane.class);
  /** At the latest this long after ready, the controllers start even though no client has asked anything. */
  static final Duration CONTROLLERS_START_DELAY = Duration.ofSeconds(1);
  /** The controller manager's client certificate in the PKI folder: pki/controller-manager.{crt,key}. */
  static final String CONTROLLER_MANAGER_CERT = "controller-manager";

  private final ApiServer server;
  private final PodNetwork podNetwork;
  private final CompletableFuture<ControllerManager> controllers;
  private final Object lock = new Object();
  private ControllerManager running;
  private RouteKeeper hostRoutes;
  private boolean closed;

  private final Optional<String> lanEndpoint;

  private ControlPlane(ApiServer server, PodNetwork podNetwork, Optional<String> lanEndpoint) {
    this.server = server;
    this.podNetwork = podNetwork;
    this.lanEndpoint = lanEndpoint;
    // The controllers' start (a fabric8 client, lists and watches of 18 resource types) is about a
    // second of CPU: begun once the first client has been answered (`up` waits for one readiness
    // check), or a second after ready, it does not slow down that first answer on a 2-core machine.
    this.controllers = server.firstRequestServed().copy()
        .completeOnTimeout(null, CONTROLLERS_START_DELAY.toMillis(), TimeUnit.MILLISECONDS)
        .thenApplyAsync(ignored -> startControllers());
    controllers.exceptionally(e -> {
      LOG.error("the controllers did not start", e);
      return null;
    });
  }

  /** Returns once the API serves; the controllers start in the background (see {@link #controllers()}). */
  public static ControlPlane start(ApiServerConfig config) throws Exception {
    return start(config, PodNetwork.DEFAULT);
  }

  /** With this cluster CIDR, and routes to the nodes' pod CIDRs on the host's LAN link if there is one. */
  public static ControlPlane start(ApiServerConfig config, PodNetwork podNetwork) throws Exception {
    ApiServer server = ApiServer.start(config);
    // the nodes reach the API server on its LAN address; without a LAN (a server alone) there are no nodes to proxy on
    Optional<String> lan = config.bindAddresses().stream().filter(a -> !a.startsWith("127.") && !a.equals("::1")).findFirst()
        .map(a -> "https://" + a + ":" + server.port());
    return new ControlPlane(server, podNetwork, lan);
  }

  private ControllerManager startControllers() {
    synchronized (lock) {
      if (closed) return null;
    }
    ControllerManager manager = startControllers(server, podNetwork);
    synchronized (lock) {
      if (closed) {
        manager.close(); // closed while starting: nothing may outlive the server
        return null;
      }
      running = manager;
      // the controllers' own Node informer (node-ipam, lifecycle and the scheduler share it)
      hostRoutes = podNetwork.hostLink().map(link -> RouteKeeper.start(manager.context().informer(Node.class),
          RouteScope.host(link, podNetwork.clusterCidr()), IpRouteTable.here(link))).orElse(null);
    }
    // kubeadm init's essential add-ons: kube-proxy on every node, CoreDNS behind kube-dns
    lanEndpoint.ifPresent(endpoint -> {
      Addons.ensure(manager.context().client(), KubeProxyAddon.NAME, KubeProxyAddon.objects(endpoint, podNetwork.clusterCidr().toString()));
      Addons.ensure(manager.context().client(), CoreDnsAddon.NAME, CoreDnsAddon.objects());
    });
    return manager;
  }

  private static ControllerManager startControllers(ApiServer server, PodNetwork podNetwork) {
    ClusterPki pki = server.pki();
    PemPair identity = pki.loadOrIssueClientCertificate(CONTROLLER_MANAGER_CERT, CONTROLLER_MANAGER_USER, List.of());
    String url = "https://127.0.0.1:" + server.port();
    List<Controller> controllers = new java.util.ArrayList<>(Controllers.all());
    controllers.replaceAll(c -> c instanceof NodeIpamController
        ? new NodeIpamController(podNetwork.clusterCidr().toString(), NodeIpamController.DEFAULT_NODE_MASK) : c);
    return ControllerManager.start(Clients.forServer(url, pki.caCertificatePem(), identity.certificatePem(), identity.keyPem()),
        controllers, "");
  }

  public ApiServer server() { return server; }

  /** Completes when the controllers run (their caches synced or not yet: see ControllerManager.ready()). */
  public CompletableFuture<ControllerManager> controllers() { return controllers; }

  public void awaitTermination() throws InterruptedException { server.awaitTermination(); }

  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
      if (hostRoutes != null) hostRoutes.close();
      if (running != null) running.close();
    }
    server.close();
  }
}
