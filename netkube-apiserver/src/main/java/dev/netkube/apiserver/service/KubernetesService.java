package dev.netkube.apiserver.service;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.apiserver.registry.Meta;
import dev.netkube.apiserver.registry.ObjectStore;
import dev.netkube.apiserver.registry.ResourceService;
import dev.netkube.apiserver.registry.ServedResource;
import dev.netkube.apiserver.registry.WriteOptions;
import dev.netkube.model.Json;
import dev.netkube.model.api.ApiException;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * The {@code default/kubernetes} service and its endpoints, kept as upstream's bootstrap
 * controller and endpoint reconciler keep them: the service at the first address of the service
 * CIDR, port {@code https} 443/TCP to the server's port; Endpoints and an EndpointSlice (labelled
 * only with the service name; the endpointslice controller does not manage it) at the server's
 * address. Re-run periodically: a deleted object comes back, a changed port is followed.
 */
final class KubernetesService {
  static final String NAMESPACE = "default";
  static final String NAME = "kubernetes";
  static final String MANAGER = "kube-apiserver";

  private final ResourceService service;
  private final String clusterIP;
  private final Clock clock;

  KubernetesService(ResourceService service, String clusterIP, Clock clock) {
    this.service = service;
    this.clusterIP = clusterIP;
    this.clock = clock;
  }

  void ensure(String address, int port) {
    ensureService(port);
    ensureEndpoints(address, port);
    ensureEndpointSlice(address, port);
  }

  private ServedResource resource(String group, String version, String plural) {
    return service.registry().find(group, version, plural).orElseThrow();
  }

  private ArrayNode desiredServicePorts(int port) {
    ArrayNode ports = Json.MAPPER.createArrayNode();
    ObjectNode https = ports.addObject();
    https.put("name", "https");
    https.put("protocol", "TCP");
    https.put("port", 443);
    https.put("targetPort", port);
    return ports;
  }

  private void ensureService(int port) {
    ServedResource services = resource("", "v1", "services");
    Optional<ObjectStore.Stored> current = service.objects().get(services, NAMESPACE, NAME);
    if (current.isEmpty()) {
      ObjectNode svc = Json.object();
      svc.put("apiVersion", "v1");
      svc.put("kind", "Service");
      ObjectNode meta = svc.putObject("metadata");
      meta.put("name", NAME);
      meta.put("namespace", NAMESPACE);
      ObjectNode labels = meta.putObject("labels");
      labels.put("component", "apiserver");
      labels.put("provider", "kubernetes");
      ObjectNode spec = svc.putObject("spec");
      spec.put("type", "ClusterIP");
      spec.put("clusterIP", clusterIP);
      spec.putArray("clusterIPs").add(clusterIP);
      spec.put("sessionAffinity", "None");
      spec.set("ports", desiredServicePorts(port));
      try {
        service.create(services, NAMESPACE, svc, WriteOptions.internal(MANAGER));
      } catch (ApiException e) {
        if (!"AlreadyExists".equals(e.reason())) throw e;
      }
      return;
    }
    ObjectNode svc = current.get().object();
    ObjectNode spec = Json.objectAt(svc, "spec");
    if (spec.path("ports").equals(desiredServicePorts(port)) && "ClusterIP".equals(spec.path("type").asText())) return;
    spec.set("ports", desiredServicePorts(port));
    spec.put("type", "ClusterIP");
    service.update(services, NAMESPACE, NAME, svc, "", WriteOptions.internal(MANAGER));
  }

  private ObjectNode port(int port) {
    ObjectNode p = Json.object();
    p.put("name", "https");
    p.put("port", port);
    p.put("protocol", "TCP");
    return p;
  }

  private void ensureEndpoints(String address, int port) {
    ObjectNode desired = Json.object();
    desired.put("apiVersion", "v1");
    desired.put("kind", "Endpoints");
    ObjectNode labels = Json.objectAt(desired, "metadata").putObject("labels");
    labels.put("endpointslice.kubernetes.io/skip-mirror", "true");
    ObjectNode subset = desired.putArray("subsets").addObject();
    subset.putArray("addresses").addObject().put("ip", address);
    subset.putArray("ports").add(port(port));
    put(resource("", "v1", "endpoints"), desired, "subsets");
  }

  private void ensureEndpointSlice(String address, int port) {
    ObjectNode desired = Json.object();
    desired.put("apiVersion", "discovery.k8s.io/v1");
    desired.put("kind", "EndpointSlice");
    Json.objectAt(desired, "metadata").putObject("labels").put("kubernetes.io/service-name", NAME);
    desired.put("addressType", "IPv4");
    ObjectNode endpoint = desired.putArray("endpoints").addObject();
    endpoint.putArray("addresses").add(address);
    endpoint.putObject("conditions").put("ready", true);
    desired.putArray("ports").add(port(port));
    put(resource("discovery.k8s.io", "v1", "endpointslices"), desired, "addressType", "endpoints", "ports");
  }

  /**
   * Creates or updates the object straight in the store. The server's own address may be a
   * loopback one (a single-host netkube listens on 127.0.0.1 only), which API validation refuses
   * for endpoints, as upstream's; the reconciler is the apiserver itself and trusts it.
   */
  private void put(ServedResource r, ObjectNode desired, String... fields) {
    Optional<ObjectStore.Stored> current = service.objects().get(r, NAMESPACE, NAME);
    ObjectNode meta = Json.objectAt(desired, "metadata");
    ObjectNode labels = (ObjectNode) meta.get("labels");
    if (current.isPresent()) {
      ObjectNode obj = current.get().object();
      boolean same = Meta.labels(obj).equals(Meta.labels(desired));
      for (String f : fields) same &= obj.path(f).equals(desired.path(f));
      if (same) return;
      Meta.meta(obj).set("labels", labels);
      for (String f : fields) obj.set(f, desired.get(f));
      service.objects().update(r, obj, current.get().revision());
      return;
    }
    ObjectNode obj = Json.object();
    obj.put("apiVersion", desired.get("apiVersion").asText());
    obj.put("kind", desired.get("kind").asText());
    ObjectNode m = obj.putObject("metadata");
    m.put("name", NAME);
    m.put("namespace", NAMESPACE);
    m.put("uid", UUID.randomUUID().toString());
    m.put("creationTimestamp", Meta.timestamp(clock.instant()));
    m.set("labels", labels);
    for (String f : fields) obj.set(f, desired.get(f));
    try {
      service.objects().create(r, obj);
    } catch (ApiException e) {
      if (!"AlreadyExists".equals(e.reason())) throw e;
    }
  }
}
