package dev.netkube.proxy.server;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.FromKubernetes;
import dev.netkube.proxy.model.ServicePort;
import dev.netkube.proxy.model.ServicePortName;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The services and EndpointSlices the informers deliver, kept by namespace/name, and the proxy's view of them:
 * the ports to proxy and their endpoints. Services labelled {@code service.kubernetes.io/service-proxy-name}
 * belong to another proxy and are left out, as kube-proxy does.
 */
public final class ClusterState {
  static final String SERVICE_PROXY_NAME = "service.kubernetes.io/service-proxy-name";

  private final Map<String, Service> services = new ConcurrentHashMap<>();
  private final Map<String, EndpointSlice> slices = new ConcurrentHashMap<>();
  /** The EndpointSlice controller's trigger times of changes not yet written: network programming latency. */
  private final List<Instant> pendingTriggers = new ArrayList<>();
  static final String TRIGGER_TIME = "endpoints.kubernetes.io/last-change-trigger-time";

  public void putService(Service s) { services.put(key(s.getMetadata().getNamespace(), s.getMetadata().getName()), s); }

  public void removeService(Service s) { services.remove(key(s.getMetadata().getNamespace(), s.getMetadata().getName())); }

  public void putSlice(EndpointSlice s) {
    slices.put(key(s.getMetadata().getNamespace(), s.getMetadata().getName()), s);
    Map<String, String> annotations = s.getMetadata().getAnnotations();
    String trigger = annotations == null ? null : annotations.get(TRIGGER_TIME);
    if (trigger != null) {
      try {
        Instant t = Instant.parse(trigger);
        synchronized (pendingTriggers) {
          pendingTriggers.add(t);
        }
      } catch (DateTimeParseException e) {
        // not upstream's RFC 3339: no latency to report for it
      }
    }
  }

  /** The trigger times of the changes a snapshot taken now contains; handed back with {@link #requeue} on failure. */
  public List<Instant> takeTriggers() {
    synchronized (pendingTriggers) {
      List<Instant> out = List.copyOf(pendingTriggers);
      pendingTriggers.clear();
      return out;
    }
  }

  public void requeue(List<Instant> triggers) {
    synchronized (pendingTriggers) {
      pendingTriggers.addAll(triggers);
    }
  }

  public void removeSlice(EndpointSlice s) { slices.remove(key(s.getMetadata().getNamespace(), s.getMetadata().getName())); }

  /** A consistent enough copy for one sync: what the generator takes. */
  public Snapshot snapshot() {
    Map<String, List<EndpointSlice>> byService = new TreeMap<>();
    for (EndpointSlice slice : slices.values()) {
      Map<String, String> labels = slice.getMetadata().getLabels();
      String service = labels == null ? null : labels.get(FromKubernetes.SERVICE_NAME_LABEL);
      if (service != null) byService.computeIfAbsent(key(slice.getMetadata().getNamespace(), service), k -> new ArrayList<>()).add(slice);
    }
    List<ServicePort> ports = new ArrayList<>();
    Map<ServicePortName, List<Endpoint>> endpoints = new TreeMap<>();
    for (Map.Entry<String, Service> e : new TreeMap<>(services).entrySet()) {
      Service s = e.getValue();
      Map<String, String> labels = s.getMetadata().getLabels();
      if (labels != null && labels.containsKey(SERVICE_PROXY_NAME)) continue;
      ports.addAll(FromKubernetes.servicePorts(s));
      endpoints.putAll(FromKubernetes.endpoints(s, byService.getOrDefault(e.getKey(), List.of())));
    }
    return new Snapshot(List.copyOf(ports), endpoints);
  }

  /** The proxied ports and each one's endpoints. */
  public record Snapshot(List<ServicePort> ports, Map<ServicePortName, List<Endpoint>> endpoints) {}

  private static String key(String namespace, String name) { return (namespace == null ? "default" : namespace) + "/" + name; }
}
