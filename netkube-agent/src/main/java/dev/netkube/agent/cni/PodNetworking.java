package dev.netkube.agent.cni;

import dev.netkube.model.GoQuote;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The pod-level face of the CNI runtime, what kubelet asks of containerd's RunPodSandbox and
 * StopPodSandbox for the network: a netns per pod ({@link SandboxNetns}) wired by the node's
 * network ({@link CniRuntime}) with the pod's hostPorts. The sandbox id is the pod's uid, so that
 * an agent that restarted finds a pod's network again (and releases those of pods gone meanwhile)
 * from the cache alone. Not for hostNetwork pods: they run in the node's netns, without CNI.
 */
public final class PodNetworking {
  /** A wired pod: its sandbox id, netns (CNI_NETNS, where its containers run) and network. */
  public record Attached(String sandboxId, Path netns, PodNetwork network) {
    /** status.podIPs; the first is status.podIP. */
    public List<String> podIps() { return network.podIps(); }
  }

  /** RunPodSandbox failed; the message is kubelet's FailedCreatePodSandBox event's. */
  public static final class SetupFailure extends Exception {
    SetupFailure(String message, Throwable cause) { super(message, cause); }

    public String reason() { return KubeletMessages.FAILED_CREATE_POD_SANDBOX; }
  }

  /** The network teardown failed; the message is kubelet's FailedKillPod event's. Retry later. */
  public static final class TeardownFailure extends Exception {
    TeardownFailure(String message, Throwable cause) { super(message, cause); }

    public String reason() { return KubeletMessages.FAILED_KILL_POD; }
  }

  private final CniRuntime cni;
  private final SandboxNetns sandboxes;

  public PodNetworking(CniRuntime cni, SandboxNetns sandboxes) {
    this.cni = cni;
    this.sandboxes = sandboxes;
  }

  public CniRuntime cni() { return cni; }

  public SandboxNetns sandboxes() { return sandboxes; }

  /**
   * Makes the pod's netns and wires it (loopback, eth0 on the node's bridge, hostPorts). A pod
   * whose sandbox is already wired (agent restart) gets it back as it is; a half-made one is
   * released and made again. On failure nothing is left behind.
   */
  public Attached attach(Pod pod) throws SetupFailure {
    if (pod.getSpec() != null && Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
      throw new IllegalArgumentException("hostNetwork pods use the node's network namespace, not a sandbox's");
    }
    PodRef ref = refOf(pod);
    String id = ref.uid();
    Path netns = sandboxes.path(ref.uid());
    Optional<PodNetwork> cached = cni.cachedNetwork(id, PodSandbox.DEFAULT_IFNAME);
    if (cached.isPresent() && !cached.get().podIps().isEmpty() && NetnsMounts.isLive(netns)) {
      return new Attached(id, netns, cached.get());
    }
    try {
      if (cni.knows(id) || sandboxes.exists(ref.uid())) release(id, ref.uid()); // a half-made sandbox
    } catch (CniException e) {
      throw new SetupFailure(KubeletMessages.failedCreatePodSandbox(id, e), e);
    } catch (IOException e) {
      throw new SetupFailure(sandboxFailure("failed to remove network namespace for sandbox " + GoQuote.quote(id) + ": "
          + e.getMessage()), e);
    }
    try {
      sandboxes.create(ref.uid());
    } catch (IOException e) {
      throw new SetupFailure(sandboxFailure("failed to create network namespace for sandbox " + GoQuote.quote(id) + ": "
          + e.getMessage()), e);
    }
    try {
      PodNetwork network = cni.add(PodSandbox.of(id, netns, ref).withPortMappings(HostPorts.of(pod)));
      return new Attached(id, netns, network);
    } catch (CniException e) {
      deleteQuietly(ref.uid());
      throw new SetupFailure(KubeletMessages.failedCreatePodSandbox(id, e), e);
    } catch (RuntimeException e) {
      deleteQuietly(ref.uid());
      throw e;
    }
  }

  /**
   * Releases the pod's network (CNI DEL of what the cache knows, then the netns). Idempotent:
   * a pod without a sandbox is fine.
   */
  public void detach(String podUid) throws TeardownFailure {
    try {
      release(podUid, podUid);
    } catch (CniException e) {
      throw new TeardownFailure(KubeletMessages.failedKillPod(podUid, podUid, e), e);
    } catch (IOException e) {
      throw new TeardownFailure("error killing pod: failed to " + GoQuote.quote("KillPodSandbox") + " for "
          + GoQuote.quote(podUid) + " with KillPodSandboxError: " + GoQuote.quote(e.getMessage()), e);
    }
  }

  /**
   * After an agent restart: releases the sandboxes (cache entries and netns of this prefix) of
   * pods not in {@code podUids}; returns their uids. Failures are left for the next call.
   */
  public List<String> releaseAllBut(Set<String> podUids) {
    List<String> released = new ArrayList<>();
    for (String id : cni.attachments().stream().map(CachedAttachment::containerId).distinct().toList()) {
      if (podUids.contains(id)) continue;
      try {
        cni.del(id);
        released.add(id);
      } catch (CniException e) {
        // kept in the cache: the next call tries again
      }
    }
    try {
      for (String name : sandboxes.sweep(podUids)) {
        String uid = name.substring(sandboxes.prefix().length());
        if (!released.contains(uid)) released.add(uid);
      }
    } catch (IOException e) {
      // a netns that would not go: the next call tries again
    }
    return released;
  }

  private void release(String sandboxId, String podUid) throws CniException, IOException {
    cni.del(sandboxId);
    sandboxes.delete(podUid);
  }

  private void deleteQuietly(String podUid) {
    try {
      sandboxes.delete(podUid);
    } catch (IOException ignored) {
      // swept by releaseAllBut at the next start
    }
  }

  private static String sandboxFailure(String containerdMessage) {
    return "Failed to create pod sandbox: rpc error: code = Unknown desc = " + containerdMessage;
  }

  private static PodRef refOf(Pod pod) {
    ObjectMeta m = pod.getMetadata();
    if (m == null) throw new IllegalArgumentException("a pod needs metadata");
    String ns = m.getNamespace() == null || m.getNamespace().isEmpty() ? "default" : m.getNamespace();
    return new PodRef(ns, String.valueOf(m.getName()), m.getUid() == null ? "" : m.getUid());
  }
}
