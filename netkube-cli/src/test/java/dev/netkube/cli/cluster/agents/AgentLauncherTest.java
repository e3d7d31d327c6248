package dev.netkube.cli.cluster.agents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.netkube.cli.cluster.LayoutPlan;
import dev.netkube.cli.cluster.LayoutPlanner;
import dev.netkube.cli.cluster.LayoutSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The agent's command line and the seam `up` starts agents through. Pure. */
class AgentLauncherTest {
  final LayoutPlan plan = LayoutPlanner.plan(LayoutSpec.defaults(2));
  final AgentSpec node2 = new AgentSpec(plan.nodes().get(1), plan.serverUrl(6443), plan.spec().podCidr(), "nk");

  @Test
  void theAgentRunsInItsNodesNamespaceInASessionOfItsOwn() {
    List<String> line = AgentLauncher.command(Optional.of(Path.of("/usr/bin/setsid")), Path.of("/jdk/bin/java"),
        List.of("-Xmx256m"), "/a.jar:/b.jar", node2.node().netns(), AgentRole.standardArguments(node2));
    assertThat(line).containsExactly("/usr/bin/setsid", "nsenter", "--net=/run/netns/nk-node-2", "/jdk/bin/java", "-Xmx256m",
        "-cp", "/a.jar:/b.jar", "dev.netkube.cli.Main", "agent", "--node", "node-2", "--node-ip", "192.168.10.3",
        "--server", "https://192.168.10.1:6443", "--cluster-cidr", "10.244.0.0/16", "--netns-prefix", "nk-");
    assertThat(AgentProcesses.isAgent(line, "node-2")).isTrue();
    assertThat(AgentProcesses.isAgent(line, "node-1")).isFalse();
  }

  @Test
  void noAgentRoleNoAgents() {
    assertThat(AgentRole.fromMain(Set.of("up", "down", "server")).mainArguments(node2)).isEmpty();
    assertThat(AgentRole.fromMain(Set.of("up", "agent")).mainArguments(node2)).contains(AgentRole.standardArguments(node2));
  }

  @Test
  void otherProcessesAreNotAgents() {
    assertThat(AgentProcesses.isAgent(List.of("java", "-cp", "x", "dev.netkube.cli.Main", "server", "--node", "node-2"), "node-2"))
        .isFalse();
    assertThat(AgentProcesses.isAgent(List.of("sleep", "agent", "--node", "node-2"), "node-2")).isFalse();
    assertThat(AgentProcesses.isAgent(List.of("java", "dev.netkube.cli.Main", "agent", "--node=node-2"), "node-2")).isTrue();
  }
}
