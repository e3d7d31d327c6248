package dev.netkube.apiserver.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One range's repair controller (upstream's ipallocator/controller and portallocator/controller
 * repair loops), pure: given what the allocator holds and what the stored services reference,
 * it rebuilds the allocator from the references and reports what disagreed. A value referenced
 * by two services, outside the range, or referenced but not held is reported on the service; a
 * value held but referenced by no service is a leak, kept for {@value #REPAIRS_BEFORE_LEAK_CLEANUP}
 * passes (a write may be between its allocation and its store write) and then released.
 */
public final class RangeRepair<K extends Comparable<K>> {
  /** Upstream's numRepairsBeforeLeakCleanup. */
  public static final int REPAIRS_BEFORE_LEAK_CLEANUP = 3;

  /** A value a stored service references. */
  public record Reference<K>(ServiceRef service, K value) {}

  /** The rebuilt allocator and what was found. */
  public record Result<K extends Comparable<K>>(RangeAllocator<K> rebuilt, List<Finding> findings) {}

  /** Upstream's wording for one kind of range. */
  public interface Wording<K> {
    Finding notAllocated(ServiceRef svc, K value);

    Finding alreadyAllocated(ServiceRef svc, K value);

    Finding outOfRange(ServiceRef svc, K value, String range);

    Finding full(ServiceRef svc, K value, String range);

    String mayHaveLeaked(K value);

    String leaked(K value);
  }

  private final Wording<K> wording;
  private final Map<K, Integer> leaks = new HashMap<>();

  public RangeRepair(Wording<K> wording) { this.wording = wording; }

  /**
   * One pass. {@code initial}: the allocator was just created empty at start-up (netkube keeps
   * allocations in memory only), so references that it does not hold are expected, not reported.
   */
  public Result<K> run(RangeAllocator<K> held, List<Reference<K>> references, boolean initial) {
    RangeAllocator<K> rebuilt = held.emptyCopy();
    List<Finding> findings = new ArrayList<>();
    Map<K, Boolean> unreferenced = new HashMap<>();
    held.allocated().forEach(v -> unreferenced.put(v, true));
    for (Reference<K> ref : references) {
      Grant<K> grant = rebuilt.allocate(ref.value());
      if (grant instanceof Grant.Refused<K> r) {
        findings.add(switch (r.reason()) {
          case ALREADY_ALLOCATED -> wording.alreadyAllocated(ref.service(), ref.value());
          case NOT_IN_RANGE -> wording.outOfRange(ref.service(), ref.value(), rebuilt.range());
          case FULL -> wording.full(ref.service(), ref.value(), rebuilt.range());
        });
        continue;
      }
      if (unreferenced.remove(ref.value()) == null && !initial) findings.add(wording.notAllocated(ref.service(), ref.value()));
      leaks.remove(ref.value());
    }
    leaks.keySet().retainAll(unreferenced.keySet());
    for (K value : held.allocated()) {
      if (!unreferenced.containsKey(value)) continue;
      Integer left = leaks.get(value);
      if (left == null) {
        findings.add(Finding.logOnly(wording.mayHaveLeaked(value)));
        left = REPAIRS_BEFORE_LEAK_CLEANUP - 1;
      }
      if (left > 0) {
        leaks.put(value, left - 1); // still held until the count runs out
        rebuilt.allocate(value);
      } else {
        leaks.remove(value);
        findings.add(Finding.logOnly(wording.leaked(value)));
      }
    }
    return new Result<>(rebuilt, findings);
  }

  /** Values being watched as possible leaks (tests). */
  public Map<K, Integer> suspectedLeaks() { return Map.copyOf(leaks); }

  /** Cluster IP wording (bitmap repair controller, single family). */
  public static Wording<String> clusterIps() {
    return new Wording<>() {
      public Finding notAllocated(ServiceRef s, String ip) {
        return Finding.onService(s, "ClusterIPNotAllocated", "Cluster IP [IPv4]:" + ip + " is not allocated; repairing",
            "the cluster IP [IPv4]:" + ip + " for service " + s + " is not allocated; repairing");
      }

      public Finding alreadyAllocated(ServiceRef s, String ip) {
        return Finding.onService(s, "ClusterIPAlreadyAllocated",
            "Cluster IP [IPv4]:" + ip + " was assigned to multiple services; please recreate service",
            "the cluster IP [IPv4]:" + ip + " for service " + s + " was assigned to multiple services; please recreate");
      }

      public Finding outOfRange(ServiceRef s, String ip, String range) {
        return Finding.onService(s, "ClusterIPOutOfRange",
            "Cluster IP [IPv4]:" + ip + " is not within the service CIDR " + range + "; please recreate service",
            "the cluster IP [IPv4]:" + ip + " for service " + s + " is not within the service CIDR " + range + "; please recreate");
      }

      public Finding full(ServiceRef s, String ip, String range) {
        return Finding.onService(s, "ServiceCIDRFull", "Service CIDR " + range
            + " is full; you must widen the CIDR in order to create new services for Cluster IP [IPv4]:" + ip,
            "the service CIDR " + range + " is full; you must widen the CIDR in order to create new services for Cluster IP [IPv4]:" + ip);
      }

      public String mayHaveLeaked(String ip) { return "the cluster IP " + ip + " may have leaked: flagging for later clean up"; }

      public String leaked(String ip) { return "the cluster IP " + ip + " appears to have leaked: cleaning up"; }
    };
  }

  /** Node port wording (port repair controller). */
  public static Wording<Integer> nodePorts() {
    return new Wording<>() {
      public Finding notAllocated(ServiceRef s, Integer port) {
        return Finding.onService(s, "PortNotAllocated", "Port " + port + " is not allocated; repairing",
            "the node port " + port + " for service " + s + " is not allocated; repairing");
      }

      public Finding alreadyAllocated(ServiceRef s, Integer port) {
        return Finding.onService(s, "PortAlreadyAllocated", "Port " + port + " was assigned to multiple services; please recreate service",
            "the node port " + port + " for service " + s + " was assigned to multiple services; please recreate");
      }

      public Finding outOfRange(ServiceRef s, Integer port, String range) {
        return Finding.onService(s, "PortOutOfRange", "Port " + port + " is not within the port range " + range + "; please recreate service",
            "the port " + port + " for service " + s + " is not within the port range " + range + "; please recreate");
      }

      public Finding full(ServiceRef s, Integer port, String range) {
        return Finding.onService(s, "PortRangeFull",
            "Port range " + range + " is full; you must widen the port range in order to create new services",
            "the port range " + range + " is full; you must widen the port range in order to create new services");
      }

      public String mayHaveLeaked(Integer port) { return "the node port " + port + " may have leaked: flagging for later clean up"; }

      public String leaked(Integer port) { return "the node port " + port + " appears to have leaked: cleaning up"; }
    };
  }

  /** The references of stored services, in the order given: cluster IPs, or node ports (health check included). */
  public static <K> List<Reference<K>> references(Map<ServiceRef, ServiceSpec> services,
      Function<ServiceSpec, ? extends Iterable<K>> values) {
    List<Reference<K>> out = new ArrayList<>();
    services.forEach((ref, spec) -> values.apply(spec).forEach(v -> out.add(new Reference<>(ref, v))));
    return out;
  }

}
