package dev.netkube.controllers.endpointslice;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Services, pods and an in-memory "server" that applies plans, for the core's stories. */
final class Fixtures {
  private Fixtures() {}

  static ServiceView service(String name, Map<String, String> selector, ServiceView.Port... ports) {
    return new ServiceView("default", name, "uid-" + name, Map.of(), Optional.of(selector), "ClusterIP", "10.96.0.20",
        List.of("IPv4"), false, List.of(ports), Instant.parse("2024-05-01T10:00:00Z"), false);
  }

  static ServiceView.Port port(String name, int port, int target) {
    return new ServiceView.Port(name, "TCP", port, new ServiceView.TargetPort.Number(target), Optional.empty());
  }

  static ServiceView.Port named(String name, int port, String target) {
    return new ServiceView.Port(name, "TCP", port, new ServiceView.TargetPort.Named(target), Optional.empty());
  }

  static PodView pod(String name, String ip) {
    return new PodView("default", name, "uid-" + name, Map.of("app", "web"), List.of(ip), "Running", true,
        Optional.of(Instant.parse("2024-05-01T10:01:00Z")), false, "node-1", "", "", List.of());
  }

  static PodView withReady(PodView p, boolean ready) {
    return new PodView(p.namespace(), p.name(), p.uid(), p.labels(), p.podIPs(), p.phase(), ready,
        p.readyChanged().map(t -> t.plusSeconds(1)), p.terminating(), p.nodeName(), p.hostname(), p.subdomain(), p.ports());
  }

  static PodView terminating(PodView p) {
    return new PodView(p.namespace(), p.name(), p.uid(), p.labels(), p.podIPs(), p.phase(), p.ready(), p.readyChanged(),
        true, p.nodeName(), p.hostname(), p.subdomain(), p.ports());
  }

  static PodView withPorts(PodView p, PodView.ContainerPort... ports) {
    return new PodView(p.namespace(), p.name(), p.uid(), p.labels(), p.podIPs(), p.phase(), p.ready(), p.readyChanged(),
        p.terminating(), p.nodeName(), p.hostname(), p.subdomain(), List.of(ports));
  }

  static List<PodView> pods(int n) {
    List<PodView> out = new ArrayList<>();
    for (int i = 0; i < n; i++) out.add(pod(String.format("web-%03d", i), "10.244." + (i / 200) + "." + (i % 200 + 2)));
    return out;
  }

  static final Map<String, Optional<String>> NODES = Map.of("node-1", Optional.of("zone-a"), "node-2", Optional.empty());

  /** The slices a server would hold after a plan: creates get names, updates replace, deletes go. */
  static final class Server {
    final List<Slice> slices = new ArrayList<>();
    private int next = 1;

    void apply(SlicePlan plan) {
      for (Slice s : plan.delete()) slices.removeIf(x -> x.name().equals(s.name()));
      for (Slice s : plan.update()) {
        int i = indexOf(s.name());
        if (i < 0) throw new AssertionError("update of a slice that does not exist: " + s.name());
        slices.set(i, s);
      }
      for (Slice s : plan.create()) {
        if (!s.isNew()) throw new AssertionError("create with a name");
        slices.add(s.withName("web-" + next++));
      }
    }

    int indexOf(String name) {
      for (int i = 0; i < slices.size(); i++) if (slices.get(i).name().equals(name)) return i;
      return -1;
    }

    int endpoints() { return slices.stream().mapToInt(s -> s.endpoints().size()).sum(); }
  }
}
