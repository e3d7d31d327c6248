package dev.netkube.cli;

import dev.netkube.apiserver.ApiServerConfig.StoreConfig;
import dev.netkube.cli.cluster.Cidr;
import dev.netkube.cli.cluster.ClusterNetwork;
import dev.netkube.cli.cluster.LayoutPlan;
import dev.netkube.cli.cluster.LayoutPlanner;
import dev.netkube.cli.cluster.LayoutSpec;
import dev.netkube.cli.cluster.LayoutState;
import dev.netkube.cli.cluster.agents.AgentLauncher;
import dev.netkube.cli.cluster.agents.AgentRole;
import dev.netkube.cli.cluster.agents.AgentSpec;
import dev.netkube.cli.kubeconfig.KubeconfigPaths;
import dev.netkube.cli.process.LinuxProcessTable;
import dev.netkube.cli.process.PidFile;
import dev.netkube.cli.process.ServerProcess;
import dev.netkube.cli.server.ClusterCredentials;
import dev.netkube.cli.server.ReadinessProbe;
import dev.netkube.cli.server.ServerCommand;
import dev.netkube.cli.server.ServerInfo;
import dev.netkube.cli.server.ServerLauncher;
import dev.netkube.cli.server.StoreOptions;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Starts the server in the background, waits until it is ready and makes context "netkube" current. */
@Command(name = "up", mixinStandardHelpOptions = true,
    description = {"Make the cluster's network (the LAN and the nodes' network namespaces), start netkube in the"
        + " background; return when its API is ready.",
        "Merges a \"netkube\" cluster, user and context into your kubeconfig and makes it current."})
public final class UpCommand implements Callable<Integer> {
  public static final int DEFAULT_PORT = 6443;
  /** Set by ./netkube when it has started the server itself, before this JVM: the server's pid. */
  static final String LAUNCHED_PID_ENV = "NETKUBE_LAUNCHED_PID";

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "6443",
      description = "The API server's HTTPS port on 127.0.0.1 (default ${DEFAULT-VALUE}); another one lets a second"
          + " netkube (another NETKUBE_HOME) run beside the first.")
  int port = DEFAULT_PORT;

  @Option(names = "--nodes", paramLabel = "N", defaultValue = "1",
      description = "Number of nodes: network namespaces node-1 .. node-N on the cluster LAN (default ${DEFAULT-VALUE}).")
  int nodes = 1;

  @Option(names = "--lan-cidr", paramLabel = "CIDR", defaultValue = "192.168.10.0/24",
      description = "The cluster LAN (default ${DEFAULT-VALUE}): the host is its first address, node i the (1+i)th,"
          + " the lan client its last.")
  String lanCidr = LayoutSpec.DEFAULT_LAN.toString();

  @Option(names = "--pod-cidr", paramLabel = "CIDR", defaultValue = "10.244.0.0/16",
      description = "The pod network; each node gets a /24 of it (default ${DEFAULT-VALUE}).")
  String podCidr = LayoutSpec.DEFAULT_POD_CIDR.toString();

  @Option(names = "--prefix", paramLabel = "NAME", defaultValue = "nk",
      description = "Names the network namespaces (<prefix>-lan, <prefix>-node-1, ...) and the host's link"
          + " <prefix>-lan (default ${DEFAULT-VALUE}); a second netkube beside the first needs its own, with its own"
          + " --lan-cidr, --pod-cidr, --port and NETKUBE_HOME.")
  String prefix = LayoutSpec.DEFAULT_PREFIX;

  @Mixin StoreOptions store = new StoreOptions();

  @Option(names = "--kubeconfig", paramLabel = "FILE",
      description = "Kubeconfig file to merge into (default: $KUBECONFIG, else ~/.kube/config).")
  Path kubeconfig;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "60",
      description = "How long to wait for the API server to become ready (default ${DEFAULT-VALUE}).")
  int timeoutSeconds = 60;

  /**
   * The command from its arguments without picocli (see {@link FastArgs}); empty when picocli
   * should parse them.
   */
  static Optional<UpCommand> fromArgs(List<String> args) {
    Set<String> single = new java.util.HashSet<>(StoreOptions.SINGLE_OPTIONS);
    single.addAll(List.of("--port", "--nodes", "--kubeconfig", "--timeout", "--lan-cidr", "--pod-cidr", "--prefix"));
    Optional<FastArgs> parsed = FastArgs.parse(args, single, StoreOptions.LIST_OPTIONS);
    if (parsed.isEmpty()) return Optional.empty();
    FastArgs a = parsed.get();
    Optional<StoreOptions> store = StoreOptions.from(a);
    Integer port = a.intValue("--port", DEFAULT_PORT);
    Integer nodes = a.intValue("--nodes", 1);
    Integer timeout = a.intValue("--timeout", 60);
    if (store.isEmpty() || port == null || nodes == null || timeout == null) return Optional.empty();
    UpCommand up = new UpCommand();
    up.store = store.get();
    up.port = port;
    up.nodes = nodes;
    up.timeoutSeconds = timeout;
    up.kubeconfig = a.value("--kubeconfig").map(Path::of).orElse(null);
    a.value("--lan-cidr").ifPresent(v -> up.lanCidr = v);
    a.value("--pod-cidr").ifPresent(v -> up.podCidr = v);
    a.value("--prefix").ifPresent(v -> up.prefix = v);
    return Optional.of(up);
  }

  @Override
  public Integer call() throws Exception {
    long started = System.nanoTime();
    NetkubeHome home = NetkubeHome.fromEnvironment();
    OptionalLong launched = launchedByScript(System.getenv());
    StoreConfig requested;
    KubeconfigPaths userKubeconfig;
    LayoutPlan plan;
    try {
      if (nodes < 1) throw new UserError("--nodes must be at least 1", "");
      requested = store.toConfig(home);
      userKubeconfig = KubeconfigPaths.fromEnvironment(Optional.ofNullable(kubeconfig));
      plan = LayoutPlanner.plan(layoutSpec());
      Files.createDirectories(home.logsDir());
      // the network comes before the server answers: it listens on the host's LAN address too
      makeNetwork(home, plan, launched.isEmpty() && new PidFile(home.pidFile()).check(new LinuxProcessTable())
          instanceof ServerProcess.Running);
    } catch (Exception | Error e) {
      if (launched.isPresent()) stopLaunched(home, launched.getAsLong());
      throw e;
    }
    PidFile pidFile = new PidFile(home.pidFile());
    String endpoint = "https://127.0.0.1:" + port;
    if (launched.isPresent()) {
      // ./netkube found nothing running and the port free, and started the server already
      long pid = launched.getAsLong();
      System.out.println("netkube: starting the API server (pid " + pid + ", " + StoreOptions.shortName(requested)
          + " store); log: " + home.serverLog());
      ProcessHandle process = ProcessHandle.of(pid).orElse(null);
      return ready(home, plan, process, pid, endpoint, requested, userKubeconfig, started);
    }
    ServerProcess state = pidFile.check(new LinuxProcessTable());

    if (state instanceof ServerProcess.Running running) {
      return refresh(home, plan, running, requested, userKubeconfig, started);
    }
    if (state instanceof ServerProcess.Stale) {
      pidFile.remove();
      Files.deleteIfExists(home.serverInfoFile());
    }
    ensurePortFree(port);
    Process process = ServerLauncher.launch(home, serverArgs(store.toArgs(), port, plan));
    pidFile.write(process.pid());
    System.out.println("netkube: starting the API server (pid " + process.pid() + ", " + StoreOptions.shortName(requested)
        + " store); log: " + home.serverLog());
    return ready(home, plan, process.toHandle(), process.pid(), endpoint, requested, userKubeconfig, started);
  }

  /** The layout's spec from the options; a bad value is the user's error, worded for the option. */
  LayoutSpec layoutSpec() {
    try {
      return new LayoutSpec(prefix, cidr("--lan-cidr", lanCidr), nodes, cidr("--pod-cidr", podCidr), LayoutSpec.DEFAULT_SERVICE_CIDR);
    } catch (IllegalArgumentException e) {
      throw new UserError(e.getMessage(), "see ./netkube up --help");
    }
  }

  private static Cidr cidr(String option, String value) {
    try {
      return Cidr.parse(value);
    } catch (IllegalArgumentException e) {
      throw new UserError(option + " " + e.getMessage(), "");
    }
  }

  /**
   * The arguments of {@code netkube server} for this plan: the store, the port, both addresses
   * (loopback for kubectl, the LAN address for the node agents), the pod network. ./netkube
   * builds the same ones in bash (up_server_args) when it starts the server itself.
   */
  static List<String> serverArgs(List<String> storeArgs, int port, LayoutPlan plan) {
    List<String> args = new java.util.ArrayList<>(storeArgs);
    args.addAll(List.of("--port", Integer.toString(port), "--bind-address", "127.0.0.1," + plan.host().address(),
        "--cluster-cidr", plan.spec().podCidr().toString(), "--lan-link", plan.host().link()));
    return args;
  }

  /**
   * Makes (or repairs, or resizes) the cluster's network: a layout of other ranges or names is
   * removed first, unless its server still runs; names and ranges are checked; the layout file
   * is written before the first change, so that {@code down} finds everything after a crash.
   */
  private static void makeNetwork(NetkubeHome home, LayoutPlan plan, boolean serverRunning) throws Exception {
    Optional<LayoutState> state = LayoutState.read(home.layoutFile());
    LayoutSpec spec = plan.spec();
    if (state.isPresent() && !state.get().spec().withNodes(spec.nodes()).equals(spec)) {
      LayoutSpec was = state.get().spec();
      if (serverRunning) {
        throw new UserError("netkube runs with another network (prefix " + was.prefix() + ", LAN " + was.lan() + ", pod CIDR "
            + was.podCidr() + ")", "to change it: ./netkube down, then ./netkube up with the new options");
      }
      ClusterNetwork.teardown(was.prefix(), home.dir());
      Files.deleteIfExists(home.layoutFile());
      state = Optional.empty();
    }
    ClusterNetwork.check(plan, home.dir(), state.isPresent());
    // nodes the plan no longer has: their agents go before their namespaces
    AgentLauncher.stop(home, node -> !nodeNames(plan).contains(node));
    LayoutState.of(plan, Instant.now()).write(home.layoutFile());
    ClusterNetwork.Made made = ClusterNetwork.ensure(plan, home.dir());
    StringBuilder line = new StringBuilder("netkube: cluster LAN " + spec.lan() + " (netns " + plan.lanNetns() + "): host "
        + plan.host().address());
    for (LayoutPlan.Member n : plan.nodes()) line.append(", ").append(n.name()).append(' ').append(n.address());
    if (!made.removedNetns().isEmpty()) line.append("; removed ").append(String.join(", ", made.removedNetns()));
    System.out.println(line.append(made.wasComplete() ? "" : " (" + Durations.elapsed(made.took()) + ")"));
  }

  private static Set<String> nodeNames(LayoutPlan plan) {
    Set<String> names = new java.util.HashSet<>();
    for (LayoutPlan.Member n : plan.nodes()) names.add(n.name());
    return names;
  }

  /**
   * Starts the node agents that do not run yet, then waits until every node is Ready (as kubeadm
   * join and kind's --wait do), saying so when it takes more than a moment.
   */
  private void startAgents(NetkubeHome home, LayoutPlan plan) throws Exception {
    Instant started = Instant.now();
    List<AgentLauncher.Agent> agents = launchAgents(home, plan);
    if (agents.isEmpty()) return;
    Map<String, Instant> since = new java.util.TreeMap<>();
    for (AgentLauncher.Agent a : agents) since.put(a.node(), a.alreadyRunning() ? Instant.EPOCH : started);
    awaitNodes(home, since, started);
  }

  private void awaitNodes(NetkubeHome home, Map<String, Instant> since, Instant started) throws Exception {
    var credentials = dev.netkube.cli.server.ClusterCredentials.load(home).orElseThrow();
    java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
        .sslContext(ReadinessProbe.sslContext(credentials)).connectTimeout(Duration.ofSeconds(2)).build();
    java.net.http.HttpRequest list = java.net.http.HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/api/v1/nodes"))
        .timeout(Duration.ofSeconds(5)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    boolean said = false;
    List<String> waiting = new java.util.ArrayList<>(since.keySet());
    while (true) {
      try {
        var r = http.send(list, java.net.http.HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          waiting = dev.netkube.cli.cluster.agents.NodesReady.notReady(dev.netkube.model.Json.parse(r.body()), since);
        }
      } catch (IOException e) {
        // the server is ready: a failed list is retried like a node that is not Ready yet
      }
      if (waiting.isEmpty()) break;
      if (System.nanoTime() > deadline) {
        String first = waiting.get(0);
        throw new UserError("the API is ready, but " + dev.netkube.cli.cluster.agents.NodesReady.names(waiting)
            + " did not become Ready within " + timeoutSeconds + " s",
            "see " + home.agentLog(first) + " (kubectl get nodes shows the nodes as they are; ./netkube down stops everything)");
      }
      if (!said && Duration.between(started, Instant.now()).toMillis() > 1000) {
        System.out.println("netkube: waiting for " + dev.netkube.cli.cluster.agents.NodesReady.names(waiting) + " to be Ready ...");
        said = true;
      }
      Thread.sleep(100);
    }
    System.out.println("netkube: " + dev.netkube.cli.cluster.agents.NodesReady.names(since.keySet()) + " Ready ("
        + Durations.elapsed(Duration.between(started, Instant.now())) + ")");
  }

  /** Starts the node agents that do not run yet (none while netkube has no agent role). */
  private List<AgentLauncher.Agent> launchAgents(NetkubeHome home, LayoutPlan plan) throws IOException {
    List<AgentSpec> specs = new java.util.ArrayList<>();
    for (LayoutPlan.Member n : plan.nodes()) {
      // the node's kubelet credentials, as kubeadm join leaves them: issued by the cluster CA, kept in the node's folder
      dev.netkube.apiserver.pki.NodeCertificates.loadOrIssue(home.pkiDir(), home.nodeDir(n.name()), n.name(), n.address());
      specs.add(new AgentSpec(n, plan.serverUrl(port), plan.spec().podCidr(), plan.spec().prefix()));
    }
    List<AgentLauncher.Agent> agents = AgentLauncher.ensure(home, specs, AgentRole.fromMain(Main.subcommandNames()));
    List<String> startedNow = agents.stream().filter(a -> !a.alreadyRunning()).map(a -> a.node() + " (pid " + a.pid() + ")").toList();
    if (!startedNow.isEmpty()) {
      System.out.println("netkube: started the node agents " + String.join(", ", startedNow) + "; logs: "
          + home.logsDir().resolve("agent-node-*.log"));
    }
    return agents;
  }

  /**
   * The pid of the server ./netkube started before this JVM (environment variable
   * {@value #LAUNCHED_PID_ENV}); empty when it did not.
   */
  static OptionalLong launchedByScript(Map<String, String> env) {
    String value = env.getOrDefault(LAUNCHED_PID_ENV, "").trim();
    if (!value.matches("[1-9][0-9]{0,18}")) return OptionalLong.empty();
    return OptionalLong.of(Long.parseLong(value));
  }

  /** The arguments turned out wrong after ./netkube started the server: stop it again. */
  private static void stopLaunched(NetkubeHome home, long pid) {
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    try {
      new PidFile(home.pidFile()).removeIfOwnedBy(pid);
    } catch (IOException ignored) {
      // the next up finds it stale
    }
  }

  /** Waits for the server this command started, writes the kubeconfigs and says so. */
  private int ready(NetkubeHome home, LayoutPlan plan, ProcessHandle process, long pid, String endpoint, StoreConfig requested,
      KubeconfigPaths userKubeconfig, long started) throws Exception {
    List<Path> written = awaitReady(home, process, pid, URI.create(endpoint), userKubeconfig).write();
    reportKubeconfig(written);
    startAgents(home, plan);
    System.out.println("netkube is ready: API server " + endpoint + " (" + StoreOptions.shortName(requested)
        + "), context \"" + ClusterKubeconfig.NAME + "\" is now current ("
        + Durations.elapsed(Duration.ofNanos(System.nanoTime() - started)) + ")");
    return 0;
  }

  /** A server already runs: say so, wait for it if it is still starting, and rewrite the kubeconfig. */
  private int refresh(NetkubeHome home, LayoutPlan plan, ServerProcess.Running running, StoreConfig requested,
      KubeconfigPaths userKubeconfig, long started) throws Exception {
    Optional<ServerInfo> info = ServerInfo.read(home.serverInfoFile());
    String endpoint = info.map(ServerInfo::endpoint).orElse("https://127.0.0.1:" + port);
    String runningStore = info.map(ServerInfo::storeKind).orElse("");
    System.out.println("netkube: the API server already runs (pid " + running.pid() + ", " + endpoint
        + (runningStore.isEmpty() ? "" : ", " + runningStore) + "); refreshing the kubeconfig");
    if (!runningStore.isEmpty() && !runningStore.equals(StoreOptions.shortName(requested))) {
      System.err.println("netkube: note: it uses the " + runningStore + " store, not " + StoreOptions.shortName(requested)
          + "; to switch, run ./netkube down and then ./netkube up --store " + StoreOptions.shortName(requested));
    }
    ProcessHandle handle = ProcessHandle.of(running.pid()).orElseThrow(() ->
        new UserError("the API server (pid " + running.pid() + ") just exited", "run ./netkube up again"));
    List<Path> written = awaitReady(home, handle, handle.pid(), URI.create(endpoint), userKubeconfig).write();
    reportKubeconfig(written);
    startAgents(home, plan);
    System.out.println("netkube is ready: API server " + endpoint + ", context \"" + ClusterKubeconfig.NAME
        + "\" is now current (" + Durations.elapsed(Duration.ofNanos(System.nanoTime() - started)) + ")");
    return 0;
  }

  private static void reportKubeconfig(List<Path> written) {
    for (Path file : written) System.out.println("netkube: updated " + file);
  }

  private static void ensurePortFree(int port) throws IOException {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true); // a socket in TIME_WAIT does not stop the server either
      socket.bind(new InetSocketAddress("127.0.0.1", port));
    } catch (BindException e) {
      throw ServerCommand.PortInUse.error(port);
    }
  }

  /**
   * Polls /readyz until it answers ok; fails early, with the log's last lines, if the process dies.
   * While the server starts, it reads the credentials, sets up TLS and works out the kubeconfigs
   * (once the server has made the certificates, on a first start), so that what is left once the
   * server is ready is one TLS request and writing two files (returned ready to write). A poll whose connection is refused
   * costs next to nothing, so it polls every 10 ms.
   */
  private ClusterKubeconfig.Prepared awaitReady(NetkubeHome home, ProcessHandle process, long pid, URI endpoint,
      KubeconfigPaths userKubeconfig) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(timeoutSeconds).toNanos();
    boolean tty = System.console() != null;
    long nextDot = System.nanoTime() + Duration.ofSeconds(1).toNanos();
    boolean dots = false;
    ReadinessProbe probe = null;
    ClusterKubeconfig.Prepared kubeconfigs = null;
    String lastProblem = "the server has not written its certificates to " + home.pkiDir() + " yet";
    try {
      while (true) {
        if (process == null || !process.isAlive()) {
          if (dots) System.out.println();
          dots = false;
          List<String> tail = ServerLauncher.logTail(home, 20);
          System.err.println("netkube: the API server exited while starting; the last lines of " + home.serverLog() + ":");
          tail.forEach(line -> System.err.println("  | " + line));
          throw new UserError("the API server did not start",
              "see " + home.serverLog() + "; `./netkube server` runs it in the foreground so you see its output directly");
        }
        if (probe == null) {
          Optional<ClusterCredentials> loaded = ClusterCredentials.load(home);
          if (loaded.isPresent()) {
            probe = new ReadinessProbe(loaded.get());
            kubeconfigs = ClusterKubeconfig.prepare(home, userKubeconfig, endpoint.toString(), loaded.get());
          }
        }
        if (probe != null) {
          ReadinessProbe.Result result = probe.probe(endpoint, 500);
          if (result instanceof ReadinessProbe.Result.Ready) return kubeconfigs;
          lastProblem = ((ReadinessProbe.Result.NotReady) result).why();
        }
        if (System.nanoTime() > deadline) {
          throw new UserError("the API server (pid " + pid + ") did not become ready within " + timeoutSeconds
              + " s (last: " + lastProblem + ")",
              "it is still running: see " + home.serverLog() + "; ./netkube down stops it");
        }
        if (tty && System.nanoTime() > nextDot) {
          System.out.print(dots ? "." : "netkube: waiting for the API server to be ready .");
          System.out.flush();
          dots = true;
          nextDot += Duration.ofSeconds(1).toNanos();
        }
        Thread.sleep(10);
      }
    } finally {
      if (dots) System.out.println();
    }
  }
}
