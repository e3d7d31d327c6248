package dev.netkube.cli.agent;

import dev.netkube.agent.Agent;
import dev.netkube.agent.NodePodRuntime;
import dev.netkube.agent.images.AddonImages;
import dev.netkube.agent.node.NodeFacts;
import dev.netkube.apiserver.pki.NodeCertificates;
import dev.netkube.cli.NetkubeHome;
import dev.netkube.cli.UserError;
import dev.netkube.controllers.runtime.Clients;
import dev.netkube.cli.cluster.Cidr;
import dev.netkube.cli.cluster.routes.IpRouteTable;
import dev.netkube.cli.cluster.routes.RouteKeeper;
import dev.netkube.cli.cluster.routes.RouteScope;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The node agent role in the foreground (netkube's kubelet), as {@code up} starts it inside each
 * node's network namespace. It joins through the API with the node's own client certificate
 * ({@code CN system:node:<name>}), which {@code up} issues into the node's folder.
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
    description = "Run a node agent (kubelet, container runtime, CNI) in the foreground.")
public final class AgentCommand implements Callable<Integer> {
  @Option(names = "--node", required = true, paramLabel = "NAME", description = "The node's name, e.g. node-1.")
  String node;

  @Option(names = "--node-ip", required = true, paramLabel = "IP", description = "The node's InternalIP (its LAN address).")
  String nodeIp;

  @Option(names = "--server", defaultValue = "https://192.168.10.1:6443", paramLabel = "URL",
      description = "The API server (default ${DEFAULT-VALUE}).")
  String server;

  @Option(names = "--root-dir", paramLabel = "DIR",
      description = "The node's state: credentials, CNI, pods (default $NETKUBE_HOME/nodes/<node>).")
  Path rootDir;

  @Option(names = "--kubelet-port", defaultValue = "10250", description = "The streaming server's port (default ${DEFAULT-VALUE}).")
  int kubeletPort = 10250;

  @Option(names = "--netns-prefix", defaultValue = "nk-", description = "Prefix of the pods' network namespaces (default ${DEFAULT-VALUE}).")
  String netnsPrefix = "nk-";

  @Option(names = "--cluster-cidr", defaultValue = "10.244.0.0/16", paramLabel = "CIDR",
      description = "The pod network of the whole cluster; this node routes the other nodes' parts of it (default ${DEFAULT-VALUE}).")
  String clusterCidr = "10.244.0.0/16";

  @Option(names = "--lan-device", defaultValue = "eth0", description = "The node's link into the cluster LAN (default ${DEFAULT-VALUE}).")
  String lanDevice = "eth0";

  @Override
  public Integer call() throws Exception {
    Path dir = rootDir != null ? rootDir : NetkubeHome.fromEnvironment().dir().resolve("nodes").resolve(node);
    Path cert = dir.resolve(NodeCertificates.CLIENT_CRT);
    Path key = dir.resolve(NodeCertificates.CLIENT_KEY);
    Path ca = dir.resolve("ca.crt");
    if (!Files.isRegularFile(cert) || !Files.isRegularFile(key) || !Files.isRegularFile(ca)) {
      throw new UserError("no credentials for node " + node + " in " + dir,
          "netkube up issues them; or run it once with --nodes to make this node");
    }
    KubernetesClient client = Clients.forServer(server, Files.readString(ca), Files.readString(cert), Files.readString(key));
    NodeFacts facts = new NodeFacts(node, nodeIp, kubeletPort, dir);
    NodePodRuntime.Settings settings = new NodePodRuntime.Settings(node, nodeIp, dir, netnsPrefix + node + "-pod-",
        launcher());
    String servingCert = Files.readString(dir.resolve(NodeCertificates.SERVING_CRT));
    String servingKey = Files.readString(dir.resolve(NodeCertificates.SERVING_KEY));
    String caPem = Files.readString(ca);
    Agent agent = new Agent(client, facts, (podCidr, context) -> {
      NodePodRuntime runtime = NodePodRuntime.start(settings, podCidr, context.podsBoundHere(), context.lookup(),
          context.services(), context.volumes());
      // kubelet's streaming server starts beside the pods, not before the node reports Ready
      java.util.concurrent.CompletableFuture.runAsync(() -> {
        try {
          runtime.serveStreaming(kubeletPort, servingCert, servingKey, caPem);
        } catch (Exception e) {
          System.err.println("netkube: agent " + node + ": the streaming server did not start on " + nodeIp + ":"
              + kubeletPort + ": " + e.getMessage());
        }
      });
      return runtime;
    });
    agent.start();
    // kubenet's host-gw routes: the other nodes' pod CIDRs via their LAN addresses
    RouteKeeper routes = RouteKeeper.start(client, RouteScope.node(node, lanDevice, Cidr.parse(clusterCidr)),
        IpRouteTable.here(lanDevice));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      routes.close();
      agent.close();
      client.close();
      stopped.countDown();
    }, "agent-shutdown"));
    System.out.println("netkube: agent of " + node + " (" + nodeIp + ") joined " + server);
    stopped.await();
    return 0;
  }

  /** How the add-on images run netkube's roles: this JVM's java and class path, netkube's Main. */
  private static AddonImages.Launcher launcher() {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> common = List.of("-XX:+UseSerialGC", "-Xss512k", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30",
        "-XX:-UsePerfData");
    List<String> main = List.of("-cp", System.getProperty("java.class.path"), "dev.netkube.cli.Main");
    // the add-on roles (kube-proxy on every node, ingress, ...) idle most of the time: the agent's small-footprint flags
    List<String> idle = argv(java, List.of("-XX:TieredStopAtLevel=1", "-Xms8m", "-XX:ReservedCodeCacheSize=32m"), common, main);
    // the DNS role answers every pod's lookups: full JIT and a sized young generation, ./netkube's DNS_JVM_FLAGS
    // (C1 only served 0.55x unbound's queries per second, this 0.78x at 164 MiB RSS: bench/dns.sh)
    List<String> dns = argv(java, List.of("-Xmn24m", "-Xms48m", "-Xmx512m", "-XX:ReservedCodeCacheSize=48m",
        "-XX:MaxMetaspaceSize=96m", "-XX:+ExitOnOutOfMemoryError"), common, main);
    return new AddonImages.Launcher(idle, Map.of("dns", dns));
  }

  private static List<String> argv(String java, List<String> roleFlags, List<String> common, List<String> main) {
    List<String> out = new ArrayList<>(List.of(java));
    out.addAll(roleFlags);
    out.addAll(common);
    out.addAll(main);
    return out;
  }
}
