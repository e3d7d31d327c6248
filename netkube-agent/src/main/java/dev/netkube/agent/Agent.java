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
    PodRuntime start(String podCidr, Context context) throws Exception;
  }

  /**
   * What the runtime reads from the API: the pods bound here when the agent starts (what an earlier
   * agent left of others is released), ConfigMaps and Secrets for env, the services for their links.
   */
  public record Context(java.util.Set<String> podsBoundHere, dev.netkube.agent.pods.EnvSources.Lookup lookup,
      java.util.function.Supplier<List<io.fabric8.kubernetes.api.model.Service>> services,
      dev.netkube.agent.volumes.PodVolumes.Api volumes) {}

  private final KubernetesClient client;
  private final NodeFacts facts;
  private final RuntimeFactory runtimes;
  private final Clock clock = Clock.systemUTC();
  private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, daemon("agent-timer"));
  private final ExecutorService pool = Executors.newCachedThreadPool(daemon("agent-pod"));
  private final EventRecorder events;
  private NodeRegistration registration;
  private SharedIndexInformer<Pod> podInformer;
  private SharedIndexInformer<io.fabric8.kubernetes.api.model.Service> serviceInformer;
  private SharedIndexInformer<io.fabric8.kubernetes.api.model.ConfigMap> imagesInformer;
  private PodRuntime runtime;

  public Agent(KubernetesClient client, NodeFacts facts, RuntimeFactory runtimes) {
    this.client = client;
    this.facts = facts;
    this.runtimes = runtimes;
    this.events = new EventRecorder(client, facts.nodeName(), clock);
  }

  /** Registers and returns; the pods start once the pod CIDR arrived. */
  public void start() {
    registration = new NodeRegistration(client, facts::current, clock, timers);
    registration.start().thenAcceptAsync(this::networkReady, pool).exceptionally(e -> {
      LOG.error("node {}: the pod network could not start", facts.nodeName(), e);
      return null;
    });
  }

  private void networkReady(String podCidr) {
    // the service links need the services, before any container starts (kubelet waits for them too);
    // their list runs while the pod network is set up
    serviceInformer = client.services().inAnyNamespace().runnableInformer(0);
    java.util.concurrent.CompletableFuture<Void> servicesSynced = serviceInformer.start().toCompletableFuture();
    java.util.Set<String> bound = new java.util.HashSet<>();
    for (Pod p : client.pods().inAnyNamespace().withField("spec.nodeName", facts.nodeName()).list().getItems()) {
      bound.add(p.getMetadata().getUid());
    }
    dev.netkube.agent.pods.EnvSources.Lookup lookup = new dev.netkube.agent.pods.EnvSources.Lookup() {
      @Override public java.util.Optional<io.fabric8.kubernetes.api.model.ConfigMap> configMap(String ns, String name) {
        return java.util.Optional.ofNullable(client.configMaps().inNamespace(ns).withName(name).get());
      }

      @Override public java.util.Optional<io.fabric8.kubernetes.api.model.Secret> secret(String ns, String name) {
        return java.util.Optional.ofNullable(client.secrets().inNamespace(ns).withName(name).get());
      }
    };
    try {
      runtime = runtimes.start(podCidr, new Context(bound, lookup, () -> serviceInformer.getStore().list(),
          new VolumeApi(client, lookup)));
    } catch (Exception e) {
      throw new IllegalStateException("pod network on " + podCidr + ": " + e.getMessage(), e);
    }
    LOG.info("node {}: pod network ready on {}", facts.nodeName(), podCidr);
    facts.networkReady(true);
    registration.statusChanged();
    if (runtime instanceof NodePodRuntime node) watchUserImages(node);
    PodWorker.Shared shared = new PodWorker.Shared(runtime, new Prober(new NetworkProbes(), runtime),
        new PodStatusWriter(client, events), clock, pool, timers, new RestartBackOff(), List.of(facts.internalIp()));
    PodSupervisor supervisor = new PodSupervisor(pod -> new PodWorker(pod, shared));
    servicesSynced.join();
    podInformer = client.pods().inAnyNamespace().withField("spec.nodeName", facts.nodeName()).inform(supervisor);
  }

  /** Users add images through the ConfigMap kube-system/netkube-images; each change applies to new containers. */
  private void watchUserImages(NodePodRuntime node) {
    var name = dev.netkube.agent.images.UserImages.CONFIG_MAP;
    imagesInformer = client.configMaps().inNamespace(dev.netkube.agent.images.UserImages.NAMESPACE).withName(name)
        .inform(new io.fabric8.kubernetes.client.informers.ResourceEventHandler<>() {
          @Override public void onAdd(io.fabric8.kubernetes.api.model.ConfigMap cm) { apply(cm.getData()); }

          @Override public void onUpdate(io.fabric8.kubernetes.api.model.ConfigMap o, io.fabric8.kubernetes.api.model.ConfigMap cm) {
            apply(cm.getData());
          }

          @Override public void onDelete(io.fabric8.kubernetes.api.model.ConfigMap cm, boolean unknown) { apply(java.util.Map.of()); }

          private void apply(java.util.Map<String, String> data) {
            for (String error : node.userImages(data)) LOG.warn("node {}: ConfigMap kube-system/{}: {}", facts.nodeName(), name, error);
          }
        });
  }

  @Override
  public void close() {
    if (podInformer != null) podInformer.close();
    if (serviceInformer != null) serviceInformer.close();
    if (imagesInformer != null) imagesInformer.close();
    if (runtime instanceof AutoCloseable c) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("node {}: runtime close: {}", facts.nodeName(), e.toString());
      }
    }
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
