package dev.netkube.agent.streaming;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A TCP connection to a port inside the pod's network namespace (kubelet connects to
 * localhost:port in the pod's netns), as a pair of blocking streams.
 */
public interface PortConnection extends AutoCloseable {
  /** Bytes the pod sends; end of stream when the pod closed its side. */
  InputStream fromPod();

  /** Bytes for the pod; closing it half-closes the connection (the client finished sending). */
  OutputStream toPod();

  @Override
  void close();
}
