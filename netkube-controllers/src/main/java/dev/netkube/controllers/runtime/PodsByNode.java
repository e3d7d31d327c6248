package dev.netkube.controllers.runtime;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.List;
import java.util.Map;

/** The pod informer's index by spec.nodeName, shared by the controllers that act per node. */
public final class PodsByNode {
  public static final String INDEX = "spec.nodeName";

  private PodsByNode() {}

  /** Adds the index once, whichever controller asks first. */
  public static synchronized void index(SharedIndexInformer<Pod> pods) {
    if (pods.getIndexer().getIndexers().containsKey(INDEX)) return;
    pods.addIndexers(Map.of(INDEX, p -> List.of(p.getSpec().getNodeName() == null ? "" : p.getSpec().getNodeName())));
  }

  /** The cached pods bound to {@code node} (an informer indexed by {@link #index}). */
  public static List<Pod> on(SharedIndexInformer<Pod> pods, String node) {
    return pods.getIndexer().byIndex(INDEX, node);
  }
}
