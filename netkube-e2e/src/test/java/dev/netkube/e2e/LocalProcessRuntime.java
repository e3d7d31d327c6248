package dev.netkube.e2e;

import dev.netkube.agent.streaming.ExecSession;
import dev.netkube.agent.streaming.LogEntry;
import dev.netkube.agent.streaming.LogOptions;
import dev.netkube.agent.streaming.LogStream;
import dev.netkube.agent.streaming.PodRef;
import dev.netkube.agent.streaming.PortConnection;
import dev.netkube.agent.streaming.StreamingException;
import dev.netkube.agent.streaming.StreamingRuntime;
import dev.netkube.agent.streaming.TerminalSize;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A stand-in for the node agent's container runtime, for the streaming tests: no containers,
 * so exec runs the command as a local process of this machine (a TTY through util-linux
 * {@code script}, which gives it a real pseudo-terminal), attach starts the container's
 * "main process" as a local process, port-forward connects to a loopback port the test maps,
 * and logs come from entries the test writes. The streaming protocols, TLS and the API server's
 * proxy in front of it are the real ones.
 */
final class LocalProcessRuntime implements StreamingRuntime {
  /** One container: its attach command, its log (current and previous instance) and whether it runs. */
  static final class Container {
    final List<String> attachCommand;
    final List<LogEntry> log = new CopyOnWriteArrayList<>();
    final List<LogEntry> previousLog = new CopyOnWriteArrayList<>();
    volatile boolean hadPrevious;
    volatile boolean running = true;
    volatile boolean logEnded;
    /** The exit code of the first attached main process, once it ended (what the agent would report). */
    final java.util.concurrent.CompletableFuture<Integer> mainExited = new java.util.concurrent.CompletableFuture<>();

    Container(List<String> attachCommand) { this.attachCommand = attachCommand; }

    synchronized void append(LogEntry e) {
      log.add(e);
      notifyAll();
    }

    synchronized void endLog() {
      logEnded = true;
      notifyAll();
    }
  }

  private final Map<String, Map<String, Container>> pods = new ConcurrentHashMap<>();
  private final Map<Integer, Integer> ports = new ConcurrentHashMap<>();
  final List<TerminalSize> resizes = new CopyOnWriteArrayList<>();

  Container add(String namespace, String pod, String container, List<String> attachCommand) {
    Container c = new Container(attachCommand);
    pods.computeIfAbsent(namespace + "/" + pod, k -> new ConcurrentHashMap<>()).put(container, c);
    return c;
  }

  /** Port {@code podPort} of every pod is the test's loopback server on {@code localPort}. */
  void mapPort(int podPort, int localPort) { ports.put(podPort, localPort); }

  private Container container(PodRef pod, String name, boolean forLogs) throws StreamingException {
    Map<String, Container> containers = pods.get(pod.namespace() + "/" + pod.name());
    if (containers == null) {
      throw forLogs ? StreamingException.podNotFoundForLogs(pod.name()) : StreamingException.podDoesNotExist();
    }
    Container c = containers.get(name);
    if (c == null) {
      throw forLogs ? StreamingException.containerNotInPod(name, pod.name()) : StreamingException.containerNotFound(name);
    }
    if (!forLogs && !c.running) throw StreamingException.containerNotFound(name);
    return c;
  }

  @Override
  public ExecSession exec(PodRef pod, String name, List<String> command, boolean tty, boolean stdin)
      throws StreamingException {
    container(pod, name, false);
    return start(command, tty, null);
  }

  @Override
  public ExecSession attach(PodRef pod, String name, boolean tty, boolean stdin) throws StreamingException {
    Container c = container(pod, name, false);
    return start(c.attachCommand, tty, c);
  }

  private ExecSession start(List<String> command, boolean tty, Container main) {
    List<String> argv = command;
    if (tty) { // script(1): the command on a new pty; -e passes its exit code on, -f flushes at once
      argv = List.of("script", "-q", "-e", "-f", "-c", shellQuote(command), "/dev/null");
    }
    try {
      Process p = new ProcessBuilder(argv).start();
      if (main != null) p.onExit().thenAccept(x -> main.mainExited.complete(x.exitValue()));
      return new ProcessSession(p, resizes);
    } catch (IOException e) {
      return new FailedSession(e.getMessage());
    }
  }

  private static String shellQuote(List<String> words) {
    List<String> out = new ArrayList<>();
    for (String w : words) out.add("'" + w.replace("'", "'\\''") + "'");
    return String.join(" ", out);
  }

  @Override
  public PortConnection portForward(PodRef pod, int port) throws StreamingException {
    container(pod, pods.get(pod.namespace() + "/" + pod.name()).keySet().iterator().next(), false);
    Integer local = ports.get(port);
    try {
      if (local == null) throw new IOException("dial tcp4 127.0.0.1:" + port + ": connect: connection refused");
      Socket s = new Socket();
      s.connect(new InetSocketAddress("127.0.0.1", local), 5000);
      return new PortConnection() {
        @Override public InputStream fromPod() {
          try {
            return s.getInputStream();
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }

        @Override public OutputStream toPod() {
          return new OutputStream() {
            @Override public void write(int b) throws IOException { s.getOutputStream().write(b); }
            @Override public void write(byte[] b, int off, int len) throws IOException { s.getOutputStream().write(b, off, len); }
            @Override public void close() throws IOException { if (!s.isClosed()) s.shutdownOutput(); }
          };
        }

        @Override public void close() {
          try {
            s.close();
          } catch (IOException ignored) {
            // closed
          }
        }
      };
    } catch (IOException e) {
      throw new StreamingException(500, e.getMessage());
    }
  }

  @Override
  public LogStream logs(PodRef pod, String name, LogOptions options) throws StreamingException {
    Container c = container(pod, name, true);
    if (options.previous()) {
      if (!c.hadPrevious) throw StreamingException.noPreviousContainer(name, pod.name());
      return new ListLog(c, c.previousLog, false);
    }
    return new ListLog(c, c.log, options.follow());
  }

  /** Entries of a list; following waits for more until the container's log ended. */
  private static final class ListLog implements LogStream {
    private final Container container;
    private final List<LogEntry> entries;
    private final boolean follow;
    private final int end;
    private int next;
    private volatile boolean closed;

    ListLog(Container container, List<LogEntry> entries, boolean follow) {
      this.container = container;
      this.entries = entries;
      this.follow = follow;
      this.end = entries.size();
    }

    @Override
    public Optional<LogEntry> next() throws InterruptedException {
      synchronized (container) {
        while (true) {
          if (closed) return Optional.empty();
          if (next < (follow ? entries.size() : end)) return Optional.of(entries.get(next++));
          if (!follow || container.logEnded) return Optional.empty();
          container.wait(200);
        }
      }
    }

    @Override
    public boolean caughtUp() { return next >= entries.size(); }

    @Override
    public void close() { closed = true; }
  }

  private static final class ProcessSession implements ExecSession {
    private final Process process;
    private final List<TerminalSize> resizes;

    ProcessSession(Process process, List<TerminalSize> resizes) {
      this.process = process;
      this.resizes = resizes;
    }

    @Override public OutputStream stdin() { return process.getOutputStream(); }
    @Override public InputStream stdout() { return process.getInputStream(); }
    @Override public InputStream stderr() { return process.getErrorStream(); }
    @Override public void resize(TerminalSize size) { resizes.add(size); }
    @Override public int waitFor() throws InterruptedException { return process.waitFor(); }

    @Override
    public void close() {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  /** The command could not start: the streams are empty and waitFor reports why. */
  private static final class FailedSession implements ExecSession {
    private final String message;

    FailedSession(String message) { this.message = message; }

    @Override public OutputStream stdin() { return OutputStream.nullOutputStream(); }
    @Override public InputStream stdout() { return InputStream.nullInputStream(); }
    @Override public InputStream stderr() { return InputStream.nullInputStream(); }
    @Override public void resize(TerminalSize size) { }
    @Override public int waitFor() throws ExecFailedException { throw new ExecFailedException(message); }
    @Override public void close() { }
  }
}
