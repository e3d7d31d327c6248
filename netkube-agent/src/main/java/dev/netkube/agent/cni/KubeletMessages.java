package dev.netkube.agent.cni;

import dev.netkube.model.GoQuote;

/**
 * The pod events kubelet records when the runtime's CNI calls fail, word for word: containerd
 * wraps libcni's error ("failed to setup network for sandbox ..."), gRPC adds its status
 * ("rpc error: code = Unknown desc = ..."), kubelet adds its own words and the event reason.
 */
public final class KubeletMessages {
  /** Event reason (Warning) when RunPodSandbox fails. */
  public static final String FAILED_CREATE_POD_SANDBOX = "FailedCreatePodSandBox";
  /** Event reason (Warning) when killing a pod fails, e.g. its sandbox's network teardown. */
  public static final String FAILED_KILL_POD = "FailedKillPod";

  private static final String RPC_UNKNOWN = "rpc error: code = Unknown desc = ";

  private KubeletMessages() {}

  /** containerd's RunPodSandbox error for a failed CNI ADD. */
  public static String setupNetworkFailed(String sandboxId, String cause) {
    return "failed to setup network for sandbox " + GoQuote.quote(sandboxId) + ": " + cause;
  }

  /** containerd's StopPodSandbox error for a failed CNI DEL. */
  public static String destroyNetworkFailed(String sandboxId, String cause) {
    return "failed to destroy network for sandbox " + GoQuote.quote(sandboxId) + ": " + cause;
  }

  /**
   * The FailedCreatePodSandBox event's message: {@code Failed to create pod sandbox: rpc error:
   * code = Unknown desc = failed to setup network for sandbox "<id>": plugin type="bridge" ...}.
   */
  public static String failedCreatePodSandbox(String sandboxId, CniException e) {
    return "Failed to create pod sandbox: " + RPC_UNKNOWN + setupNetworkFailed(sandboxId, e.getMessage());
  }

  /**
   * The FailedKillPod event's message when the sandbox's network teardown fails: {@code error
   * killing pod: failed to "KillPodSandbox" for "<pod uid>" with KillPodSandboxError: "rpc error:
   * ..."} (kubelet's SyncResult error, its message quoted as Go's %q).
   */
  public static String failedKillPod(String podUid, String sandboxId, CniException e) {
    String message = RPC_UNKNOWN + destroyNetworkFailed(sandboxId, e.getMessage());
    return "error killing pod: failed to " + GoQuote.quote("KillPodSandbox") + " for " + GoQuote.quote(podUid)
        + " with KillPodSandboxError: " + GoQuote.quote(message);
  }
}
