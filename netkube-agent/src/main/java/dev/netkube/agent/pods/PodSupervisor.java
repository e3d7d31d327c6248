package dev.netkube.agent.pods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * The pods bound to this node, from the agent's informer (fieldSelector spec.nodeName=<node>): one
 * {@link PodWorker} per pod UID, as kubelet's pod workers. A pod that was terminal before the agent
 * saw it is left alone (kubelet never reruns a finished pod); a pod that disappears is stopped.
 */
public final class PodSupervisor implements ResourceEventHandler<Pod> {
  private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();
  private final Function<Pod, PodWorker> newWorker;

  public PodSupervisor(Function<Pod, PodWorker> newWorker) { this.newWorker = newWorker; }

  @Override
  public void onAdd(Pod pod) { seen(pod); }

  @Override
  public void onUpdate(Pod old, Pod pod) { seen(pod); }

  @Override
  public void onDelete(Pod pod, boolean finalStateUnknown) {
    PodWorker w = workers.remove(pod.getMetadata().getUid());
    if (w != null && !w.finished()) w.gone();
  }

  private void seen(Pod pod) {
    String uid = pod.getMetadata().getUid();
    PodWorker w = workers.get(uid);
    if (w == null) {
      String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
      boolean terminal = "Succeeded".equals(phase) || "Failed".equals(phase);
      if (terminal && pod.getMetadata().getDeletionTimestamp() == null) return;
      w = workers.computeIfAbsent(uid, u -> newWorker.apply(pod));
    }
    w.update(pod);
  }

  public int size() { return workers.size(); }
}
