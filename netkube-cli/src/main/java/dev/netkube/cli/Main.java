package dev.netkube.cli;

import dev.netkube.cli.agent.AgentCommand;
import dev.netkube.cli.dns.DnsCommand;
import dev.netkube.cli.proxy.ProxyCommand;
import dev.netkube.cli.server.ServerCdsTrainingCommand;
import dev.netkube.cli.server.ServerCommand;
import dev.netkube.cli.trace.TraceCommand;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code netkube}: start, stop and inspect a local cluster, and run its roles. */
@Command(name = "netkube", mixinStandardHelpOptions = true, version = "netkube 0.1.0",
    description = "A Kubernetes-compatible API server and service-networking stack, in one program.",
    subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, KubeconfigCommand.class, LanCommand.class,
        TraceCommand.class, ServerCommand.class, AgentCommand.class, ProxyCommand.class, DnsCommand.class, CdsTrainingCommand.class,
        ServerCdsTrainingCommand.class, CommandLine.HelpCommand.class},
    footer = {"", "State and logs live under $NETKUBE_HOME (default ~/.netkube).", ""})
public final class Main implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs one command line; returns the exit code. */
  public static int execute(String... args) {
    Optional<? extends Callable<Integer>> direct = direct(args);
    if (direct.isPresent()) {
      try {
        Integer code = direct.get().call();
        return code == null ? 0 : code;
      } catch (Exception e) {
        return report(e, new PrintWriter(System.err, true));
      }
    }
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setExecutionExceptionHandler((error, cmd, parsed) -> report(error, cmd.getErr()));
    return commandLine.execute(args);
  }

  /**
   * The start path's commands ({@code up}, {@code server}) without picocli when their arguments
   * are plain (see {@link FastArgs}): the same command objects, set as picocli would set them.
   */
  static Optional<? extends Callable<Integer>> direct(String... args) {
    if (args.length == 0) return Optional.empty();
    List<String> rest = Arrays.asList(args).subList(1, args.length);
    return switch (args[0]) {
      case "up" -> UpCommand.fromArgs(rest);
      case "server" -> ServerCommand.fromArgs(rest);
      case "lan" -> LanCommand.fromArgs(rest);
      default -> Optional.empty();
    };
  }

  /**
   * The names of Main's subcommands, read from its annotation (no picocli command model is
   * built): {@code up} starts node agents once an {@code agent} role is among them.
   */
  public static Set<String> subcommandNames() {
    Set<String> names = new java.util.HashSet<>();
    for (Class<?> sub : Main.class.getAnnotation(Command.class).subcommands()) {
      Command command = sub.getAnnotation(Command.class);
      if (command != null) names.add(command.name());
    }
    return names;
  }

  private static int report(Exception error, PrintWriter err) {
    if (error instanceof UserError userError) {
      err.println("netkube: error: " + userError.getMessage());
      if (!userError.hint().isEmpty()) err.println("  " + userError.hint());
      err.flush();
      return userError.exitCode();
    }
    err.println("netkube: error: " + (error.getMessage() == null ? error.getClass().getName() : error.getMessage()));
    if (System.getenv("NETKUBE_DEBUG") != null) {
      error.printStackTrace(err);
    } else {
      err.println("  (set NETKUBE_DEBUG=1 to see the stack trace)");
    }
    err.flush();
    return 1;
  }
}
