package dev.netkube.agent.runtime;

import dev.netkube.agent.runtime.logs.LogStream;
import dev.netkube.agent.runtime.process.Kill;
import dev.netkube.agent.runtime.process.LaunchPlan;
import dev.netkube.agent.runtime.process.Pty;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A started container: its PID 1 (as the node sees it), its exit, stop with a grace period, attach and exec. Once
 * the process has exited and its output is in the log, the state directory is removed and {@link #exit()} completes.
 */
public final class RunningContainer {
  private static final Logger LOG = LoggerFactory.getLogger(RunningContainer.class);
  private static final Duration PID_WAIT = Duration.ofSeconds(10);

  private final ContainerSpec spec;
  private final Process process;
  private final Pty pty;
  private final OutputFanout output;
  private final ScheduledExecutorService timers;
  private final ContainerRuntime runtime;
  private final Instant startedAt;
  private final CompletableFuture<ContainerExit> exit = new CompletableFuture<>();
  private final OutputStream stdin;
  private final AtomicBoolean firstAttachDone = new AtomicBoolean();
  private volatile long pid1;

  RunningContainer(ContainerSpec spec, Process process, Pty pty, OutputFanout output, Clock clock,
                   ScheduledExecutorService timers, ContainerRuntime runtime) {
    this.spec = spec;
    this.process = process;
    this.pty = pty;
    this.output = output;
    this.timers = timers;
    this.runtime = runtime;
    this.startedAt = clock.instant();
    this.stdin = pty != null ? (spec.stdin() ? pty.input() : null) : (spec.stdin() ? process.getOutputStream() : null);
    this.pid1 = findPid1();
    List<Thread> pumps = pty != null
        ? List.of(pump(pty.output(), LogStream.STDOUT))
        : List.of(pump(process.getInputStream(), LogStream.STDOUT), pump(process.getErrorStream(), LogStream.STDERR));
    Thread waiter = new Thread(() -> awaitExit(pumps, clock), "container-wait-" + spec.id());
    waiter.setDaemon(true);
    waiter.start();
  }

  public String id() { return spec.id(); }

  public ContainerSpec spec() { return spec; }

  /** The container's PID 1 as the node sees it (what exec and signals target). */
  public long pid() { return pid1; }

  public Instant startedAt() { return startedAt; }

  public boolean isRunning() { return !exit.isDone(); }

  /** Completes once the container has exited, its output is in the log and its state directory is gone. */
  public CompletableFuture<ContainerExit> exit() { return exit; }

  /**
   * Graceful termination as kubelet asks the runtime for it: {@code signal} (the image's STOPSIGNAL, usually
   * SIGTERM) to the container's PID 1, then SIGKILL once {@code gracePeriod} has passed (which ends every process of
   * the container: they live in its PID namespace). As on any runtime, a PID 1 without a handler for the signal
   * ignores it and so lives out the grace period.
   */
  public CompletableFuture<ContainerExit> stop(Duration gracePeriod, int signal) {
    if (exit.isDone()) return exit;
    if (gracePeriod.isZero() || gracePeriod.isNegative()) {
      kill();
      return exit;
    }
    if (!Kill.send(pid1, signal)) kill();
    var timer = timers.schedule(this::kill, gracePeriod.toMillis(), TimeUnit.MILLISECONDS);
    exit.whenComplete((e, t) -> timer.cancel(false));
    return exit;
  }

  public CompletableFuture<ContainerExit> stop(Duration gracePeriod) { return stop(gracePeriod, Signals.SIGTERM); }

  /** SIGKILL now. */
  public void kill() {
    if (exit.isDone()) return;
    // The waiting shell reaps PID 1 and exits with 137. Only when PID 1 is not known is the shell killed: PID 1's
    // parent-death signal then takes it along.
    if (pid1 <= 0 || !Kill.send(pid1, Signals.SIGKILL)) process.destroyForcibly();
  }

  /** TIOCSWINSZ on the container's terminal (attach). */
  public void resize(int columns, int rows) throws IOException {
    if (pty != null) pty.resize(columns, rows);
  }

  /**
   * Attaches a client: the container's stdout and stderr (a tty's output goes to {@code stdout}) from now on, and its
   * stdin if it keeps one. {@code stdout}/{@code stderr} may be null for outputs the client did not ask for.
   */
  public Attachment attach(OutputStream stdout, OutputStream stderr) {
    OutputFanout.Listener listener = new OutputFanout.Listener(stdout, stderr);
    output.add(listener);
    boolean first = firstAttachDone.compareAndSet(false, true);
    Optional<OutputStream> in = Optional.ofNullable(stdin).map(s -> new OutputStream() {
      @Override
      public void write(int b) throws IOException { s.write(b); s.flush(); }

      @Override
      public void write(byte[] b, int off, int len) throws IOException { s.write(b, off, len); s.flush(); }

      @Override
      public void close() throws IOException { if (spec.stdinOnce() && first) closeStdin(); }
    });
    return new Attachment() {
      @Override
      public Optional<OutputStream> stdin() { return in; }

      @Override
      public void resize(int columns, int rows) throws IOException { RunningContainer.this.resize(columns, rows); }

      @Override
      public void close() {
        output.remove(listener);
        if (spec.stdinOnce() && first) closeStdin();
      }
    };
  }

  private void closeStdin() {
    if (stdin == null) return;
    try {
      if (pty != null) stdin.write(4); // a terminal's end of input is ^D
      else stdin.close();
    } catch (IOException ignored) {
      // the process is gone already
    }
  }

  /** Starts {@code argv} in the container's namespaces with its environment (kubectl exec). */
  public ExecSession exec(List<String> argv, boolean tty, boolean withStdin) throws IOException {
    if (!isRunning()) throw new IOException("container " + spec.id() + " is not running");
    if (argv.isEmpty()) throw new IOException("exec needs a command");
    List<EnvVar> containerEnv = spec.env();
    if (!findsCommand(argv.get(0), containerEnv)) throw ExecNotFoundException.of(argv.get(0));
    Pty execPty = tty ? Pty.open() : null;
    try {
      // containerd's CRI exec adds TERM=xterm for a terminal.
      List<EnvVar> env = tty ? EnvVar.merge(spec.env(), List.of(new EnvVar("TERM", "xterm"))) : spec.env();
      ProcessBuilder pb = new ProcessBuilder(LaunchPlan.execCommand(pid1, env, argv, Optional.ofNullable(execPty).map(Pty::slavePath)));
      pb.environment().clear();
      if (execPty != null || !withStdin) pb.redirectInput(new File("/dev/null"));
      if (execPty != null) pb.redirectOutput(new File("/dev/null")).redirectError(new File("/dev/null"));
      Process p = runtime.launch(pb::start);
      return new ProcessExec(p, execPty, withStdin);
    } catch (IOException | RuntimeException e) {
      if (execPty != null) execPty.close();
      throw e;
    }
  }

  /**
   * argv[0] as the container would find it, looked up in its filesystem through /proc/PID1/root (its mounts
   * included) with its PATH, relative names from its working directory.
   */
  private boolean findsCommand(String command, List<EnvVar> env) {
    Path root = Path.of("/proc/" + pid1 + "/root");
    if (command.contains("/")) {
      String abs = command.startsWith("/") ? command : spec.workingDir() + "/" + command;
      return Files.isExecutable(root.resolve(abs.substring(1)));
    }
    String path = EnvVar.asMap(env).getOrDefault("PATH", "");
    for (String dir : path.split(":")) {
      if (dir.isEmpty() || !dir.startsWith("/")) continue;
      Path candidate = root.resolve(dir.substring(1)).resolve(command);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) return true;
    }
    return false;
  }

  private Thread pump(InputStream in, LogStream stream) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[32 * 1024];
      try (in) {
        int n;
        while ((n = in.read(buf)) > 0) output.write(stream, buf, n);
      } catch (IOException e) {
        // the process closed its end
      } finally {
        output.end(stream);
      }
    }, "container-" + stream.tag() + "-" + spec.id());
    t.setDaemon(true);
    t.start();
    return t;
  }

  private void awaitExit(List<Thread> pumps, Clock clock) {
    int code;
    try {
      code = process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    if (pty != null) pty.releaseSlave();
    for (Thread t : pumps) {
      try {
        t.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (pty != null) pty.close();
    output.close();
    Optional<String> startError = readStartError();
    try {
      deleteTree(spec.stateDir());
    } catch (IOException e) {
      LOG.warn("could not remove the state directory of container {}: {}", spec.id(), e.toString());
    }
    exit.complete(new ContainerExit(startError.isPresent() ? 128 : code, startError.map(m -> LaunchPlan.START_ERROR_PREFIX + m + ": unknown"),
        startedAt, clock.instant()));
  }

  private Optional<String> readStartError() {
    Path f = spec.stateDir().resolve(LaunchPlan.START_ERROR_FILE);
    try {
      return Files.exists(f) ? Optional.of(Files.readString(f, StandardCharsets.UTF_8)) : Optional.empty();
    } catch (IOException e) {
      return Optional.of("error reading start error: " + e);
    }
  }

  /**
   * Waits until PID 1 has set the container up (the exec that follows is immediate) and returns its pid, which the
   * waiting shell writes once it has forked it; -1 when the container ended before.
   */
  private long findPid1() {
    Path file = spec.stateDir().resolve(LaunchPlan.PID_FILE);
    Path started = spec.stateDir().resolve(LaunchPlan.STARTED_FILE);
    long deadline = System.nanoTime() + PID_WAIT.toNanos();
    while (System.nanoTime() < deadline && process.isAlive()) {
      try {
        if (Files.exists(started) && Files.exists(file)) return Long.parseLong(Files.readString(file).trim());
        Thread.sleep(1);
      } catch (IOException | NumberFormatException e) {
        // not written yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return -1;
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
    }
  }

  @Override
  public String toString() { return "container " + spec.id() + " (pid " + pid1 + ")"; }
}
