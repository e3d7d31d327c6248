package dev.netkube.cli;

import dev.netkube.cli.server.ServerCdsTrainingCommand;
import dev.netkube.cli.server.ServerCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code netkube}: start, stop and inspect a local cluster, and run its roles. */
@Command(name = "netkube", mixinStandardHelpOptions = true, version = "netkube 0.1.0",
    description = "A Kubernetes-compatible API server and service-networking stack, in one program.",
    subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, KubeconfigCommand.class,
        ServerCommand.class, CdsTrainingCommand.class, ServerCdsTrainingCommand.class, CommandLine.HelpCommand.class},
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
    CommandLine commandLine = new CommandLine(new Main());
    commandLine.setExecutionExceptionHandler((error, cmd, parsed) -> report(error, cmd.getErr()));
    return commandLine.execute(args);
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
