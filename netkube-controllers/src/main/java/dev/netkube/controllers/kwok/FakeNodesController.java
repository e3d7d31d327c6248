package dev.netkube.controllers.kwok;

import dev.netkube.controllers.runtime.Controller;
import dev.netkube.controllers.runtime.ControllerContext;
import dev.netkube.controllers.runtime.Handlers;
import dev.netkube.controllers.runtime.PodsByNode;
import dev.netkube.controllers.runtime.ReconcileLoop;
import dev.netkube.controllers.runtime.Result;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * KWOK's work for nodes that have no kubelet: for Nodes annotated {@code kwok.x-k8s.io/node: fake}
 * it renews their Lease, keeps them Ready, and plays the kubelet for pods bound to them (Running
 * and Ready with an IP of the node's podCIDR; a graceful delete finishes at once). Tests and
 * benchmarks use it to stand in for real agents, as KWOK does for kube-scheduler benchmarks.
 */
public final class FakeNodesController implements Controller {
  public static final String ANNOTATION = "kwok.x-k8s.io/node";
  public static final String FAKE = "fake";
  static final int LEASE_DURATION_SECONDS = 40;
  static final long RENEW_INTERVAL_SECONDS = 10;
  private static final Logger LOG = LoggerFactory.getLogger(FakeNodesController.class);
  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final ReconcileLoop pods = new ReconcileLoop("kwok-pods", this::reconcilePod);
  private final ReconcileLoop nodes = new ReconcileLoop("kwok-nodes", this::reconcileNode);
  private final PodAddresses addresses = new PodAddresses();
  private KubernetesClient client;
  private SharedIndexInformer<Node> nodeInformer;
  private SharedIndexInformer<Pod> podInformer;
  private SharedIndexInformer<Lease> leaseInformer;
  private ScheduledExecutorService timers;
  private Clock clock;

  @Override
  public String name() { return "kwok-controller"; }

  public static boolean isFake(Node node) {
    Map<String, String> annotations = node.getMetadata().getAnnotations();
    return annotations != null && FAKE.equals(annotations.get(ANNOTATION));
  }

  @Override
  public void register(ControllerContext context) {
    client = context.client();
    timers = context.timers();
    clock = context.clock();
    nodeInformer = context.informer(Node.class);
    podInformer = context.informer(Pod.class);
    leaseInformer = context.informer(Lease.class);
    PodsByNode.index(podInformer);
    nodeInformer.addEventHandler(Handlers.onAny(node -> {
      if (!isFake(node)) return;
      nodes.queue().add(node.getMetadata().getName());
      for (Pod p : PodsByNode.on(podInformer, node.getMetadata().getName())) pods.queue().add(Handlers.key(p));
    }));
    podInformer.addEventHandler(Handlers.onChange((old, pod) -> {
      if (pod == null) {
        release(old);
      } else if (pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty()) {
        pods.queue().add(Handlers.key(pod));
      }
    }));
  }

  @Override
  public void start() {
    for (Pod p : podInformer.getIndexer().list()) {
      Node node = nodeOf(p);
      if (node != null && isFake(node) && p.getStatus() != null && p.getStatus().getPodIP() != null
          && !podCidrOf(node).isEmpty() && !Boolean.TRUE.equals(p.getSpec().getHostNetwork())) {
        addresses.occupy(podCidrOf(node), p.getStatus().getPodIP());
      }
    }
    nodes.start(2);
    pods.start(4);
    timers.scheduleWithFixedDelay(() -> nodeInformer.getIndexer().list().stream().filter(FakeNodesController::isFake)
        .forEach(n -> nodes.queue().add(n.getMetadata().getName())), RENEW_INTERVAL_SECONDS, RENEW_INTERVAL_SECONDS, TimeUnit.SECONDS);
  }

  private Node nodeOf(Pod pod) {
    String nodeName = pod.getSpec().getNodeName();
    return nodeName == null || nodeName.isEmpty() ? null : nodeInformer.getIndexer().getByKey(nodeName);
  }

  // ------------------------------------------------------------------ nodes

  private Result reconcileNode(String name) {
    Node node = nodeInformer.getIndexer().getByKey(name);
    if (node == null || !isFake(node)) return Result.DONE;
    renewLease(node);
    if (!needsStatus(node)) return Result.DONE;
    Node updated = client.nodes().withName(name).get();
    if (updated == null) return Result.DONE;
    Instant now = clock.instant();
    if (updated.getStatus() == null) updated.setStatus(new io.fabric8.kubernetes.api.model.NodeStatus());
    updated.getStatus().setConditions(nodeConditions(now));
    if (updated.getStatus().getAllocatable() == null || updated.getStatus().getAllocatable().isEmpty()) {
      Map<String, Quantity> capacity = Map.of("cpu", new Quantity("32"), "memory", new Quantity("256Gi"), "pods", new Quantity("110"));
      updated.getStatus().setCapacity(capacity);
      updated.getStatus().setAllocatable(capacity);
    }
    if (updated.getStatus().getNodeInfo() == null || updated.getStatus().getNodeInfo().getKubeletVersion() == null) {
      updated.getStatus().setNodeInfo(new io.fabric8.kubernetes.api.model.NodeSystemInfoBuilder()
          .withKubeletVersion("fake").withKubeProxyVersion("fake").withOperatingSystem("linux").withArchitecture("amd64")
          .withContainerRuntimeVersion("kwok").withOsImage("netkube fake node").withKernelVersion("fake")
          .withMachineID("").withSystemUUID("").withBootID("").build());
    }
    client.nodes().resource(updated).updateStatus();
    return Result.DONE;
  }

  private static boolean needsStatus(Node node) {
    if (node.getStatus() == null || node.getStatus().getConditions() == null) return true;
    return node.getStatus().getConditions().stream().noneMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
        || node.getStatus().getAllocatable() == null || node.getStatus().getAllocatable().isEmpty();
  }

  private static List<NodeCondition> nodeConditions(Instant now) {
    String t = RFC3339.format(now);
    List<NodeCondition> conditions = new ArrayList<>();
    conditions.add(condition("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available", t));
    conditions.add(condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure", t));
    conditions.add(condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available", t));
    conditions.add(condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", t));
    return conditions;
  }

  private static NodeCondition condition(String type, String status, String reason, String message, String t) {
    return new NodeConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
        .withLastHeartbeatTime(t).withLastTransitionTime(t).build();
  }

  /**
   * The heartbeat kubelet sends every 10 s: kube-node-lease/<node>, renewTime now. Read from the
   * shared cache, and renewed only when due (a node event is no heartbeat): with 500 fake nodes a
   * GET and a PUT per node event were hundreds of requests a second.
   */
  private void renewLease(Node node) {
    String name = node.getMetadata().getName();
    Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
    String now = MICRO.format(at);
    var leases = client.leases().inNamespace("kube-node-lease");
    Lease cached = leaseInformer.getIndexer().getByKey("kube-node-lease/" + name);
    if (cached != null && cached.getSpec() != null && cached.getSpec().getRenewTime() != null
        && cached.getSpec().getRenewTime().toInstant().plusSeconds(RENEW_INTERVAL_SECONDS - 1).isAfter(at)) {
      return;
    }
    Lease lease = cached == null ? leases.withName(name).get() : new LeaseBuilder(cached).build();
    if (lease == null) {
      Lease fresh = new LeaseBuilder().withNewMetadata().withName(name).withNamespace("kube-node-lease")
          .addNewOwnerReference().withApiVersion("v1").withKind("Node").withName(name).withUid(node.getMetadata().getUid()).endOwnerReference()
          .endMetadata()
          .withNewSpec().withHolderIdentity(name).withLeaseDurationSeconds(LEASE_DURATION_SECONDS).withRenewTime(java.time.ZonedDateTime.parse(now)).endSpec()
          .build();
      try {
        leases.resource(fresh).create();
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) throw e;
      }
      return;
    }
    lease.getSpec().setRenewTime(java.time.ZonedDateTime.parse(now));
    leases.resource(lease).update();
  }

  // ------------------------------------------------------------------ pods

  private Result reconcilePod(String key) {
    Pod pod = podInformer.getIndexer().getByKey(key);
    if (pod == null) return Result.DONE;
    Node node = nodeOf(pod);
    if (node == null || !isFake(node)) return Result.DONE;
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      // The kubelet's part of a graceful delete: containers stopped, the pod object goes.
      client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
          .withGracePeriod(0).delete();
      return Result.DONE;
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase) || isRunningAndReady(pod)) return Result.DONE;
    PodStatus status = runningStatus(pod, node);
    if (status == null) {
      LOG.debug("pod {} waits for an address on node {} (podCIDR {})", key, node.getMetadata().getName(), podCidrOf(node));
      return Result.requeueAfter(java.time.Duration.ofSeconds(1));
    }
    pod = new io.fabric8.kubernetes.api.model.PodBuilder(pod).withStatus(status).build(); // never edit the cache's copy
    try {
      client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).updateStatus();
      LOG.debug("pod {} runs on fake node {} with IP {}", key, node.getMetadata().getName(), status.getPodIP());
    } catch (KubernetesClientException e) {
      if (!Boolean.TRUE.equals(pod.getSpec().getHostNetwork()) && status.getPodIP() != null) {
        addresses.release(podCidrOf(node), status.getPodIP());
      }
      if (e.getCode() == 404) return Result.DONE;
      throw e;
    }
    return Result.DONE;
  }

  private static boolean isRunningAndReady(Pod pod) {
    PodStatus s = pod.getStatus();
    return s != null && "Running".equals(s.getPhase()) && s.getPodIP() != null && s.getConditions() != null
        && s.getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  private PodStatus runningStatus(Pod pod, Node node) {
    String hostIp = node.getStatus() == null || node.getStatus().getAddresses() == null ? null
        : node.getStatus().getAddresses().stream().filter(a -> "InternalIP".equals(a.getType())).map(NodeAddress::getAddress).findFirst().orElse(null);
    String podIp = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
    if (Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
      podIp = hostIp;
    } else if (podIp == null) {
      String cidr = podCidrOf(node);
      if (cidr.isEmpty()) return null;
      podIp = addresses.allocate(cidr).orElse(null);
      if (podIp == null) return null;
    }
    String now = RFC3339.format(clock.instant());
    String started = pod.getStatus() != null && pod.getStatus().getStartTime() != null ? pod.getStatus().getStartTime() : now;
    List<PodCondition> conditions = new ArrayList<>();
    for (String type : List.of("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled")) {
      conditions.add(new PodConditionBuilder().withType(type).withStatus("True").withLastTransitionTime(now).build());
    }
    List<ContainerStatus> containers = new ArrayList<>();
    for (var c : pod.getSpec().getContainers()) {
      containers.add(new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage()).withImageID("")
          .withContainerID("kwok://" + pod.getMetadata().getUid() + "-" + c.getName())
          .withReady(true).withStarted(true).withRestartCount(0)
          .withNewState().withNewRunning().withStartedAt(started).endRunning().endState().build());
    }
    PodStatus status = new PodStatus();
    status.setPhase("Running");
    status.setConditions(conditions);
    status.setHostIP(hostIp);
    if (hostIp != null) status.setHostIPs(List.of(new io.fabric8.kubernetes.api.model.HostIP(hostIp)));
    status.setPodIP(podIp);
    if (podIp != null) status.setPodIPs(List.of(new PodIP(podIp)));
    status.setStartTime(started);
    status.setContainerStatuses(containers);
    status.setQosClass(pod.getStatus() == null ? null : pod.getStatus().getQosClass());
    return status;
  }

  private void release(Pod pod) {
    Node node = nodeOf(pod);
    if (node == null || !isFake(node) || pod.getStatus() == null || pod.getStatus().getPodIP() == null) return;
    if (Boolean.TRUE.equals(pod.getSpec().getHostNetwork()) || podCidrOf(node).isEmpty()) return;
    addresses.release(podCidrOf(node), pod.getStatus().getPodIP());
  }

  private static String podCidrOf(Node node) {
    return node.getSpec() == null || node.getSpec().getPodCIDR() == null ? "" : node.getSpec().getPodCIDR();
  }

  @Override
  public void close() {
    pods.close();
    nodes.close();
  }
}
