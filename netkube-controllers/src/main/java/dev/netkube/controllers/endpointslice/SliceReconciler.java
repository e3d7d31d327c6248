package dev.netkube.controllers.endpointslice;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The pure core of the endpointslice-controller: a service, the pods its selector picks, the
 * known nodes and the service's existing slices in; the creates, updates and deletes out.
 * Upstream's minimal-churn rules: endpoints are grouped by address type and by their resolved
 * port set; an endpoint that is still wanted keeps its slice (updated in place when its
 * conditions change); slices being updated anyway are filled first, then the unchanged slice
 * that ends closest to full, then new slices; a slice left empty is deleted, and a create plus a
 * delete become one update. A service with no endpoints has one empty placeholder slice.
 * Deterministic: pods are taken in name order.
 */
public final class SliceReconciler {
  public static final int MAX_ENDPOINTS_PER_SLICE = 100;
  public static final String CONTROLLER_NAME = "endpointslice-controller.k8s.io";
  public static final String LABEL_SERVICE_NAME = "kubernetes.io/service-name";
  public static final String LABEL_MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
  public static final String LABEL_HEADLESS = "service.kubernetes.io/headless";
  public static final String IPV4 = "IPv4";
  public static final String IPV6 = "IPv6";

  private final int maxPerSlice;

  public SliceReconciler() { this(MAX_ENDPOINTS_PER_SLICE); }

  public SliceReconciler(int maxPerSlice) {
    if (maxPerSlice < 1) throw new IllegalArgumentException("maxPerSlice must be positive");
    this.maxPerSlice = maxPerSlice;
  }

  /**
   * @param nodeZones every known node by name, with its topology.kubernetes.io/zone label if any
   * @param existing the slices managed by this controller for the service (none being deleted)
   */
  public SlicePlan reconcile(ServiceView svc, List<PodView> pods, Map<String, Optional<String>> nodeZones,
      List<Slice> existing) {
    Set<String> types = addressTypes(svc);
    List<Slice> create = new ArrayList<>();
    List<Slice> update = new ArrayList<>();
    List<Slice> delete = new ArrayList<>();
    Set<String> skipped = new LinkedHashSet<>();
    Map<String, List<Slice>> byType = new LinkedHashMap<>();
    for (Slice s : existing) {
      if (!types.contains(s.addressType())) delete.add(s);
      else byType.computeIfAbsent(s.addressType(), t -> new ArrayList<>()).add(s);
    }
    List<PodView> ordered = pods.stream().sorted(Comparator.comparing(PodView::name)).toList();
    for (String type : types) {
      SlicePlan p = reconcileType(svc, ordered, nodeZones, byType.getOrDefault(type, List.of()), type, skipped);
      create.addAll(p.create());
      update.addAll(p.update());
      delete.addAll(p.delete());
    }
    return new SlicePlan(create, update, delete, List.copyOf(skipped));
  }

  private SlicePlan reconcileType(ServiceView svc, List<PodView> pods, Map<String, Optional<String>> nodeZones,
      List<Slice> existing, String type, Set<String> skipped) {
    List<Draft> create = new ArrayList<>();
    List<Draft> update = new ArrayList<>();
    List<Slice> delete = new ArrayList<>();

    Map<List<EndpointPort>, List<Slice>> existingByPorts = new LinkedHashMap<>();
    for (Slice s : existing) {
      if (s.owned()) existingByPorts.computeIfAbsent(s.portKey(), k -> new ArrayList<>()).add(s);
      else delete.add(s);
    }

    Map<List<EndpointPort>, List<EndpointPort>> portsByKey = new LinkedHashMap<>();
    Map<List<EndpointPort>, LinkedHashMap<Endpoint.Identity, Endpoint>> wanted = new LinkedHashMap<>();
    for (PodView pod : pods) {
      if (!pod.belongsInEndpoints(true)) continue;
      List<EndpointPort> ports = endpointPorts(svc, pod);
      List<EndpointPort> key = ports.stream().sorted(EndpointPort.ORDER).toList();
      portsByKey.putIfAbsent(key, ports);
      LinkedHashMap<Endpoint.Identity, Endpoint> set = wanted.computeIfAbsent(key, k -> new LinkedHashMap<>());
      Optional<String> zone = Optional.empty();
      if (nodeZones.containsKey(pod.nodeName())) {
        zone = nodeZones.get(pod.nodeName());
      } else if (!svc.publishNotReadyAddresses()) {
        // Upstream leaves the pod out and retries the service, so that a pod on a node that is
        // gone never blocks the others; publishNotReadyAddresses publishes it regardless.
        skipped.add(pod.name());
        continue;
      }
      Endpoint ep = endpoint(pod, zone, svc, type);
      if (!ep.addresses().isEmpty()) set.put(ep.identity(), ep);
    }

    for (Map.Entry<List<EndpointPort>, LinkedHashMap<Endpoint.Identity, Endpoint>> e : wanted.entrySet()) {
      byPorts(svc, type, portsByKey.get(e.getKey()), existingByPorts.getOrDefault(e.getKey(), List.of()),
          e.getValue(), create, update, delete);
    }
    existingByPorts.forEach((key, slices) -> {
      if (!wanted.containsKey(key)) delete.addAll(slices);
    });

    if (existing.size() == delete.size() && create.isEmpty()) {
      Draft placeholder = Draft.fresh(svc, type, List.of());
      if (delete.size() == 1 && isPlaceholder(delete.get(0), placeholder)) delete.clear();
      else create.add(placeholder);
    }

    // A create and a delete of an owned slice of the same type become one update.
    for (Iterator<Slice> it = delete.iterator(); it.hasNext() && !create.isEmpty(); ) {
      Slice gone = it.next();
      if (!gone.owned() || !gone.addressType().equals(type)) continue;
      Draft d = create.remove(create.size() - 1);
      d.name = gone.name();
      update.add(d);
      it.remove();
    }
    List<Slice> creates = svc.deleting() ? List.of() : create.stream().map(Draft::toSlice).toList();
    return new SlicePlan(creates, update.stream().map(Draft::toSlice).toList(), delete, List.of());
  }

  private void byPorts(ServiceView svc, String type, List<EndpointPort> ports, List<Slice> existing,
      LinkedHashMap<Endpoint.Identity, Endpoint> wanted, List<Draft> create, List<Draft> update, List<Slice> delete) {
    Map<String, Draft> toUpdate = new LinkedHashMap<>();
    Map<String, Slice> unchanged = new LinkedHashMap<>();

    // 1. Keep the wanted endpoints where they are, with their current conditions.
    for (Slice s : existing) {
      List<Endpoint> kept = new ArrayList<>();
      boolean changed = false;
      for (Endpoint ep : s.endpoints()) {
        Endpoint want = wanted.remove(ep.identity());
        if (want == null) continue;
        kept.add(want);
        if (!want.equals(ep)) changed = true;
      }
      Labels labels = labels(s.labels(), svc);
      if (changed || kept.size() != s.endpoints().size()) {
        if (kept.isEmpty()) delete.add(s);
        else toUpdate.put(s.name(), Draft.of(s, kept, labels.labels()));
      } else if (labels.changed()) {
        toUpdate.put(s.name(), Draft.of(s, kept, labels.labels()));
      } else {
        unchanged.put(s.name(), s);
      }
    }

    // 2. Fill the slices that are written anyway, fullest first.
    if (!wanted.isEmpty() && !toUpdate.isEmpty()) {
      List<Draft> fullestFirst = new ArrayList<>(toUpdate.values());
      fullestFirst.sort(Comparator.comparingInt((Draft d) -> d.endpoints.size()).reversed());
      for (Draft d : fullestFirst) fill(d, wanted);
    }

    // 3. The rest: into the unchanged slice that ends closest to full, else into new slices.
    while (!wanted.isEmpty()) {
      Draft target = null;
      if (wanted.size() < maxPerSlice && !unchanged.isEmpty()) {
        Slice closest = closestToFull(unchanged.values(), wanted.size());
        if (closest != null) {
          target = Draft.of(closest, closest.endpoints(), closest.labels());
          unchanged.remove(closest.name());
          toUpdate.put(closest.name(), target);
        }
      }
      if (target == null) {
        target = Draft.fresh(svc, type, ports);
        create.add(target);
      }
      fill(target, wanted);
    }
    update.addAll(toUpdate.values());
  }

  private void fill(Draft d, LinkedHashMap<Endpoint.Identity, Endpoint> wanted) {
    Iterator<Endpoint> it = wanted.values().iterator();
    while (it.hasNext() && d.endpoints.size() < maxPerSlice) {
      d.endpoints.add(it.next());
      it.remove();
    }
  }

  private Slice closestToFull(Iterable<Slice> slices, int adding) {
    int closestDiff = maxPerSlice;
    Slice closest = null;
    for (Slice s : slices) {
      int diff = maxPerSlice - (adding + s.endpoints().size());
      if (diff >= 0 && diff < closestDiff) {
        closestDiff = diff;
        closest = s;
        if (diff == 0) break;
      }
    }
    return closest;
  }

  private static boolean isPlaceholder(Slice s, Draft placeholder) {
    return s.owned() && s.endpoints().isEmpty() && s.ports().isEmpty()
        && s.addressType().equals(placeholder.addressType) && s.labels().equals(placeholder.labels);
  }

  // ---- building blocks, each upstream's rule for one field

  /** Address types of the service: its ipFamilies; else its cluster IP's family; headless: both. */
  public static Set<String> addressTypes(ServiceView svc) {
    Set<String> types = new TreeSet<>();
    for (String f : svc.ipFamilies()) {
      if (IPV4.equals(f)) types.add(IPV4);
      if (IPV6.equals(f)) types.add(IPV6);
    }
    if (!types.isEmpty()) return types;
    if (svc.ipSet()) return Set.of(isIPv6(svc.clusterIP()) ? IPV6 : IPV4);
    types.add(IPV4);
    types.add(IPV6);
    return types;
  }

  /** The pod's endpoint for the service: conditions from readiness and deletion, topology, target. */
  public static Endpoint endpoint(PodView pod, Optional<String> zone, ServiceView svc, String addressType) {
    boolean serving = pod.ready();
    boolean terminating = pod.terminating();
    // For compatibility, "ready" is never true for a terminating pod unless publishNotReadyAddresses.
    boolean ready = svc.publishNotReadyAddresses() || (serving && !terminating);
    List<String> addresses = pod.podIPs().stream().filter(ip -> isIPv6(ip) == IPV6.equals(addressType)).toList();
    return new Endpoint(addresses, Endpoint.Conditions.of(ready, serving, terminating),
        setsHostname(pod, svc) ? Optional.of(pod.hostname()) : Optional.empty(),
        pod.nodeName().isEmpty() ? Optional.empty() : Optional.of(pod.nodeName()),
        zone.filter(z -> !z.isEmpty()),
        Optional.of(new Endpoint.TargetRef("Pod", pod.namespace(), pod.name(), pod.uid())));
  }

  /** Upstream's ShouldSetHostname: the pod sets a hostname and its subdomain is the service. */
  public static boolean setsHostname(PodView pod, ServiceView svc) {
    return !pod.hostname().isEmpty() && pod.subdomain().equals(svc.name()) && pod.namespace().equals(svc.namespace());
  }

  /**
   * The service's ports as this pod serves them: numeric target ports as they are, named ones
   * looked up in the pod's container ports (same name and protocol); a port the pod lacks is left out.
   */
  public static List<EndpointPort> endpointPorts(ServiceView svc, PodView pod) {
    List<EndpointPort> out = new ArrayList<>();
    for (ServiceView.Port sp : svc.ports()) {
      Optional<Integer> port = resolve(sp, pod);
      port.ifPresent(p -> out.add(new EndpointPort(sp.name(), sp.protocol(), p, sp.appProtocol())));
    }
    return out;
  }

  /** Upstream's FindPort. */
  public static Optional<Integer> resolve(ServiceView.Port sp, PodView pod) {
    if (sp.targetPort() instanceof ServiceView.TargetPort.Number n) return Optional.of(n.port());
    String name = ((ServiceView.TargetPort.Named) sp.targetPort()).name();
    return pod.ports().stream()
        .filter(cp -> cp.name().equals(name) && cp.protocol().equals(sp.protocol()))
        .map(PodView.ContainerPort::port).findFirst();
  }

  /** Labels a slice must carry and whether its copy of the service's labels is out of date. */
  public record Labels(Map<String, String> labels, boolean changed) {}

  /**
   * The service's labels (but the reserved ones), the headless label when the service has no
   * cluster IP, the service name and managed-by labels.
   */
  public static Labels labels(Map<String, String> sliceLabels, ServiceView svc) {
    Map<String, String> current = new HashMap<>(sliceLabels);
    current.keySet().removeIf(SliceReconciler::reserved);
    Map<String, String> out = new LinkedHashMap<>(svc.labels());
    out.keySet().removeIf(SliceReconciler::reserved);
    boolean changed = !current.equals(out);
    if (!svc.ipSet()) out.put(LABEL_HEADLESS, "");
    out.put(LABEL_SERVICE_NAME, svc.name());
    out.put(LABEL_MANAGED_BY, CONTROLLER_NAME);
    return new Labels(out, changed);
  }

  private static boolean reserved(String key) {
    return key.equals(LABEL_SERVICE_NAME) || key.equals(LABEL_MANAGED_BY) || key.equals(LABEL_HEADLESS);
  }

  static boolean isIPv6(String ip) { return ip.indexOf(':') >= 0; }

  /** A slice being built. */
  private static final class Draft {
    String name;
    final String addressType;
    final List<EndpointPort> ports;
    final List<Endpoint> endpoints;
    final Map<String, String> labels;

    private Draft(String name, String addressType, List<EndpointPort> ports, List<Endpoint> endpoints,
        Map<String, String> labels) {
      this.name = name;
      this.addressType = addressType;
      this.ports = ports;
      this.endpoints = new ArrayList<>(endpoints);
      this.labels = labels;
    }

    static Draft of(Slice s, List<Endpoint> endpoints, Map<String, String> labels) {
      return new Draft(s.name(), s.addressType(), s.ports(), endpoints, labels);
    }

    static Draft fresh(ServiceView svc, String type, List<EndpointPort> ports) {
      return new Draft("", type, ports, List.of(), labels(Map.of(), svc).labels());
    }

    Slice toSlice() { return new Slice(name, addressType, ports, endpoints, labels, true); }
  }
}
