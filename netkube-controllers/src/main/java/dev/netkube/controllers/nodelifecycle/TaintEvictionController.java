package dev.netkube.controllers.nodelifecycle;

import dev.netkube.controllers.runtime.Controller;
import dev.netkube.controllers.runtime.ControllerContext;
import dev.netkube.controllers.runtime.EventRecorder;
import dev.netkube.controllers.runtime.Handlers;
import dev.netkube.controllers.runtime.PodsByNode;
import dev.netkube.controllers.runtime.ReconcileLoop;
import dev.netkube.controllers.runtime.Result;
import dev.netkube.controllers.scheduler.Mapping;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * kube-controller-manager's taint-eviction-controller over {@link TaintEviction}: deletes pods
 * that do not tolerate (or no longer tolerate, after tolerationSeconds) a NoExecute taint of
 * their node, with the TaintManagerEviction event.
 */
public final class TaintEvictionController implements Controller {
  public static final String NAME = "taint-eviction-controller";

  private final ReconcileLoop loop = new ReconcileLoop(NAME, this::reconcile);
  private KubernetesClient client;
  private Clock clock;
  private EventRecorder events;
  private SharedIndexInformer<Node> nodes;
  private SharedIndexInformer<Pod> pods;

  @Override
  public String name() { return NAME; }

  @Override
  public void register(ControllerContext context) {
    client = context.client();
    clock = context.clock();
    events = context.events(NAME);
    nodes = context.informer(Node.class);
    pods = context.informer(Pod.class);
    PodsByNode.index(pods);
    nodes.addEventHandler(Handlers.onChange((old, node) -> {
      if (node == null || !hasNoExecute(node)) return;
      for (Pod p : PodsByNode.on(pods, node.getMetadata().getName())) {
        loop.queue().add(Handlers.key(p));
      }
    }));
    pods.addEventHandler(Handlers.onAny(p -> {
      String nodeName = p.getSpec().getNodeName();
      if (nodeName == null || nodeName.isEmpty()) return;
      Node node = nodes.getIndexer().getByKey(nodeName);
      if (node != null && hasNoExecute(node)) loop.queue().add(Handlers.key(p));
    }));
  }

  private static boolean hasNoExecute(Node node) {
    return node.getSpec() != null && node.getSpec().getTaints() != null
        && node.getSpec().getTaints().stream().anyMatch(t -> "NoExecute".equals(t.getEffect()));
  }

  @Override
  public void start() { loop.start(2); }

  private Result reconcile(String key) {
    Pod pod = pods.getIndexer().getByKey(key);
    if (pod == null || pod.getMetadata().getDeletionTimestamp() != null || pod.getSpec().getNodeName() == null) return Result.DONE;
    Node node = nodes.getIndexer().getByKey(pod.getSpec().getNodeName());
    if (node == null || !hasNoExecute(node)) return Result.DONE;
    Instant now = clock.instant();
    TaintEviction.Decision d = TaintEviction.decide(Mapping.pod(pod).tolerations(),
        NodeLifecycleController.observe(node, null).taints(), now);
    if (!(d instanceof TaintEviction.EvictAt at)) return Result.DONE;
    if (at.when().isAfter(now)) return Result.requeueAfter(Duration.between(now, at.when()));
    events.normal(pod, "TaintManagerEviction", "Marking for deletion Pod " + key);
    try {
      client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName()).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) throw e;
    }
    return Result.DONE;
  }

  @Override
  public void close() { loop.close(); }
}
