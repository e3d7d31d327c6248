package dev.netkube.agent.probes;

import dev.netkube.agent.probes.ProbeTracker.Result;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs one v1.Probe as kubelet's prober does: httpGet and tcpSocket from the node against the pod
 * IP (or the probe's host), exec inside the container (exit 0 passes; the output is the failure
 * message). Named ports resolve against the container's ports.
 */
public final class Prober {
  /** Runs a command in a running container; how the agent's runtime does it. */
  public interface Exec {
    /** The exit code and the combined output; a timeout is reported as an exit code below 0. */
    record Outcome(int exitCode, String output) {}

    Outcome exec(String containerId, List<String> command, Duration timeout);
  }

  private final NetworkProbes network;
  private final Exec exec;

  public Prober(NetworkProbes network, Exec exec) {
    this.network = network;
    this.exec = exec;
  }

  public Result run(Probe probe, Container container, String containerId, String podIp, Duration timeout) {
    if (probe.getExec() != null) {
      List<String> command = probe.getExec().getCommand();
      Exec.Outcome o = exec.exec(containerId, command, timeout);
      if (o.exitCode() == 0) return new Result.Success();
      if (o.exitCode() < 0) return new Result.Failure("command " + goQuote(String.join(" ", command)) + " timed out");
      return new Result.Failure(o.output().strip());
    }
    if (probe.getHttpGet() != null) {
      var h = probe.getHttpGet();
      Map<String, String> headers = new LinkedHashMap<>();
      for (HTTPHeader header : h.getHttpHeaders()) headers.put(header.getName(), header.getValue());
      String host = h.getHost() == null || h.getHost().isEmpty() ? podIp : h.getHost();
      int port;
      try {
        port = port(h.getPort(), container);
      } catch (IllegalArgumentException e) {
        return new Result.Failure(e.getMessage());
      }
      return network.httpGet(h.getScheme() == null ? "HTTP" : h.getScheme(), host, port,
          h.getPath() == null ? "/" : h.getPath(), headers, timeout);
    }
    if (probe.getTcpSocket() != null) {
      var t = probe.getTcpSocket();
      String host = t.getHost() == null || t.getHost().isEmpty() ? podIp : t.getHost();
      try {
        return network.tcpSocket(host, port(t.getPort(), container), timeout);
      } catch (IllegalArgumentException e) {
        return new Result.Failure(e.getMessage());
      }
    }
    return new Result.Failure("missing probe handler for " + container.getName());
  }

  /** kubelet's findPortByName: a named port must be one of the container's ports. */
  static int port(IntOrString port, Container container) {
    if (port == null) throw new IllegalArgumentException("port not specified");
    if (port.getIntVal() != null) return port.getIntVal();
    for (ContainerPort p : container.getPorts()) {
      if (port.getStrVal().equals(p.getName())) return p.getContainerPort();
    }
    throw new IllegalArgumentException("port " + port.getStrVal() + " not found");
  }

  private static String goQuote(String s) { return dev.netkube.model.GoQuote.quote(s); }
}
