package dev.netkube.controllers.endpoints;

import dev.netkube.controllers.endpointslice.PodView;
import dev.netkube.controllers.endpointslice.ServiceView;
import dev.netkube.controllers.endpointslice.SliceReconciler;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pure core of the endpoint-controller (legacy core/v1 Endpoints): the subsets a service's
 * pods make, packed as upstream's RepackSubsets (addresses that serve the same ports share a
 * subset), capped at 1000 addresses (ready ones first) with the over-capacity annotation, and
 * whether an existing Endpoints object already says all that.
 */
public final class EndpointSubsets {
  public static final int MAX_CAPACITY = 1000;
  public static final String OVER_CAPACITY = "endpoints.kubernetes.io/over-capacity";
  public static final String TRUNCATED = "truncated";

  private EndpointSubsets() {}

  public record TargetRef(String kind, String namespace, String name, String uid) {}

  public record Address(String ip, Optional<String> hostname, Optional<String> nodeName, Optional<TargetRef> targetRef) {
    String uid() { return targetRef.map(TargetRef::uid).orElse(""); }
  }

  public record Port(String name, int port, String protocol, Optional<String> appProtocol) {}

  public record Subset(List<Address> addresses, List<Address> notReadyAddresses, List<Port> ports) {
    public Subset {
      addresses = List.copyOf(addresses);
      notReadyAddresses = List.copyOf(notReadyAddresses);
      ports = List.copyOf(ports);
    }

    int size() { return addresses.size() + notReadyAddresses.size(); }
  }

  /** What the Endpoints object must hold. */
  public record Wanted(List<Subset> subsets, List<Subset> untruncated, Map<String, String> labels, boolean truncated) {}

  /** What an existing Endpoints object holds. */
  public record Current(List<Subset> subsets, Map<String, String> labels, Map<String, String> annotations) {}

  public static Wanted wanted(ServiceView svc, List<PodView> pods) {
    List<Subset> subsets = repack(subsets(svc, pods));
    List<Subset> capped = truncate(subsets);
    Map<String, String> labels = new LinkedHashMap<>(svc.labels());
    if (!svc.ipSet()) labels.put(SliceReconciler.LABEL_HEADLESS, "");
    else labels.remove(SliceReconciler.LABEL_HEADLESS);
    return new Wanted(capped, subsets, labels, capped != subsets);
  }

  /**
   * Upstream's no-op test: same subsets (before truncation), the service's labels (the headless
   * label aside) and a correctly absent over-capacity annotation.
   */
  public static boolean upToDate(Current current, ServiceView svc, Wanted wanted) {
    Map<String, String> labels = new HashMap<>(current.labels());
    labels.remove(SliceReconciler.LABEL_HEADLESS);
    int count = current.subsets().stream().mapToInt(Subset::size).sum();
    boolean capacityOk = count <= MAX_CAPACITY && !current.annotations().containsKey(OVER_CAPACITY);
    return current.subsets().equals(wanted.untruncated()) && labels.equals(svc.labels()) && capacityOk;
  }

  /** One single-port subset per pod and service port, before packing. */
  static List<Subset> subsets(ServiceView svc, List<PodView> pods) {
    List<Subset> out = new ArrayList<>();
    for (PodView pod : pods) {
      if (!pod.belongsInEndpoints(svc.publishNotReadyAddresses())) continue;
      Optional<Address> address = address(svc, pod);
      if (address.isEmpty()) continue;
      boolean ready = svc.publishNotReadyAddresses() || pod.ready();
      if (svc.ports().isEmpty()) {
        if (svc.headless()) out.add(subset(address.get(), ready, List.of()));
        continue;
      }
      for (ServiceView.Port sp : svc.ports()) {
        SliceReconciler.resolve(sp, pod).ifPresent(port ->
            out.add(subset(address.get(), ready, List.of(new Port(sp.name(), port, sp.protocol(), sp.appProtocol())))));
      }
    }
    return out;
  }

  private static Subset subset(Address a, boolean ready, List<Port> ports) {
    return ready ? new Subset(List.of(a), List.of(), ports) : new Subset(List.of(), List.of(a), ports);
  }

  /** The pod's address of the service's (first) IP family. */
  static Optional<Address> address(ServiceView svc, PodView pod) {
    boolean v6;
    if (!svc.ipFamilies().isEmpty()) v6 = "IPv6".equals(svc.ipFamilies().get(0));
    else if (svc.ipSet()) v6 = svc.clusterIP().contains(":");
    else v6 = pod.podIPs().get(0).contains(":");
    Optional<String> ip = pod.podIPs().stream().filter(i -> i.contains(":") == v6).findFirst();
    return ip.map(i -> new Address(i,
        SliceReconciler.setsHostname(pod, svc) ? Optional.of(pod.hostname()) : Optional.empty(),
        pod.nodeName().isEmpty() ? Optional.empty() : Optional.of(pod.nodeName()),
        Optional.of(new TargetRef("Pod", pod.namespace(), pod.name(), pod.uid()))));
  }

  private record AddressKey(String ip, String uid) {}

  /**
   * Upstream's RepackSubsets: each address (by IP and target uid; ready wins over not ready)
   * with the set of ports it serves, then one subset per distinct address set, sorted.
   */
  static List<Subset> repack(List<Subset> subsets) {
    Optional<Port> noPorts = Optional.empty();
    Map<AddressKey, Address> first = new HashMap<>();
    Map<Optional<Port>, Map<AddressKey, Boolean>> byPort = new LinkedHashMap<>();
    for (Subset s : subsets) {
      List<Optional<Port>> ports = s.ports().isEmpty() ? List.of(noPorts) : s.ports().stream().map(Optional::of).toList();
      for (Optional<Port> port : ports) {
        Map<AddressKey, Boolean> addrs = byPort.computeIfAbsent(port, p -> new LinkedHashMap<>());
        for (Address a : s.addresses()) {
          AddressKey k = new AddressKey(a.ip(), a.uid());
          first.putIfAbsent(k, a);
          addrs.put(k, true);
        }
        for (Address a : s.notReadyAddresses()) {
          AddressKey k = new AddressKey(a.ip(), a.uid());
          first.putIfAbsent(k, a);
          addrs.putIfAbsent(k, false);
        }
      }
    }
    Map<Map<AddressKey, Boolean>, List<Port>> portsByAddresses = new LinkedHashMap<>();
    byPort.forEach((port, addrs) -> {
      List<Port> ports = portsByAddresses.computeIfAbsent(addrs, a -> new ArrayList<>());
      port.ifPresent(ports::add);
    });
    Comparator<Address> byIp = Comparator.comparing(Address::ip).thenComparing(Address::uid);
    Comparator<Port> portOrder = Comparator.comparing(Port::name).thenComparingInt(Port::port).thenComparing(Port::protocol);
    List<Subset> out = new ArrayList<>();
    portsByAddresses.forEach((addrs, ports) -> {
      List<Address> ready = new ArrayList<>();
      List<Address> notReady = new ArrayList<>();
      addrs.forEach((k, r) -> (r ? ready : notReady).add(first.get(k)));
      ready.sort(byIp);
      notReady.sort(byIp);
      ports.sort(portOrder);
      out.add(new Subset(ready, notReady, ports));
    });
    out.sort(Comparator.comparing((Subset s) -> s.addresses().isEmpty() ? "~" : s.addresses().get(0).ip())
        .thenComparing(s -> s.notReadyAddresses().isEmpty() ? "~" : s.notReadyAddresses().get(0).ip())
        .thenComparing(s -> s.ports().toString()));
    return out;
  }

  /**
   * Upstream's truncateEndpoints: over 1000 addresses, not-ready addresses go first; if the ready
   * ones alone are too many, each subset keeps its proportional share (rounded up) of ready
   * addresses. Returns the same list when nothing had to go.
   */
  static List<Subset> truncate(List<Subset> subsets) {
    int ready = 0;
    int notReady = 0;
    for (Subset s : subsets) {
      ready += s.addresses().size();
      notReady += s.notReadyAddresses().size();
    }
    if (ready + notReady <= MAX_CAPACITY) return subsets;
    boolean truncateReady = ready > MAX_CAPACITY;
    int max = truncateReady ? MAX_CAPACITY : MAX_CAPACITY - ready;
    int total = truncateReady ? ready : notReady;
    int canBeAdded = max;
    List<Subset> out = new ArrayList<>();
    for (Subset s : subsets) {
      int inSubset = truncateReady ? s.addresses().size() : s.notReadyAddresses().size();
      int toBeAdded = (int) Math.min(Math.ceil((double) inSubset / total * max), canBeAdded);
      if (truncateReady) {
        List<Address> kept = s.addresses().subList(0, Math.min(toBeAdded, s.addresses().size()));
        out.add(new Subset(kept, List.of(), s.ports()));
        canBeAdded -= kept.size();
      } else {
        List<Address> kept = s.notReadyAddresses().subList(0, Math.min(toBeAdded, s.notReadyAddresses().size()));
        out.add(new Subset(s.addresses(), kept, s.ports()));
        canBeAdded -= kept.size();
      }
    }
    return out;
  }
}
