package dev.netkube.agent.streaming;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Port-forward over SPDY (kubelet's portforward httpStreamHandler): each forwarded connection
 * is a pair of streams, error and data, with the same {@code requestid} and a {@code port}
 * header. A complete pair connects to the pod's port and copies both ways; when the pod's side
 * ends, both streams get FIN. A failure is written as text on the error stream.
 */
final class PortForwardAcceptor implements SpdyServerSession.Acceptor {
  private static final Logger LOG = LoggerFactory.getLogger(PortForwardAcceptor.class);

  private final PodRef pod;
  private final StreamingRuntime runtime;
  private final ExecutorService threads;
  private final Map<String, Pair> pairs = new HashMap<>();
  private final java.util.Set<PortConnection> active = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private io.netty.channel.Channel channel;

  PortForwardAcceptor(PodRef pod, StreamingRuntime runtime, ExecutorService threads) {
    this.pod = pod;
    this.runtime = runtime;
    this.threads = threads;
  }

  void attach(io.netty.channel.Channel channel) { this.channel = channel; }

  private static final class Pair {
    SpdyStream error;
    SpdyStream data;
    InputQueue toPod;
  }

  /** Why a stream is refused, in kubelet's words; empty when its headers are good. */
  static String refusal(String port, String streamType) {
    if (port.isEmpty()) return "\"port\" header is required";
    int p;
    try {
      p = Integer.parseInt(port);
    } catch (NumberFormatException e) {
      return "unable to parse \"" + port + "\" as a port: strconv.ParseUint: parsing \"" + port + "\": invalid syntax";
    }
    if (p > 65535 || p < 0) {
      return "unable to parse \"" + port + "\" as a port: strconv.ParseUint: parsing \"" + port + "\": value out of range";
    }
    if (p < 1) return "port \"" + port + "\" must be > 0";
    if (streamType.isEmpty()) return "\"streamType\" header is required";
    if (!streamType.equals("error") && !streamType.equals("data")) return "invalid stream type \"" + streamType + "\"";
    return "";
  }

  @Override
  public boolean accept(SpdyStream stream) {
    String why = refusal(stream.header("port"), stream.header("streamtype"));
    if (!why.isEmpty()) {
      LOG.debug("refusing port-forward stream {}: {}", stream.id(), why);
      return false;
    }
    String requestId = stream.header("requestid");
    if (requestId.isEmpty()) { // old clients: pair by consecutive stream ids, as kubelet does
      requestId = Integer.toString(stream.header("streamtype").equals("error") ? stream.id() : stream.id() - 2);
    }
    Pair pair = pairs.computeIfAbsent(requestId, k -> new Pair());
    if (stream.header("streamtype").equals("error")) {
      if (pair.error != null) return false;
      pair.error = stream;
    } else {
      if (pair.data != null) return false;
      pair.data = stream;
      pair.toPod = new InputQueue(threads, pause -> channel.config().setAutoRead(!pause));
      stream.onData(pair.toPod::offer);
      stream.onRemoteEnd(pair.toPod::end);
    }
    if (pair.error != null && pair.data != null) {
      pairs.remove(requestId);
      threads.execute(() -> forward(pair));
    } else if (pair.error == null || pair.data == null) {
      String id = requestId;
      channel.eventLoop().schedule(() -> {
        Pair p = pairs.remove(id);
        if (p != null && p.error != null) { // kubelet: the pair never completed
          byte[] msg = ("timed out waiting for streams").getBytes(StandardCharsets.UTF_8);
          p.error.write(msg, msg.length);
          p.error.finish();
        }
      }, SpdyCommandAcceptor.STREAM_CREATION_SECONDS, TimeUnit.SECONDS);
    }
    return true;
  }

  private void forward(Pair pair) {
    int port = Integer.parseInt(pair.data.header("port"));
    PortConnection conn;
    try {
      conn = runtime.portForward(pod, port);
    } catch (StreamingException | RuntimeException e) {
      String msg = "error forwarding port " + port + " to pod " + pod.name() + ", uid " + pod.uid() + ": " + e.getMessage();
      LOG.debug(msg);
      pair.toPod.abandon();
      byte[] bytes = msg.getBytes(StandardCharsets.UTF_8);
      pair.error.write(bytes, bytes.length);
      pair.error.finish();
      pair.data.finish();
      return;
    }
    active.add(conn);
    if (!channel.isActive()) conn.close();
    pair.toPod.target(conn.toPod());
    byte[] buf = new byte[32 * 1024];
    try (InputStream in = conn.fromPod()) {
      int n;
      while ((n = in.read(buf)) >= 0) if (n > 0) pair.data.write(buf, n);
    } catch (IOException e) {
      LOG.debug("port-forward copy from the pod ended", e);
    } finally {
      pair.data.finish();
      pair.error.finish();
      active.remove(conn);
      conn.close();
    }
  }

  @Override
  public void closed() {
    for (Pair p : pairs.values()) if (p.toPod != null) p.toPod.abandon();
    pairs.clear();
    for (PortConnection c : active) c.close(); // unblocks the copies
  }
}
