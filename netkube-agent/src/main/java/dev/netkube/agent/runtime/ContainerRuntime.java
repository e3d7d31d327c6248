package dev.netkube.agent.runtime;

import dev.netkube.agent.runtime.logs.CriLogWriter;
import dev.netkube.agent.runtime.process.LaunchPlan;
import dev.netkube.agent.runtime.process.Pty;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Starts containers as processes of the node (see {@link LaunchPlan} for the namespaces). Every process is
 * started from one long-lived thread: the processes carry PR_SET_PDEATHSIG, which fires when the thread that forked
 * them ends, so a short-lived thread would kill its containers with it.
 */
public final class ContainerRuntime implements AutoCloseable {
  private final Clock clock;
  private final ExecutorService launcher = Executors.newSingleThreadExecutor(r -> daemon(r, "container-launcher"));
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "container-stop-timer"));
  private final Set<RunningContainer> running = ConcurrentHashMap.newKeySet();

  public ContainerRuntime(Clock clock) { this.clock = clock; }

  public ContainerRuntime() { this(Clock.systemUTC()); }

  /**
   * Starts the container; returns once its process exists. A start that fails inside the container (a mount, the
   * working directory, a missing argv[0]) shows in {@link RunningContainer#exit()} as a start error.
   */
  public RunningContainer start(ContainerSpec spec) throws IOException {
    Files.createDirectories(spec.stateDir());
    for (String stale : List.of(LaunchPlan.START_ERROR_FILE, LaunchPlan.PID_FILE, LaunchPlan.STARTED_FILE)) {
      Files.deleteIfExists(spec.stateDir().resolve(stale));
    }
    Pty pty = spec.tty() ? Pty.open() : null;
    try {
      List<String> command = LaunchPlan.command(spec, Optional.ofNullable(pty).map(Pty::slavePath));
      ProcessBuilder pb = new ProcessBuilder(command);
      pb.environment().clear();
      if (pty != null || !spec.stdin()) pb.redirectInput(new File("/dev/null"));
      if (pty != null) pb.redirectOutput(new File("/dev/null")).redirectError(new File("/dev/null"));
      CriLogWriter log = new CriLogWriter(spec.logFile(), clock);
      Process process;
      try {
        process = launch(pb::start);
      } catch (IOException | RuntimeException e) {
        log.close();
        throw e;
      }
      RunningContainer c = new RunningContainer(spec, process, pty, new OutputFanout(log), clock, timers, this);
      running.add(c);
      c.exit().whenComplete((e, t) -> running.remove(c));
      return c;
    } catch (IOException | RuntimeException e) {
      if (pty != null) pty.close();
      throw e;
    }
  }

  /** Runs {@code start} on the launcher thread (see the class comment). */
  Process launch(Callable<Process> start) throws IOException {
    try {
      return launcher.submit(start).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting a process", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) throw io;
      throw new UncheckedIOException(new IOException(e.getCause()));
    }
  }

  /** Containers started by this runtime that have not exited yet. */
  public Set<RunningContainer> running() { return Set.copyOf(running); }

  /** Kills every container still running (the agent is going away), then stops the runtime's threads. */
  @Override
  public void close() {
    for (RunningContainer c : running()) c.kill();
    for (RunningContainer c : running()) {
      try {
        c.exit().get(5, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // best effort: the processes carry a parent-death signal anyway
      }
    }
    launcher.shutdown();
    timers.shutdown();
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
