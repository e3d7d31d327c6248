package dev.netkube.agent.sandbox;

import dev.netkube.agent.cni.CniException;
import dev.netkube.agent.cni.CniRuntime;
import dev.netkube.agent.cni.PodNetwork;
import dev.netkube.agent.cni.PodRef;
import dev.netkube.agent.cni.PodSandbox;
import dev.netkube.agent.cni.PortMapping;
import dev.netkube.agent.cni.SandboxNetns;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

/**
 * The pods' sandboxes as containerd makes them for kubelet: a network namespace per pod (named
 * after its UID), wired by the CNI runtime (loopback, then the node's bridge network with the
 * pod's hostPorts), and taken down again with CNI DEL before the namespace goes.
 */
public final class PodSandboxes {
  private final CniRuntime cni;
  private final SandboxNetns netns;

  public PodSandboxes(CniRuntime cni, SandboxNetns netns) {
    this.cni = cni;
    this.netns = netns;
  }

  /** The sandbox id CNI knows the pod by (K8S_POD_INFRA_CONTAINER_ID): 64 hex digits, stable per pod UID. */
  public static String sandboxId(String podUid) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(("sandbox:" + podUid).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Makes the pod's netns and networks it; on failure nothing is left behind. */
  public PodNetwork create(Pod pod) throws IOException, CniException {
    String uid = pod.getMetadata().getUid();
    if (netns.exists(uid)) remove(pod); // a leftover of an earlier agent: start clean
    Path path = netns.create(uid);
    PodSandbox sandbox = sandbox(pod, path);
    try {
      return cni.add(sandbox);
    } catch (CniException | RuntimeException e) {
      try {
        cni.del(sandbox);
      } catch (CniException ignored) {
        // the ADD's own failure is the one to report
      }
      netns.delete(uid);
      throw e;
    }
  }

  /** CNI DEL, then the netns; nothing to do for a pod without one. */
  public void remove(Pod pod) throws IOException, CniException {
    String uid = pod.getMetadata().getUid();
    cni.del(sandbox(pod, netns.path(uid)));
    netns.delete(uid);
  }

  public Path netnsPath(String podUid) { return netns.path(podUid); }

  /** Leftovers of pods this node no longer runs (an agent crash): their CNI attachments and namespaces. */
  public List<String> sweep(Set<String> keepPodUids) throws IOException {
    for (var attachment : cni.attachments()) {
      String uid = attachment.cniArgs().pairs().stream().filter(a -> a.key().equals("K8S_POD_UID"))
          .map(a -> a.value()).findFirst().orElse(null);
      if (uid != null && !keepPodUids.contains(uid)) {
        try {
          cni.del(attachment.containerId());
        } catch (CniException e) {
          // the namespace goes below anyway; host-local's IP is released by the DEL's retry on the next sweep
        }
      }
    }
    return netns.sweep(keepPodUids);
  }

  private static PodSandbox sandbox(Pod pod, Path path) {
    PodRef ref = new PodRef(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid());
    return PodSandbox.of(sandboxId(ref.uid()), path, ref).withPortMappings(hostPorts(pod));
  }

  /** The containers' hostPorts, as kubelet hands them to the runtime (hostIP kept when set). */
  static List<PortMapping> hostPorts(Pod pod) {
    List<PortMapping> out = new ArrayList<>();
    for (Container c : pod.getSpec().getContainers()) {
      for (ContainerPort p : c.getPorts()) {
        if (p.getHostPort() == null || p.getHostPort() == 0) continue;
        out.add(new PortMapping(p.getHostPort(), p.getContainerPort(), p.getProtocol(), p.getHostIP()));
      }
    }
    return out;
  }
}
