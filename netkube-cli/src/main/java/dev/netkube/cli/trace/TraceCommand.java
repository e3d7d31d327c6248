package dev.netkube.cli.trace;

import dev.netkube.cli.NetkubeHome;
import dev.netkube.cli.UpCommand;
import dev.netkube.cli.UserError;
import dev.netkube.cli.cluster.LayoutPlan;
import dev.netkube.cli.cluster.LayoutPlanner;
import dev.netkube.cli.cluster.LayoutState;
import dev.netkube.cli.server.ClusterCredentials;
import dev.netkube.cli.server.ServerInfo;
import dev.netkube.controllers.runtime.Clients;
import dev.netkube.proxy.model.Protocol;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trace --from SOURCE --to DEST}: what a node's kube-proxy rules do to a new connection's first packet, rule by
 * rule. The thin adapter: layout and credentials from $NETKUBE_HOME, objects from the API, rules from the node's netns;
 * {@link Resolver} and {@link Reporter} decide.
 */
@Command(name = "trace", mixinStandardHelpOptions = true,
    description = {"What happens to this packet: the kube-proxy rules a new connection meets on its node, hook by hook,"
        + " and where it ends (DNAT to which pods, masqueraded or not, or why it is rejected or dropped).",
        "SOURCE: pod/NAME, node/NAME or node-N, lan (the lan client), host, or an IP address (with --node).",
        "DEST: svc/NAME[:PORT|:PORTNAME], IP:PORT, node-N:PORT or node/NAME:PORT (a node port).",
        "Examples: ./netkube trace --from pod/testnet --to svc/clusterip-service",
        "          ./netkube trace --from lan --to node-1:30000"})
public final class TraceCommand implements Callable<Integer> {
  @Option(names = "--from", required = true, paramLabel = "SOURCE", description = "Where the packet starts.")
  String from;

  @Option(names = "--to", required = true, paramLabel = "DEST", description = "Where it is addressed.")
  String to;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", defaultValue = "default",
      description = "The namespace of pod/ and svc/ names (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(names = "--protocol", paramLabel = "tcp|udp|sctp", description = "The protocol (default: the service port's, else tcp).")
  String protocol;

  @Option(names = "--node", paramLabel = "NAME", description = "Whose rules a plain source IP meets.")
  String node;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    TraceRequest request = new TraceRequest(SourceSpec.parse(from), DestSpec.parse(to), namespace, protocol(), Optional.ofNullable(node));
    NetkubeHome home = NetkubeHome.fromEnvironment();
    LayoutState state = LayoutState.read(home.layoutFile()).orElseThrow(() ->
        new UserError("the cluster is not up (no " + home.layoutFile() + ")", "start it with ./netkube up"));
    ClusterCredentials credentials = ClusterCredentials.load(home).orElseThrow(() ->
        new UserError("no cluster credentials under " + home.pkiDir(), "start the cluster with ./netkube up"));
    String endpoint = ServerInfo.read(home.serverInfoFile()).map(ServerInfo::endpoint).orElse("https://127.0.0.1:" + UpCommand.DEFAULT_PORT);
    try (KubernetesClient client = Clients.forServer(endpoint, credentials.caPem(), credentials.adminCertPem(), credentials.adminKeyPem())) {
      ApiClusterFacts facts = new ApiClusterFacts(client);
      Resolver resolver = new Resolver(facts, network(LayoutPlanner.plan(state.spec())));
      Resolution resolution = resolver.resolve(request);
      if (resolution instanceof Resolution.Refused refused) throw new UserError(refused.message(), refused.hint());
      Map<String, ClusterFacts.EndpointName> names = facts.endpointNames();
      TraceReport first = NodeTrace.run(((Resolution.Resolved) resolution).plan(), names);
      Optional<TraceReport> second = resolver.nextHop(first).map(plan -> NodeTrace.run(plan, names));
      System.out.print(json ? TraceJson.render(first, second) + "\n" : TraceText.render(first, second));
      return 0;
    } catch (KubernetesClientException e) {
      throw new UserError("the API server at " + endpoint + " did not answer: " + e.getMessage(), "./netkube status");
    }
  }

  private Optional<Protocol> protocol() {
    if (protocol == null) return Optional.empty();
    try {
      return Optional.of(Protocol.valueOf(protocol.toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      throw new UserError("--protocol " + protocol + ": not tcp, udp or sctp", "--protocol tcp");
    }
  }

  static Network network(LayoutPlan plan) {
    Map<String, String> netns = new HashMap<>();
    plan.nodes().forEach(n -> netns.put(n.name(), n.netns()));
    return new Network(plan.host().address(), plan.client().address(), plan.spec().serviceCidr().toString(), netns);
  }
}
