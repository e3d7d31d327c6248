package dev.netkube.controllers.nodeipam;

import dev.netkube.controllers.runtime.Controller;
import dev.netkube.controllers.runtime.ControllerContext;
import dev.netkube.controllers.runtime.EventRecorder;
import dev.netkube.controllers.runtime.Handlers;
import dev.netkube.controllers.runtime.ReconcileLoop;
import dev.netkube.controllers.runtime.Result;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Optional;

/**
 * node-ipam-controller: gives every node without one a podCIDR from the cluster CIDR
 * (DESIGN.md: 10.244.0.0/16, a /24 per node), as kube-controller-manager does with
 * --allocate-node-cidrs; the CNI bridge and host-local IPAM of each node use it.
 */
public final class NodeIpamController implements Controller {
  public static final String DEFAULT_CLUSTER_CIDR = "10.244.0.0/16";
  public static final int DEFAULT_NODE_MASK = 24;

  private final PodCidrAllocator allocator;
  private final ReconcileLoop loop = new ReconcileLoop("node-ipam-controller", this::reconcile);
  private KubernetesClient client;
  private SharedIndexInformer<Node> nodes;
  private EventRecorder events;
  private volatile boolean rebuilt;

  public NodeIpamController(String clusterCidr, int nodeMask) { this.allocator = new PodCidrAllocator(clusterCidr, nodeMask); }

  @Override
  public String name() { return "node-ipam-controller"; }

  @Override
  public void register(ControllerContext context) {
    client = context.client();
    events = context.events("node-ipam-controller");
    nodes = context.informer(Node.class);
    nodes.addEventHandler(Handlers.onChange((old, node) -> {
      if (node == null) {
        synchronized (allocator) {
          cidrOf(old).ifPresent(allocator::release);
        }
      } else {
        loop.queue().add(node.getMetadata().getName());
      }
    }));
  }

  @Override
  public void start() {
    synchronized (allocator) {
      for (Node n : nodes.getIndexer().list()) cidrOf(n).ifPresent(allocator::occupy);
      rebuilt = true;
    }
    loop.start(1);
  }

  private Result reconcile(String name) {
    Node node = nodes.getIndexer().getByKey(name);
    if (node == null || !rebuilt || cidrOf(node).isPresent()) {
      if (node != null) synchronized (allocator) { cidrOf(node).ifPresent(allocator::occupy); }
      return Result.DONE;
    }
    Optional<String> cidr;
    synchronized (allocator) {
      cidr = allocator.allocate();
    }
    if (cidr.isEmpty()) {
      events.warning(node, "CIDRNotAvailable", "Node " + name + " status is now: CIDRNotAvailable");
      return Result.requeueAfter(Duration.ofSeconds(30));
    }
    try {
      client.nodes().withName(name).patch(PatchContext.of(PatchType.JSON_MERGE),
          "{\"spec\":{\"podCIDR\":\"" + cidr.get() + "\",\"podCIDRs\":[\"" + cidr.get() + "\"]}}");
    } catch (RuntimeException e) {
      synchronized (allocator) { allocator.release(cidr.get()); }
      throw e;
    }
    return Result.DONE;
  }

  private static Optional<String> cidrOf(Node node) {
    String cidr = node.getSpec() == null ? null : node.getSpec().getPodCIDR();
    return cidr == null || cidr.isEmpty() ? Optional.empty() : Optional.of(cidr);
  }

  @Override
  public void close() { loop.close(); }
}
