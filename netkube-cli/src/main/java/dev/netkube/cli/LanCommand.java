package dev.netkube.cli;

import dev.netkube.cli.cluster.LayoutPlan;
import dev.netkube.cli.cluster.LayoutPlanner;
import dev.netkube.cli.cluster.LayoutState;
import dev.netkube.cli.cluster.NetnsProcesses;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code lan -- CMD...}: runs CMD in the lan client's network namespace, a host of its own on the
 * cluster LAN (the seed's "external client"), with the terminal and the environment of this one.
 * The exit code is CMD's (128 + the signal when a signal ended it).
 */
@Command(name = "lan", mixinStandardHelpOptions = true,
    description = {"Run a command as a client on the cluster LAN (the seed's \"external client\"): in the network"
        + " namespace <prefix>-client, whose address is the LAN's last one (192.168.10.254 by default).",
        "Example: ./netkube lan -- curl -s http://192.168.10.2:30000", "The exit code is the command's."})
public final class LanCommand implements Callable<Integer> {
  @Parameters(arity = "1..*", paramLabel = "CMD", description = "The command and its arguments (after --).")
  List<String> command = new ArrayList<>();

  /** Without picocli when there is a command: {@code lan [--] CMD...}; picocli for help and nothing. */
  static Optional<LanCommand> fromArgs(List<String> args) {
    List<String> rest = !args.isEmpty() && args.get(0).equals("--") ? args.subList(1, args.size()) : args;
    if (rest.isEmpty() || (rest == args && rest.get(0).startsWith("-"))) return Optional.empty();
    LanCommand lan = new LanCommand();
    lan.command = new ArrayList<>(rest);
    return Optional.of(lan);
  }

  @Override
  public Integer call() throws Exception {
    NetkubeHome home = NetkubeHome.fromEnvironment();
    LayoutState state = LayoutState.read(home.layoutFile()).orElseThrow(() ->
        new UserError("the cluster LAN is not up (no " + home.layoutFile() + ")", "start it with ./netkube up"));
    LayoutPlan plan = LayoutPlanner.plan(state.spec());
    String netns = plan.client().netns();
    if (!NetnsProcesses.names().contains(netns)) {
      throw new UserError("the lan client's network namespace " + netns + " is gone", "./netkube up makes it again");
    }
    List<String> line = new ArrayList<>(List.of("ip", "netns", "exec", netns));
    line.addAll(command);
    ignoreInterrupts();
    Process process = new ProcessBuilder(line).inheritIO().start();
    return process.waitFor();
  }

  /**
   * Ctrl-C reaches CMD directly (it is in the terminal's foreground process group); this JVM waits
   * for CMD to decide and passes its exit code on, instead of dying first.
   */
  @SuppressWarnings("restriction")
  private static void ignoreInterrupts() {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> { });
    } catch (IllegalArgumentException | LinkageError e) {
      // no such signal here: Ctrl-C then ends the JVM too, CMD still gets it
    }
  }
}
