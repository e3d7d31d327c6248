package dev.netkube.agent.node;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A kubelet's part of its Node's life, over the API: registers the Node (or takes over the one that
 * exists), renews its Lease in kube-node-lease every 10 s (the heartbeat the node lifecycle
 * controller watches), posts the status every 10 s when it changed and every 5 minutes anyway
 * (kubelet's nodeStatusUpdateFrequency and nodeStatusReportFrequency), and tells when node IPAM
 * has given the node its spec.podCIDR.
 */
public final class NodeRegistration implements AutoCloseable {
  static final String LEASE_NAMESPACE = "kube-node-lease";
  static final int LEASE_SECONDS = 40;
  static final Duration RENEW = Duration.ofSeconds(10);
  static final Duration REPORT = Duration.ofMinutes(5);
  private static final Logger LOG = LoggerFactory.getLogger(NodeRegistration.class);

  private final KubernetesClient client;
  private final Supplier<NodeStatusBuilder.Facts> facts;
  private final Clock clock;
  private final ScheduledExecutorService timers;
  private final CompletableFuture<String> podCidr = new CompletableFuture<>();
  private volatile NodeStatus lastPosted;
  private volatile Instant lastPostedAt = Instant.EPOCH;

  public NodeRegistration(KubernetesClient client, Supplier<NodeStatusBuilder.Facts> facts, Clock clock,
      ScheduledExecutorService timers) {
    this.client = client;
    this.facts = facts;
    this.clock = clock;
    this.timers = timers;
  }

  /** Registers, then keeps the lease and status up; the future completes with the node's pod CIDR. */
  public CompletableFuture<String> start() {
    timers.execute(this::registerUntilDone);
    return podCidr;
  }

  /**
   * kubelet keeps trying to register until the API server answers: an agent may start before its
   * server is ready (`up` starts both at once), so a refused connection is retried every 100 ms.
   */
  private void registerUntilDone() {
    try {
      register();
    } catch (KubernetesClientException e) {
      if (e.getCode() > 0 && e.getCode() != 503 && e.getCode() != 429) LOG.warn("node {}: registration failed: {}", name(), e.getMessage());
      else LOG.debug("node {}: the API server does not answer yet: {}", name(), e.toString());
      timers.schedule(this::registerUntilDone, 100, TimeUnit.MILLISECONDS);
      return;
    }
    timers.scheduleWithFixedDelay(this::heartbeat, 0, RENEW.toMillis(), TimeUnit.MILLISECONDS);
    awaitPodCidr();
  }

  /** Node IPAM assigns spec.podCIDR right after registration: look every 100 ms, not only at the next heartbeat. */
  private void awaitPodCidr() {
    if (podCidr.isDone()) return;
    timers.schedule(() -> {
      try {
        Node n = client.nodes().withName(name()).get();
        if (n != null) notePodCidr(n);
      } catch (RuntimeException e) {
        LOG.debug("node {}: pod CIDR not known yet: {}", name(), e.toString());
      }
      awaitPodCidr();
    }, 100, TimeUnit.MILLISECONDS);
  }

  public CompletableFuture<String> podCidr() { return podCidr; }

  /** Something the status shows changed (the pod network became ready): post now, not at the next heartbeat. */
  public void statusChanged() {
    timers.execute(() -> {
      try {
        postStatus(true);
      } catch (RuntimeException e) {
        LOG.warn("node {}: status post failed: {}", name(), e.toString());
      }
    });
  }

  private String name() { return facts.get().nodeName(); }

  private void register() {
    Node wanted = NodeStatusBuilder.registration(facts.get(), clock.instant());
    try {
      Node created = client.nodes().resource(wanted).create();
      LOG.info("registered node {}", name());
      notePodCidr(created);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409) throw e;
      LOG.info("node {} exists: taking it over", name()); // kubelet restarts re-register the same way
      postStatus(true);
    }
  }

  private void heartbeat() {
    try {
      renewLease();
      postStatus(false);
    } catch (RuntimeException e) {
      LOG.warn("node {} heartbeat failed: {}", name(), e.toString());
    }
  }

  void renewLease() {
    var leases = client.leases().inNamespace(LEASE_NAMESPACE);
    ZonedDateTime now = ZonedDateTime.now(clock).truncatedTo(ChronoUnit.MICROS);
    Lease lease = leases.withName(name()).get();
    if (lease == null) {
      Node node = client.nodes().withName(name()).get();
      LeaseBuilder fresh = new LeaseBuilder().withNewMetadata().withName(name()).withNamespace(LEASE_NAMESPACE).endMetadata()
          .withNewSpec().withHolderIdentity(name()).withLeaseDurationSeconds(LEASE_SECONDS).withRenewTime(now).endSpec();
      if (node != null) {
        fresh.editMetadata().addNewOwnerReference().withApiVersion("v1").withKind("Node").withName(name())
            .withUid(node.getMetadata().getUid()).endOwnerReference().endMetadata();
      }
      leases.resource(fresh.build()).create();
      return;
    }
    lease.getSpec().setHolderIdentity(name());
    lease.getSpec().setLeaseDurationSeconds(LEASE_SECONDS);
    lease.getSpec().setRenewTime(now);
    leases.resource(lease).update();
  }

  /** Posts the status when it differs from the last one posted (heartbeat times aside), or REPORT after the last post. */
  void postStatus(boolean force) {
    Node current = client.nodes().withName(name()).get();
    if (current == null) {
      register();
      return;
    }
    notePodCidr(current);
    List<NodeCondition> previous = current.getStatus() == null ? List.of() : current.getStatus().getConditions();
    Instant now = clock.instant();
    NodeStatus next = NodeStatusBuilder.status(facts.get(), previous, now);
    if (!force && lastPosted != null && sameIgnoringHeartbeats(lastPosted, next)
        && Duration.between(lastPostedAt, now).compareTo(REPORT) < 0) {
      return;
    }
    // a merge patch of the status, as kubelet patches it: node IPAM or the lifecycle controller
    // writing the Node meanwhile must not make the post fail (an update would, with a conflict)
    var patch = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
    patch.set("status", new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(next));
    client.nodes().withName(name()).subresource("status").patch(
        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
        patch.toString());
    lastPosted = next;
    lastPostedAt = now;
  }

  private void notePodCidr(Node node) {
    Optional.ofNullable(node.getSpec()).map(s -> s.getPodCIDR()).filter(c -> !c.isEmpty()).ifPresent(podCidr::complete);
  }

  static boolean sameIgnoringHeartbeats(NodeStatus a, NodeStatus b) {
    NodeStatus x = strip(a);
    NodeStatus y = strip(b);
    return x.equals(y);
  }

  private static NodeStatus strip(NodeStatus s) {
    NodeStatus copy = new io.fabric8.kubernetes.api.model.NodeStatusBuilder(s).build();
    copy.getConditions().forEach(c -> c.setLastHeartbeatTime(null));
    return copy;
  }

  @Override
  public void close() { timers.shutdownNow(); }
}
