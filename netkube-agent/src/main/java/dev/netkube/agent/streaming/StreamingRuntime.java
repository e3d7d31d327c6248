package dev.netkube.agent.streaming;

import java.util.List;

/**
 * What kubelet's streaming API needs from the node's container runtime; the node agent
 * implements it. Each call first checks the pod and container and throws
 * {@link StreamingException} (kubelet's wording, see its factories) when it must refuse; the
 * streaming server then answers with that status before any upgrade. Calls come on the server's
 * worker threads and may block.
 */
public interface StreamingRuntime {
  /** Starts {@code command} in the container (command and args as given, no shell). */
  ExecSession exec(PodRef pod, String container, List<String> command, boolean tty, boolean stdin)
      throws StreamingException;

  /** Attaches to the container's main process (its stdin only when the pod spec has {@code stdin: true}). */
  ExecSession attach(PodRef pod, String container, boolean tty, boolean stdin) throws StreamingException;

  /**
   * Checks, before the connection is upgraded, that the pod runs here (kubelet answers 404
   * {@code pod does not exist} otherwise). The default accepts every pod.
   */
  default void checkPortForward(PodRef pod) throws StreamingException {}

  /**
   * Connects to {@code port} on localhost in the pod's network namespace, once per forwarded
   * connection. A failure's message reaches kubectl as
   * {@code error forwarding port <port> to pod <name>, uid <uid>: <message>}.
   */
  PortConnection portForward(PodRef pod, int port) throws StreamingException;

  /** The container's current log, or its previous instance's when {@code options.previous()}. */
  LogStream logs(PodRef pod, String container, LogOptions options) throws StreamingException;
}
