package dev.netkube.agent;

import dev.netkube.agent.api.EventRecorder;
import dev.netkube.agent.api.PodStatusWriter;
import dev.netkube.agent.node.NodeFacts;
import dev.netkube.agent.node.NodeRegistration;
import dev.netkube.agent.pods.PodRuntime;
import dev.netkube.agent.pods.PodSupervisor;
import dev.netkube.agent.pods.PodWorker;
import dev.netkube.agent.pods.RestartBackOff;
import dev.netkube.agent.probes.NetworkProbes;
import dev.netkube.agent.probes.Prober;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node agent (netkube's kubelet): registers the node, keeps its lease, and once node IPAM gave
 * the node its pod CIDR, makes the pod network and runs the pods bound to the node.
 */
public final class Agent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  /** Makes the node's pod runtime once its pod CIDR is known (the CNI conflist needs it). */
  public interface RuntimeFactory {
    PodRuntime start(String podCidr) throws Exception;
  }

  private final KubernetesClient client;
  private final NodeFacts facts;
  private final RuntimeFactory runtimes;
  private final Clock clock = Clock.systemUTC();
  private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, daemon("agent-timer"));
  private final ExecutorService pool = Executors.newCachedThreadPool(daemon("agent-pod"));
  private final EventRecorder events;
  private NodeRegistration registration;
  private SharedIndexInformer<Pod> podInformer;
  private PodRuntime runtime;

  public Agent(KubernetesClient client, NodeFacts facts, RuntimeFactory runtimes) {
    this.client = client;
    this.facts = facts;
    this.runtimes = runtimes;
    this.events = new EventRecorder(client, facts.nodeName(), clock);
  }

  /** Registers and returns; the pods start once the pod CIDR arrived (watch {@link #podsStarted()}). */
  public void start() {
    registration = new NodeRegistration(client, facts::current, clock, timers);
    registration.start().thenAcceptAsync(this::networkReady, pool).exceptionally(e -> {
      LOG.error("node {}: the pod network could not start", facts.nodeName(), e);
      return null;
    });
  }

  private void networkReady(String podCidr) {
    try {
      runtime = runtimes.start(podCidr);
    } catch (Exception e) {
      throw new IllegalStateException("pod network on " + podCidr + ": " + e.getMessage(), e);
    }
    LOG.info("node {}: pod network ready on {}", facts.nodeName(), podCidr);
    facts.networkReady(true);
    registration.statusChanged();
    PodWorker.Shared shared = new PodWorker.Shared(runtime, new Prober(new NetworkProbes(), runtime),
        new PodStatusWriter(client, events), clock, pool, timers, new RestartBackOff(), List.of(facts.internalIp()));
    PodSupervisor supervisor = new PodSupervisor(pod -> new PodWorker(pod, shared));
    podInformer = client.pods().inAnyNamespace().withField("spec.nodeName", facts.nodeName()).inform(supervisor);
  }

  public boolean podsStarted() { return podInformer != null; }

  @Override
  public void close() {
    if (podInformer != null) podInformer.close();
    if (registration != null) registration.close();
    events.close();
    timers.shutdownNow();
    pool.shutdownNow();
  }

  private static ThreadFactory daemon(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
