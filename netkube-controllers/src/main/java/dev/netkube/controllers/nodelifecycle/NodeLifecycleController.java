package dev.netkube.controllers.nodelifecycle;

import dev.netkube.controllers.runtime.Controller;
import dev.netkube.controllers.runtime.ControllerContext;
import dev.netkube.controllers.runtime.EventRecorder;
import dev.netkube.controllers.runtime.Handlers;
import dev.netkube.controllers.runtime.PodsByNode;
import dev.netkube.controllers.runtime.ReconcileLoop;
import dev.netkube.controllers.runtime.Result;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * kube-controller-manager's node-lifecycle-controller, as a thin adapter over {@link NodeHealth}:
 * every monitor period (and on node or Lease changes) each node is evaluated; conditions go
 * Unknown when heartbeats stop, taints follow, and the pods of a node that stops being Ready are
 * marked not ready (their endpoints become not ready). Events as upstream's "node-controller".
 */
public final class NodeLifecycleController implements Controller {
  public static final String NAME = "node-lifecycle-controller";
  static final String EVENTS = "node-controller";
  static final String LEASE_NAMESPACE = "kube-node-lease";
  /** Upstream 1.32's --node-monitor-grace-period, --node-startup-grace-period and --node-monitor-period. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(50);
  public static final Duration DEFAULT_STARTUP_GRACE = Duration.ofSeconds(60);
  public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(5);

  private final Duration period;
  private final NodeHealth health;
  private final ReconcileLoop loop = new ReconcileLoop(NAME, this::reconcile);
  private KubernetesClient client;
  private Clock clock;
  private EventRecorder events;
  private ControllerContext context;
  private SharedIndexInformer<Node> nodes;
  private SharedIndexInformer<Lease> leases;
  private SharedIndexInformer<Pod> pods;
  private ScheduledFuture<?> ticker;
  /** Nodes whose pods could not all be marked not ready: tried again while the node is not Ready (upstream's nodesToRetry). */
  private final Set<String> markingToRetry = ConcurrentHashMap.newKeySet();

  public NodeLifecycleController(Duration gracePeriod, Duration startupGracePeriod, Duration period) {
    this.period = period;
    this.health = new NodeHealth(gracePeriod, startupGracePeriod);
  }

  /**
   * Periods from the system properties netkube.node-monitor-grace-period, netkube.node-startup-grace-period
   * and netkube.node-monitor-period ("40s", "500ms", "1m").
   */
  public static NodeLifecycleController fromSystemProperties() {
    return new NodeLifecycleController(duration(System.getProperty("netkube.node-monitor-grace-period"), DEFAULT_GRACE),
        duration(System.getProperty("netkube.node-startup-grace-period"), DEFAULT_STARTUP_GRACE),
        duration(System.getProperty("netkube.node-monitor-period"), DEFAULT_PERIOD));
  }

  static Duration duration(String s, Duration fallback) {
    if (s == null || s.isBlank()) return fallback;
    s = s.trim();
    if (s.endsWith("ms")) return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
    if (s.endsWith("s")) return Duration.ofMillis((long) (Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
    if (s.endsWith("m")) return Duration.ofSeconds(Long.parseLong(s.substring(0, s.length() - 1)) * 60);
    return Duration.ofSeconds(Long.parseLong(s));
  }

  @Override
  public String name() { return NAME; }

  @Override
  public void register(ControllerContext context) {
    this.context = context;
    client = context.client();
    clock = context.clock();
    events = context.events(EVENTS);
    nodes = context.informer(Node.class);
    leases = context.informer(Lease.class);
    pods = context.informer(Pod.class);
    PodsByNode.index(pods);
    nodes.addEventHandler(Handlers.onChange((old, node) -> {
      if (node == null) {
        health.forget(old.getMetadata().getName());
        events.normal(old, "RemovingNode", "Removing Node " + old.getMetadata().getName() + " from Controller");
        return;
      }
      if (old == null) events.normal(node, "RegisteredNode", "Registered Node " + node.getMetadata().getName() + " in Controller");
      loop.queue().add(node.getMetadata().getName());
    }));
    leases.addEventHandler(Handlers.onAny(lease -> {
      if (LEASE_NAMESPACE.equals(lease.getMetadata().getNamespace())) loop.queue().add(lease.getMetadata().getName());
    }));
  }

  @Override
  public void start() {
    loop.start(2);
    long ms = period.toMillis();
    ticker = context.timers().scheduleAtFixedRate(() -> {
      for (String name : nodes.getIndexer().listKeys()) loop.queue().add(name);
    }, ms, ms, TimeUnit.MILLISECONDS);
  }

  private Result reconcile(String name) {
    Node node = nodes.getIndexer().getByKey(name);
    if (node == null) return Result.DONE;
    Lease lease = leases.getIndexer().getByKey(LEASE_NAMESPACE + "/" + name);
    Instant now = clock.instant();
    NodeHealth.Verdict verdict = health.evaluate(observe(node, lease), now);
    // Taints first: their patch carries the cached resourceVersion, which the status write would make stale.
    if (verdict.taints().isPresent()) writeTaints(node, verdict.taints().get());
    verdict.conditions().ifPresent(c -> writeConditions(name, c));
    health.committed(name, verdict);
    if (verdict.becameNotReady()) {
      events.normal(node, "NodeNotReady", "Node " + name + " status is now: NodeNotReady");
    }
    if (verdict.readyAfter().equals("True")) {
      markingToRetry.remove(name);
    } else if (verdict.becameNotReady() || markingToRetry.contains(name)) {
      markingToRetry.add(name);
      markPodsNotReady(name); // throws on failure: the loop retries with back-off
      markingToRetry.remove(name);
    }
    return Result.DONE;
  }

  static NodeHealth.Observed observe(Node node, Lease lease) {
    List<NodeHealth.Condition> conditions = new ArrayList<>();
    if (node.getStatus() != null && node.getStatus().getConditions() != null) {
      for (NodeCondition c : node.getStatus().getConditions()) {
        conditions.add(new NodeHealth.Condition(c.getType(), str(c.getStatus()), str(c.getReason()), str(c.getMessage()),
            time(c.getLastHeartbeatTime()), time(c.getLastTransitionTime())));
      }
    }
    List<NodeHealth.Taint> taints = new ArrayList<>();
    boolean unschedulable = false;
    if (node.getSpec() != null) {
      if (node.getSpec().getTaints() != null) {
        for (var t : node.getSpec().getTaints()) {
          taints.add(new NodeHealth.Taint(str(t.getKey()), str(t.getValue()), str(t.getEffect()), time(t.getTimeAdded())));
        }
      }
      unschedulable = Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    }
    Optional<Instant> renew = lease == null || lease.getSpec() == null || lease.getSpec().getRenewTime() == null
        ? Optional.empty() : Optional.of(lease.getSpec().getRenewTime().toInstant());
    Instant created = time(node.getMetadata().getCreationTimestamp()).orElse(Instant.EPOCH);
    return new NodeHealth.Observed(node.getMetadata().getName(), created, conditions, taints, unschedulable, renew);
  }

  private void writeConditions(String name, List<NodeHealth.Condition> conditions) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (NodeHealth.Condition c : conditions) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("type", c.type());
      m.put("status", c.status());
      m.put("lastHeartbeatTime", c.lastHeartbeatTime().map(NodeLifecycleController::format).orElse(null));
      m.put("lastTransitionTime", c.lastTransitionTime().map(NodeLifecycleController::format).orElse(null));
      m.put("reason", c.reason());
      m.put("message", c.message());
      list.add(m);
    }
    String patch = Serialization.asJson(Map.of("status", Map.of("conditions", list)));
    client.nodes().withName(name).subresource("status").patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
  }

  private void writeTaints(Node node, List<NodeHealth.Taint> taints) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (NodeHealth.Taint t : taints) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("key", t.key());
      if (!t.value().isEmpty()) m.put("value", t.value());
      m.put("effect", t.effect());
      t.timeAdded().ifPresent(at -> m.put("timeAdded", format(at)));
      list.add(m);
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("taints", list.isEmpty() ? null : list); // none left: the field goes, as Go's omitempty has it
    Map<String, Object> patch = Map.of(
        "metadata", Map.of("resourceVersion", node.getMetadata().getResourceVersion()), "spec", spec);
    // A stale resourceVersion gives 409: the loop retries with the newer node.
    client.nodes().withName(node.getMetadata().getName()).patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(patch));
  }

  /** MarkPodsNotReady: the node's pods get Ready=False (once), and a NodeNotReady event. */
  private void markPodsNotReady(String node) {
    String now = format(clock.instant());
    for (Pod pod : PodsByNode.on(pods, node)) {
      if (pod.getStatus() == null || pod.getStatus().getConditions() == null) continue;
      for (PodCondition c : pod.getStatus().getConditions()) {
        if (!"Ready".equals(c.getType()) || !"True".equals(c.getStatus())) continue;
        Map<String, Object> cond = new LinkedHashMap<>();
        cond.put("type", "Ready");
        cond.put("status", "False");
        cond.put("lastTransitionTime", now);
        String patch = Serialization.asJson(Map.of("status", Map.of("conditions", List.of(cond))));
        try {
          client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
              .subresource("status").patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
          events.warning(pod, "NodeNotReady", "Node is not ready");
        } catch (KubernetesClientException e) {
          if (e.getCode() != 404) throw e;
        }
      }
    }
  }

  static Optional<Instant> time(String s) {
    if (s == null || s.isEmpty()) return Optional.empty();
    try {
      return Optional.of(OffsetDateTime.parse(s).toInstant());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String format(Instant t) {
    return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
  }

  private static String str(String s) { return s == null ? "" : s; }

  @Override
  public void close() {
    if (ticker != null) ticker.cancel(false);
    loop.close();
  }
}
