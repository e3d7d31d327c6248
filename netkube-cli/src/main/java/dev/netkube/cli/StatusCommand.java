package dev.netkube.cli;

import dev.netkube.cli.cluster.LayoutPlan;
import dev.netkube.cli.cluster.LayoutPlanner;
import dev.netkube.cli.cluster.LayoutState;
import dev.netkube.cli.cluster.NetnsProcesses;
import dev.netkube.cli.cluster.agents.AgentLauncher;
import dev.netkube.cli.process.LinuxProcessTable;
import dev.netkube.cli.process.PidFile;
import dev.netkube.cli.process.ServerProcess;
import dev.netkube.cli.server.ClusterCredentials;
import dev.netkube.cli.server.ReadinessProbe;
import dev.netkube.cli.server.ServerInfo;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Whether the server runs; exit code 0 when it does, 3 when not (as `systemctl status` and LSB do). */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = {"Show whether netkube runs, its pid, endpoint, store and uptime, and its network (LAN, nodes).",
        "Exit code 0 when running, 3 when not."})
public final class StatusCommand implements Callable<Integer> {
  static final int NOT_RUNNING = 3;

  @Override
  public Integer call() throws Exception {
    NetkubeHome home = NetkubeHome.fromEnvironment();
    ServerProcess state = new PidFile(home.pidFile()).check(new LinuxProcessTable());
    if (!(state instanceof ServerProcess.Running running)) {
      String why = state instanceof ServerProcess.Stale stale ? " (stale pid file: " + stale.reason() + ")" : "";
      System.out.println("netkube: not running" + why + "; start it with ./netkube up");
      if (printNetwork(home)) System.out.println("  (the network above is left from an earlier run: ./netkube down removes it)");
      return NOT_RUNNING;
    }
    Optional<ServerInfo> info = ServerInfo.read(home.serverInfoFile()).filter(i -> i.pid() == running.pid());
    String endpoint = info.map(ServerInfo::endpoint).orElse("https://127.0.0.1:" + UpCommand.DEFAULT_PORT);
    Optional<ClusterCredentials> credentials = ClusterCredentials.load(home);
    String readiness = credentials.isEmpty() ? "starting"
        : new ReadinessProbe(credentials.get()).probe(URI.create(endpoint)) instanceof ReadinessProbe.Result.Ready
            ? "ready" : "not ready";
    Optional<Instant> since = running.startedAt().or(() -> info.map(ServerInfo::startedAt));
    System.out.println("netkube: running");
    System.out.println("  pid:          " + running.pid());
    System.out.println("  endpoint:     " + endpoint + " (" + readiness + ")");
    System.out.println("  store:        " + info.map(ServerInfo::store).orElse("unknown"));
    System.out.println("  uptime:       " + since.map(s -> Durations.uptime(Duration.between(s, Instant.now()))).orElse("unknown"));
    System.out.println("  kubeconfig:   " + home.kubeconfig());
    System.out.println("  log:          " + home.serverLog());
    printNetwork(home);
    return 0;
  }

  /** The layout's lines, when there is one; whether anything of it exists. */
  private static boolean printNetwork(NetkubeHome home) throws java.io.IOException {
    Optional<LayoutState> state = LayoutState.read(home.layoutFile());
    if (state.isEmpty()) return false;
    LayoutPlan plan = LayoutPlanner.plan(state.get().spec());
    Set<String> netns = Set.copyOf(NetnsProcesses.names());
    boolean any = plan.netnsNames().stream().anyMatch(netns::contains);
    System.out.println("  network:      LAN " + plan.spec().lan() + ", pod CIDR " + plan.spec().podCidr() + "; host "
        + plan.host().address() + " on " + plan.host().link() + present(netns.contains(plan.lanNetns())));
    for (LayoutPlan.Member n : plan.nodes()) {
      OptionalLong agent = AgentLauncher.runningPid(home, n.name(), new LinuxProcessTable());
      System.out.println("  " + pad(n.name() + ":") + n.address() + ", netns " + n.netns() + present(netns.contains(n.netns()))
          + (agent.isPresent() ? ", agent pid " + agent.getAsLong() + " (log " + home.agentLog(n.name()) + ")" : ""));
    }
    System.out.println("  " + pad("lan client:") + plan.client().address() + ", netns " + plan.client().netns()
        + present(netns.contains(plan.client().netns())) + " (./netkube lan -- CMD)");
    return any;
  }

  private static String present(boolean exists) { return exists ? "" : " (missing: ./netkube up makes it again)"; }

  private static String pad(String label) { return label.length() >= 14 ? label + " " : (label + " ".repeat(14)).substring(0, 14); }
}
