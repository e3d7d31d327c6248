package dev.netkube.agent.streaming;

/**
 * A request the runtime refuses before any stream is opened. The server answers it the way
 * kubelet does: the HTTP status and the message as plain text, which the API server hands on
 * (kubectl prints e.g. {@code error: unable to upgrade connection: container not found ("web")}
 * for exec, or {@code Error from server (BadRequest): ...} for logs). The factories carry
 * kubelet's own wording.
 */
public final class StreamingException extends Exception {
  private final int status;

  public StreamingException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** The HTTP status kubelet answers with (404, 400, 500 ...). */
  public int status() { return status; }

  /** kubelet's exec/attach/port-forward answer for a pod it does not run. */
  public static StreamingException podDoesNotExist() { return new StreamingException(404, "pod does not exist"); }

  /** kubelet's containerLogs answer for a pod it does not run. */
  public static StreamingException podNotFoundForLogs(String pod) {
    return new StreamingException(404, "pod \"" + pod + "\" does not exist");
  }

  /** kubelet's containerLogs answer for a container the pod spec does not have. */
  public static StreamingException containerNotInPod(String container, String pod) {
    return new StreamingException(404, "container \"" + container + "\" not found in pod \"" + pod + "\"");
  }

  /** kubelet's exec/attach answer when the container has no running instance (kubelet's findContainer). */
  public static StreamingException containerNotFound(String container) {
    return new StreamingException(500, "container not found (\"" + container + "\")");
  }

  /** kubelet's containerLogs answer while the container has not started ({@code reason}: ContainerCreating, ErrImagePull ...). */
  public static StreamingException waitingToStart(String container, String pod, String reason) {
    return new StreamingException(400,
        "container \"" + container + "\" in pod \"" + pod + "\" is waiting to start: " + reason);
  }

  /** kubelet's containerLogs answer for {@code --previous} when the container never terminated. */
  public static StreamingException noPreviousContainer(String container, String pod) {
    return new StreamingException(400,
        "previous terminated container \"" + container + "\" in pod \"" + pod + "\" not found");
  }
}
