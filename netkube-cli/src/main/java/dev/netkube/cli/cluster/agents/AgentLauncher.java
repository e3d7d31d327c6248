package dev.netkube.cli.cluster.agents;

import dev.netkube.cli.NetkubeHome;
import dev.netkube.cli.process.LinuxProcessTable;
import dev.netkube.cli.process.PidFile;
import dev.netkube.cli.process.ProcessTable;
import dev.netkube.cli.process.ServerProcess;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;

/**
 * Starts and stops the node agents: one process per node, inside the node's namespace
 * ({@code setsid nsenter --net=/run/netns/nk-node-1 java ... dev.netkube.cli.Main agent --node node-1 ...}),
 * detached (its own session, stdin /dev/null), output appended to logs/agent-node-1.log, pid in
 * agents/node-1.pid. setsid and nsenter both exec, so the pid is the JVM's. nsenter enters the
 * network namespace only, not {@code ip netns exec}'s private mount namespace: the pods' network
 * namespaces the agent mounts under /run/netns must be visible to the host (and to a restarted
 * agent), and ip netns exec's mount namespace would keep them to itself.
 */
public final class AgentLauncher {
  /** Set by ./netkube: the JVM flags of the agent role (whitespace-separated). */
  public static final String JVM_OPTIONS_PROPERTY = "netkube.agent.jvmOptions";
  /** Used without the ./netkube script: a small heap, C1 only (an agent is mostly idle). */
  static final List<String> DEFAULT_JVM_OPTIONS = List.of("-XX:+UseSerialGC", "-Xss512k", "-Xms8m", "-Xmx256m",
      "-XX:MaxMetaspaceSize=96m", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData");
  static final Duration GRACE = Duration.ofSeconds(10);

  private AgentLauncher() {}

  /** One node's agent after {@link #ensure}. */
  public record Agent(String node, long pid, boolean alreadyRunning) {}

  /** The agent's command line. Pure. */
  public static List<String> command(Optional<Path> setsid, Path java, List<String> jvmOptions, String classPath,
      String netns, List<String> mainArguments) {
    List<String> command = new ArrayList<>();
    setsid.ifPresent(s -> command.add(s.toString()));
    command.addAll(List.of("nsenter", "--net=/run/netns/" + netns, java.toString()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classPath, ServerProcess.MAIN_CLASS));
    command.addAll(mainArguments);
    return command;
  }

  /**
   * Starts the agent of every node that has none running (an agent still running from an earlier
   * {@code up} is kept); nothing when the role gives no arguments.
   */
  public static List<Agent> ensure(NetkubeHome home, List<AgentSpec> specs, AgentRole role) throws IOException {
    List<Agent> agents = new ArrayList<>();
    for (AgentSpec spec : specs) {
      Optional<List<String>> args = role.mainArguments(spec);
      if (args.isEmpty()) continue;
      String node = spec.node().name();
      OptionalLong running = runningPid(home, node, new LinuxProcessTable());
      if (running.isPresent()) {
        agents.add(new Agent(node, running.getAsLong(), true));
        continue;
      }
      agents.add(new Agent(node, start(home, spec, args.get()).pid(), false));
    }
    return agents;
  }

  static Process start(NetkubeHome home, AgentSpec spec, List<String> mainArguments) throws IOException {
    String node = spec.node().name();
    Files.createDirectories(home.logsDir());
    Path setsid = Files.isExecutable(Path.of("/usr/bin/setsid")) ? Path.of("/usr/bin/setsid") : Path.of("/bin/setsid");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String options = System.getProperty(JVM_OPTIONS_PROPERTY, "").trim();
    List<String> jvmOptions = options.isEmpty() ? DEFAULT_JVM_OPTIONS : Arrays.asList(options.split("\\s+"));
    ProcessBuilder builder = new ProcessBuilder(command(Files.isExecutable(setsid) ? Optional.of(setsid) : Optional.empty(),
        java, jvmOptions, System.getProperty("java.class.path"), spec.node().netns(), mainArguments))
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(ProcessBuilder.Redirect.appendTo(home.agentLog(node).toFile()))
        .redirectErrorStream(true);
    builder.environment().put("NETKUBE_HOME", home.dir().toString());
    Process process = builder.start();
    new PidFile(home.agentPidFile(node)).write(process.pid());
    return process;
  }

  /** The pid of the node's agent when its pid file names a live agent of that node. */
  public static OptionalLong runningPid(NetkubeHome home, String node, ProcessTable processes) throws IOException {
    Optional<String> content = new PidFile(home.agentPidFile(node)).read();
    if (content.isEmpty()) return OptionalLong.empty();
    long pid;
    try {
      pid = Long.parseLong(content.get().trim());
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
    Optional<List<String>> commandLine = processes.commandLine(pid);
    return commandLine.isPresent() && AgentProcesses.isAgent(commandLine.get(), node) ? OptionalLong.of(pid) : OptionalLong.empty();
  }

  /** The nodes that have an agent pid file (running or not). */
  public static List<String> nodesWithPidFiles(NetkubeHome home) {
    List<String> nodes = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(home.agentsDir(), "*.pid")) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        nodes.add(name.substring(0, name.length() - ".pid".length()));
      }
    } catch (IOException e) {
      // no agents folder: no agents
    }
    return nodes.stream().sorted().toList();
  }

  /**
   * Stops the agents of the nodes the filter picks: SIGTERM to all at once, SIGKILL to those
   * still running after 10 s; their pid files go. Returns the pids that were running.
   */
  public static List<Long> stop(NetkubeHome home, Predicate<String> nodes) throws IOException, InterruptedException {
    List<ProcessHandle> stopping = new ArrayList<>();
    List<String> stopped = new ArrayList<>();
    for (String node : nodesWithPidFiles(home)) {
      if (!nodes.test(node)) continue;
      runningPid(home, node, new LinuxProcessTable()).ifPresent(pid -> ProcessHandle.of(pid).ifPresent(stopping::add));
      stopped.add(node);
    }
    stopping.forEach(ProcessHandle::destroy);
    long deadline = System.nanoTime() + GRACE.toNanos();
    while (stopping.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) Thread.sleep(20);
    stopping.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    for (String node : stopped) Files.deleteIfExists(home.agentPidFile(node));
    return stopping.stream().map(ProcessHandle::pid).toList();
  }
}
