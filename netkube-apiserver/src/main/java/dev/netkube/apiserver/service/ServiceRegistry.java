package dev.netkube.apiserver.service;

import dev.netkube.apiserver.registry.ResourceService;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Service registry's control-plane part inside the API server: the allocators behind every
 * Service write, their rebuild at start and repair loop, and the kubernetes service. Start-up
 * order: {@link #install} (before any write), {@link #rebuild} (before serving), then
 * {@link #start} once the server's port is known.
 */
public final class ServiceRegistry {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceRegistry.class);
  /** Upstream's repair interval for both ranges. */
  public static final Duration REPAIR_INTERVAL = Duration.ofMinutes(3);
  /** Upstream's endpoint reconcile interval (the kubernetes service and its endpoints). */
  public static final Duration KUBERNETES_SERVICE_INTERVAL = Duration.ofSeconds(10);

  private final ServiceAllocator allocator;
  private final ServiceRepairController repair;
  private final KubernetesService kubernetes;

  private ServiceRegistry(ResourceService service, Ipv4Cidr cidr, PortRange nodePorts, Clock clock) {
    Random random = new Random();
    this.allocator = new ServiceAllocator(new ClusterIpAllocator(cidr, random), new NodePortAllocator(nodePorts, random));
    this.repair = new ServiceRepairController(service, allocator, new ServiceEvents(service, clock));
    this.kubernetes = new KubernetesService(service, allocator.ips().first(), clock);
  }

  /** Creates the registry and hooks its allocators into every Service write. */
  public static ServiceRegistry install(ResourceService service, Ipv4Cidr cidr, PortRange nodePorts, Clock clock) {
    ServiceRegistry registry = new ServiceRegistry(service, cidr, nodePorts, clock);
    service.addHook(new ServiceAllocationHook(registry.allocator));
    return registry;
  }

  /** Fills the allocators from the stored services. */
  public List<Finding> rebuild() { return repair.rebuild(); }

  /** One repair pass now (tests; the loop runs every {@link #REPAIR_INTERVAL}). */
  public List<Finding> repairNow() { return repair.repair(); }

  public ServiceAllocator allocator() { return allocator; }

  /**
   * Creates or fixes the kubernetes service and its endpoints ({@code address}:{@code port}),
   * then keeps them and the allocators right in the background.
   */
  public void start(String address, int port, ScheduledExecutorService timers) {
    kubernetes.ensure(address, port);
    long k = KUBERNETES_SERVICE_INTERVAL.toSeconds();
    timers.scheduleWithFixedDelay(() -> guarded("kubernetes service", () -> kubernetes.ensure(address, port)), k, k,
        TimeUnit.SECONDS);
    long r = REPAIR_INTERVAL.toSeconds();
    timers.scheduleWithFixedDelay(() -> guarded("service allocation repair", repair::repair), r, r, TimeUnit.SECONDS);
  }

  private static void guarded(String what, Runnable work) {
    try {
      work.run();
    } catch (RuntimeException e) {
      LOG.warn("{} failed; retrying later: {}", what, e.getMessage());
    }
  }
}
