package dev.netkube.agent;

import dev.netkube.agent.images.ImageResolution;
import dev.netkube.agent.runtime.Attachment;
import dev.netkube.agent.runtime.EnvVar;
import dev.netkube.agent.runtime.RunningContainer;
import dev.netkube.agent.runtime.logs.ContainerLogPaths;
import dev.netkube.agent.streaming.ExecSession;
import dev.netkube.agent.streaming.LogOptions;
import dev.netkube.agent.streaming.LogStream;
import dev.netkube.agent.streaming.NetnsPortDialer;
import dev.netkube.agent.streaming.PodRef;
import dev.netkube.agent.streaming.PortConnection;
import dev.netkube.agent.streaming.StreamingException;
import dev.netkube.agent.streaming.StreamingRuntime;
import dev.netkube.agent.streaming.TerminalSize;
import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * kubelet's streaming side over the node's pod runtime: exec and attach into the pod's newest
 * container instance, port-forward into the pod's network namespace (the node's own for
 * hostNetwork pods), and the containers' CRI log files for {@code kubectl logs}.
 */
final class NodeStreaming implements StreamingRuntime {
  private final NodePodRuntime pods;

  NodeStreaming(NodePodRuntime pods) { this.pods = pods; }

  private NodePodRuntime.PodHere pod(PodRef ref) throws StreamingException {
    return pods.pod(ref.namespace(), ref.name()).orElseThrow(StreamingException::podDoesNotExist);
  }

  private static RunningContainer running(NodePodRuntime.PodHere here, String container) throws StreamingException {
    RunningContainer c = here.newest().get(container);
    if (c == null || !c.isRunning()) throw StreamingException.containerNotFound(container);
    return c;
  }

  @Override
  public ExecSession exec(PodRef ref, String container, List<String> command, boolean tty, boolean stdin)
      throws StreamingException {
    NodePodRuntime.PodHere here = pod(ref);
    RunningContainer c = running(here, container);
    ImageResolution.Resolved image = here.images().get(container);
    List<String> argv = image == null ? command : image.execArgv(command, EnvVar.asMap(c.spec().env()));
    try {
      return new ExecAdapter(c.exec(argv, tty, stdin));
    } catch (IOException e) {
      return new FailedExec(e.getMessage());
    }
  }

  @Override
  public ExecSession attach(PodRef ref, String container, boolean tty, boolean stdin) throws StreamingException {
    RunningContainer c = running(pod(ref), container);
    return new AttachAdapter(c, stdin && c.spec().stdin());
  }

  @Override
  public void checkPortForward(PodRef ref) throws StreamingException { pod(ref); }

  @Override
  public PortConnection portForward(PodRef ref, int port) throws StreamingException {
    NodePodRuntime.PodHere here = pod(ref);
    if (here.netns().isPresent()) return NetnsPortDialer.dial(here.netns().get(), here.pod().getMetadata().getUid(), port);
    return SocketConnection.open(port); // hostNetwork: the agent is in the node's namespace already
  }

  @Override
  public LogStream logs(PodRef ref, String container, LogOptions options) throws StreamingException {
    NodePodRuntime.PodHere here = pods.pod(ref.namespace(), ref.name())
        .orElseThrow(() -> StreamingException.podNotFoundForLogs(ref.name()));
    var pod = here.pod();
    boolean known = Stream.concat(pod.getSpec().getInitContainers().stream(), pod.getSpec().getContainers().stream())
        .map(Container::getName).anyMatch(container::equals);
    if (!known) throw StreamingException.containerNotInPod(container, ref.name());
    Path dir = pods.logs().containerDir(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
        pod.getMetadata().getUid(), container);
    try {
      if (options.previous()) {
        Optional<Path> previous = ContainerLogPaths.previous(dir);
        if (previous.isEmpty()) throw StreamingException.noPreviousContainer(container, ref.name());
        return new CriFileLogStream(previous.get(), false, () -> false);
      }
      Optional<Path> current = ContainerLogPaths.current(dir);
      if (current.isEmpty()) throw StreamingException.waitingToStart(container, ref.name(), "ContainerCreating");
      RunningContainer c = here.newest().get(container);
      return new CriFileLogStream(current.get(), options.follow(), () -> c != null && c.isRunning());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The runtime's exec as the streaming server takes it. */
  private record ExecAdapter(dev.netkube.agent.runtime.ExecSession s) implements ExecSession {
    @Override public OutputStream stdin() { return s.stdin().orElse(OutputStream.nullOutputStream()); }
    @Override public InputStream stdout() { return s.stdout(); }
    @Override public InputStream stderr() { return s.stderr(); }

    @Override public void resize(TerminalSize size) {
      try {
        s.resize(size.width(), size.height());
      } catch (IOException ignored) {
        // the exec ended meanwhile
      }
    }

    @Override public int waitFor() throws InterruptedException {
      try {
        return s.exit().get();
      } catch (java.util.concurrent.ExecutionException e) {
        return 1;
      }
    }

    @Override public void close() { s.close(); }
  }

  /** An exec whose command could not run: the runtime's message, as containerd words it. */
  private record FailedExec(String message) implements ExecSession {
    @Override public OutputStream stdin() { return OutputStream.nullOutputStream(); }
    @Override public InputStream stdout() { return InputStream.nullInputStream(); }
    @Override public InputStream stderr() { return InputStream.nullInputStream(); }
    @Override public void resize(TerminalSize size) {}
    @Override public int waitFor() throws ExecFailedException { throw new ExecFailedException(message); }
    @Override public void close() {}
  }

  /** An attach: the container's output from now on through pipes, its stdin when the spec keeps it open. */
  private static final class AttachAdapter implements ExecSession {
    private final RunningContainer container;
    private final PipedInputStream out = new PipedInputStream(65536);
    private final PipedInputStream err = new PipedInputStream(65536);
    private final Attachment attachment;
    private final boolean stdin;

    AttachAdapter(RunningContainer container, boolean stdin) {
      this.container = container;
      this.stdin = stdin;
      try {
        PipedOutputStream o = new PipedOutputStream(out);
        PipedOutputStream e = new PipedOutputStream(err);
        this.attachment = container.attach(o, e);
        container.exit().whenComplete((x, t) -> {
          try {
            o.close();
            e.close();
          } catch (IOException ignored) {
            // already closed
          }
        });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override public OutputStream stdin() {
      return stdin ? attachment.stdin().orElse(OutputStream.nullOutputStream()) : OutputStream.nullOutputStream();
    }

    @Override public InputStream stdout() { return out; }
    @Override public InputStream stderr() { return err; }

    @Override public void resize(TerminalSize size) {
      try {
        attachment.resize(size.width(), size.height());
      } catch (IOException ignored) {
        // the container ended meanwhile
      }
    }

    @Override public int waitFor() {
      return container.exit().join().exitCode();
    }

    @Override public void close() { attachment.close(); }
  }

  /** A plain TCP connection to localhost in the agent's (the node's) namespace. */
  private record SocketConnection(Socket socket) implements PortConnection {
    static SocketConnection open(int port) throws StreamingException {
      try {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        return new SocketConnection(s);
      } catch (IOException e) {
        throw new StreamingException(500, "failed to connect to localhost:" + port + " inside namespace: " + e.getMessage());
      }
    }

    @Override public InputStream fromPod() {
      try {
        return socket.getInputStream();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override public OutputStream toPod() {
      try {
        OutputStream o = socket.getOutputStream();
        return new java.io.FilterOutputStream(o) {
          @Override public void write(byte[] b, int off, int len) throws IOException { o.write(b, off, len); }
          @Override public void close() throws IOException { socket.shutdownOutput(); }
        };
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override public void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closed
      }
    }
  }
}
