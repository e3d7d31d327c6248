package dev.netkube.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.SharedInformerFactory;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every controller shares: one API client, one informer (one cache) per resource type
 * whichever controllers watch it, an event recorder per component, timers and the clock.
 */
public final class ControllerContext {
  private final KubernetesClient client;
  private final SharedInformerFactory factory;
  private final ScheduledExecutorService timers;
  private final Clock clock;
  private final String host;
  private final Map<Class<?>, SharedIndexInformer<?>> informers = new ConcurrentHashMap<>();
  private final ObjectCompactor compactor = new ObjectCompactor();
  private final Map<String, EventRecorder> recorders = new ConcurrentHashMap<>();
  /** As client-go's broadcaster: a bounded queue, events beyond it dropped rather than stalling controllers. */
  private final ThreadPoolExecutor eventWriters = new ThreadPoolExecutor(2, 2, 0, TimeUnit.SECONDS,
      new ArrayBlockingQueue<>(1000), daemon("event-writer"), new ThreadPoolExecutor.DiscardPolicy());

  public ControllerContext(KubernetesClient client, ScheduledExecutorService timers, Clock clock, String host) {
    this.client = client;
    this.factory = client.informers();
    this.timers = timers;
    this.clock = clock;
    this.host = host;
  }

  public KubernetesClient client() { return client; }

  public ScheduledExecutorService timers() { return timers; }

  /**
   * The PEM of the CA the client trusts for the API server: the cluster CA (what upstream's
   * kube-controller-manager gets as --root-ca-file), from the client's caCertData or caCertFile.
   */
  public String clusterCaPem() {
    io.fabric8.kubernetes.client.Config config = client.getConfiguration();
    try {
      if (config.getCaCertData() != null && !config.getCaCertData().isEmpty()) {
        return new String(java.util.Base64.getDecoder().decode(config.getCaCertData()), java.nio.charset.StandardCharsets.UTF_8);
      }
      if (config.getCaCertFile() != null && !config.getCaCertFile().isEmpty()) {
        return java.nio.file.Files.readString(java.nio.file.Path.of(config.getCaCertFile()));
      }
    } catch (java.io.IOException | IllegalArgumentException e) {
      throw new IllegalStateException("the client's CA certificate cannot be read", e);
    }
    throw new IllegalStateException("the client has no CA certificate");
  }

  public Clock clock() { return clock; }

  /** The shared informer of a type, across all namespaces; registered now, started by the manager. */
  @SuppressWarnings("unchecked")
  public <T extends HasMetadata> SharedIndexInformer<T> informer(Class<T> type) {
    return (SharedIndexInformer<T>) informers.computeIfAbsent(type,
        t -> factory.sharedIndexInformerFor(type, 0).itemStore(new CompactingStore<>(compactor)));
  }

  /** Events as {@code component} (the FROM column of kubectl describe), e.g. "deployment-controller". */
  public EventRecorder events(String component) {
    return recorders.computeIfAbsent(component, c -> new EventRecorder(client, c, host, clock, eventWriters));
  }

  SharedInformerFactory factory() { return factory; }

  /** The one compactor (one table of shared strings) of every informer's store. */
  public ObjectCompactor compactor() { return compactor; }

  void close() { eventWriters.shutdownNow(); }

  private static ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  Map<Class<?>, SharedIndexInformer<?>> informers() { return informers; }
}
