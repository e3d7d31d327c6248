package dev.netkube.cli.cluster.agents;

import dev.netkube.cli.process.ServerProcess;
import java.util.List;

/** Which command lines are a node's agent. Pure. */
public final class AgentProcesses {
  private AgentProcesses() {}

  /** A command line running netkube's Main with {@code agent ... --node NAME}. */
  public static boolean isAgent(List<String> commandLine, String node) {
    int main = commandLine.indexOf(ServerProcess.MAIN_CLASS);
    if (main < 0) return false;
    List<String> args = commandLine.subList(main + 1, commandLine.size());
    int nodeFlag = args.indexOf("--node");
    boolean named = (nodeFlag >= 0 && nodeFlag + 1 < args.size() && args.get(nodeFlag + 1).equals(node))
        || args.contains("--node=" + node);
    return !args.isEmpty() && args.get(0).equals("agent") && named;
  }
}
