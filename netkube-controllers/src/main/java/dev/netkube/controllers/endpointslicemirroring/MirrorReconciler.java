package dev.netkube.controllers.endpointslicemirroring;

import dev.netkube.controllers.endpoints.EndpointSubsets;
import dev.netkube.controllers.endpointslice.Endpoint;
import dev.netkube.controllers.endpointslice.EndpointPort;
import dev.netkube.controllers.endpointslice.SliceReconciler;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The pure core of the endpointslice-mirroring-controller: a user-made Endpoints object (of a
 * service without selector) in, the EndpointSlices that mirror it out. One slice per address type
 * and port set (a subset maps to a slice 1:1), at most 1000 addresses mirrored per subset; ready
 * addresses get {@code ready: true}, not-ready ones {@code ready: false}; invalid IPs are skipped.
 */
public final class MirrorReconciler {
  public static final String CONTROLLER_NAME = "endpointslicemirroring-controller.k8s.io";
  public static final int MAX_ENDPOINTS_PER_SUBSET = 1000;
  static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

  private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9a-fA-F:.]+");

  private final int maxPerSubset;

  public MirrorReconciler() { this(MAX_ENDPOINTS_PER_SUBSET); }

  public MirrorReconciler(int maxPerSubset) { this.maxPerSubset = maxPerSubset; }

  /** A mirrored slice; {@code name} "" when still to be created. */
  public record Mirror(String name, String addressType, List<EndpointPort> ports, List<Endpoint> endpoints,
      Map<String, String> labels, Map<String, String> annotations) {
    List<Object> key() { return List.of(addressType, ports.stream().sorted(EndpointPort.ORDER).toList()); }
  }

  /** The Endpoints object to mirror. */
  public record Source(String name, Map<String, String> labels, Map<String, String> annotations,
      List<EndpointSubsets.Subset> subsets) {}

  public record Plan(List<Mirror> create, List<Mirror> update, List<Mirror> delete, int invalidAddresses,
      int skippedAddresses) {
    public boolean isEmpty() { return create.isEmpty() && update.isEmpty() && delete.isEmpty(); }
  }

  public Plan reconcile(Source source, List<Mirror> existing) {
    Map<String, String> labels = new LinkedHashMap<>(source.labels());
    labels.put(SliceReconciler.LABEL_SERVICE_NAME, source.name());
    labels.put(SliceReconciler.LABEL_MANAGED_BY, CONTROLLER_NAME);
    Map<String, String> annotations = new LinkedHashMap<>(source.annotations());
    annotations.remove(LAST_APPLIED);
    annotations.remove("endpoints.kubernetes.io/last-change-trigger-time");

    Map<List<Object>, Mirror> wanted = new LinkedHashMap<>();
    Map<List<Object>, LinkedHashMap<Endpoint.Identity, Endpoint>> endpoints = new LinkedHashMap<>();
    int invalid = 0;
    int skipped = 0;
    for (EndpointSubsets.Subset subset : source.subsets()) {
      List<EndpointPort> ports = subset.ports().stream()
          .map(p -> new EndpointPort(p.name(), p.protocol(), p.port(), p.appProtocol())).toList();
      int added = 0;
      int total = subset.addresses().size() + subset.notReadyAddresses().size();
      for (int i = 0; i < total && added < maxPerSubset; i++) {
        boolean ready = i < subset.addresses().size();
        EndpointSubsets.Address a = ready ? subset.addresses().get(i) : subset.notReadyAddresses().get(i - subset.addresses().size());
        Optional<String> type = addressType(a.ip());
        if (type.isEmpty()) {
          invalid++;
          continue;
        }
        Endpoint ep = new Endpoint(List.of(a.ip()), new Endpoint.Conditions(Optional.of(ready), Optional.empty(), Optional.empty()),
            a.hostname(), a.nodeName(), Optional.empty(),
            a.targetRef().map(r -> new Endpoint.TargetRef(r.kind(), r.namespace(), r.name(), r.uid())));
        Mirror m = new Mirror("", type.get(), ports, List.of(), labels, annotations);
        wanted.putIfAbsent(m.key(), m);
        endpoints.computeIfAbsent(m.key(), k -> new LinkedHashMap<>()).putIfAbsent(ep.identity(), ep);
        added++;
      }
      skipped += total - added;
    }

    Map<List<Object>, List<Mirror>> existingByKey = new LinkedHashMap<>();
    for (Mirror m : existing) existingByKey.computeIfAbsent(m.key(), k -> new ArrayList<>()).add(m);

    List<Mirror> create = new ArrayList<>();
    List<Mirror> update = new ArrayList<>();
    List<Mirror> delete = new ArrayList<>();
    for (Map.Entry<List<Object>, Mirror> e : wanted.entrySet()) {
      List<Endpoint> eps = new ArrayList<>(endpoints.get(e.getKey()).values());
      if (eps.size() > maxPerSubset) eps = eps.subList(0, maxPerSubset);
      Mirror want = e.getValue();
      List<Mirror> current = existingByKey.getOrDefault(e.getKey(), List.of());
      if (current.isEmpty()) {
        create.add(new Mirror("", want.addressType(), want.ports(), eps, labels, annotations));
        continue;
      }
      delete.addAll(current.subList(1, current.size()));
      Mirror first = current.get(0);
      boolean same = first.endpoints().size() == eps.size() && new java.util.HashSet<>(first.endpoints()).containsAll(eps)
          && first.labels().equals(labels) && first.annotations().equals(annotations);
      if (!same) update.add(new Mirror(first.name(), want.addressType(), want.ports(), eps, labels, annotations));
    }
    existingByKey.forEach((key, slices) -> {
      if (!wanted.containsKey(key)) delete.addAll(slices);
    });
    // Recycle: a create and a delete of the same address type become one update.
    for (Iterator<Mirror> it = delete.iterator(); it.hasNext() && !create.isEmpty(); ) {
      Mirror gone = it.next();
      Mirror c = create.get(create.size() - 1);
      if (!gone.addressType().equals(c.addressType())) continue;
      create.remove(create.size() - 1);
      update.add(new Mirror(gone.name(), c.addressType(), c.ports(), c.endpoints(), c.labels(), c.annotations()));
      it.remove();
    }
    return new Plan(create, update, delete, invalid, skipped);
  }

  static Optional<String> addressType(String ip) {
    if (ip == null) return Optional.empty();
    if (IPV4.matcher(ip).matches()) return Optional.of(SliceReconciler.IPV4);
    if (ip.contains(":") && IPV6.matcher(ip).matches()) return Optional.of(SliceReconciler.IPV6);
    return Optional.empty();
  }
}
