package dev.netkube.apiserver.service;

import dev.netkube.model.api.FieldError;
import dev.netkube.model.validation.GoValues;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * The service registry's allocation rules (upstream's pkg/registry/core/service/storage
 * alloc.go) over the cluster IP and node port allocators: what a create, an update (type
 * changes included) and a delete take and give back. Pure: no I/O; thread-safe, one lock for
 * both ranges so that a write and a repair pass never interleave.
 */
public final class ServiceAllocator {
  private final ReentrantLock lock = new ReentrantLock();
  private ClusterIpAllocator ips;
  private NodePortAllocator ports;

  public ServiceAllocator(ClusterIpAllocator ips, NodePortAllocator ports) {
    this.ips = ips;
    this.ports = ports;
  }

  // ------------------------------------------------------------------ writes

  /** A new service: its families checked, a cluster IP, node ports and a health check port as it needs. */
  public Outcome create(ServiceSpec svc, boolean dryRun) {
    return locked(() -> {
      Op op = new Op(dryRun);
      Outcome out = allocateCreate(svc, op);
      if (!(out instanceof Outcome.Admitted)) op.revert();
      return out;
    });
  }

  /** An update of {@code before} into {@code after}: type changes allocate and release as upstream. */
  public Outcome update(ServiceSpec before, ServiceSpec after, boolean dryRun) {
    return locked(() -> {
      Op op = new Op(dryRun);
      Outcome out = allocateUpdate(before, after, op);
      if (!(out instanceof Outcome.Admitted)) op.revert();
      return out;
    });
  }

  /** A delete gives everything back once it is stored. */
  public Txn delete(ServiceSpec svc) {
    return new Txn(List.of(), List.of(), svc.heldClusterIPs(), List.copyOf(svc.heldNodePorts()));
  }

  /** The write was stored: give back what it let go of. */
  public void commit(Txn txn) {
    locked(() -> {
      txn.releaseIps().forEach(ips::release);
      txn.releasePorts().forEach(ports::release);
      return null;
    });
  }

  /** The write was not stored: give back what it took; what it meant to release stays held. */
  public void revert(Txn txn) {
    locked(() -> {
      txn.takenIps().forEach(ips::release);
      txn.takenPorts().forEach(ports::release);
      return null;
    });
  }

  // ------------------------------------------------------------------ state

  /** Runs {@code work} with no write allocating or releasing meanwhile (the repair pass). */
  public <T> T exclusive(Supplier<T> work) { return locked(work); }

  public ClusterIpAllocator ips() { return ips; }

  public NodePortAllocator ports() { return ports; }

  /** Swaps in rebuilt allocators (start-up rebuild, repair). Call inside {@link #exclusive}. */
  public void replace(ClusterIpAllocator rebuiltIps, NodePortAllocator rebuiltPorts) {
    if (!lock.isHeldByCurrentThread()) throw new IllegalStateException("replace outside exclusive()");
    this.ips = rebuiltIps;
    this.ports = rebuiltPorts;
  }

  private <T> T locked(Supplier<T> work) {
    lock.lock();
    try {
      return work.get();
    } finally {
      lock.unlock();
    }
  }

  // ------------------------------------------------------------------ create

  private Outcome allocateCreate(ServiceSpec svc, Op op) {
    if (svc.externalName()) return new Outcome.Admitted(svc, op.txn());
    Families families = families(svc);
    if (!families.errors.isEmpty()) return new Outcome.Invalid(families.errors);
    svc = families.spec;
    Outcome ip = allocateClusterIP(svc, op);
    if (!(ip instanceof Outcome.Admitted a)) return ip;
    svc = a.spec();
    if (svc.exposesNodePorts()) {
      Outcome ports = initNodePorts(svc, op);
      if (!(ports instanceof Outcome.Admitted p)) return ports;
      svc = p.spec();
    }
    if (svc.needsHealthCheck()) {
      Outcome hc = allocateHealthCheck(svc, op);
      if (!(hc instanceof Outcome.Admitted h)) return hc;
      svc = h.spec();
    }
    return new Outcome.Admitted(svc, op.txn());
  }

  /** The families part of initIPFamilyFields on a single-stack IPv4 cluster. */
  private record Families(ServiceSpec spec, List<FieldError> errors) {}

  private static Families families(ServiceSpec svc) {
    List<FieldError> errors = new ArrayList<>();
    List<String> families = new ArrayList<>(svc.ipFamilies());
    String policy = svc.ipFamilyPolicy();
    if (policy.equals("SingleStack")) {
      if (svc.clusterIPs().size() == 2) {
        errors.add(invalid("spec.ipFamilyPolicy", GoValues.quote(policy),
            "must be 'RequireDualStack' or 'PreferDualStack' when multiple cluster IPs are specified"));
      }
      if (families.size() == 2) {
        errors.add(invalid("spec.ipFamilyPolicy", GoValues.quote(policy),
            "must be 'RequireDualStack' or 'PreferDualStack' when multiple IP families are specified"));
      }
    }
    if (!errors.isEmpty()) return new Families(svc, errors);
    if (svc.headless() && !svc.hasSelector()) {
      // Headless without a selector may name both families even on a single-stack cluster.
      if (families.isEmpty()) families.add("IPv4");
      if (families.size() < 2 && !policy.equals("SingleStack")) families.add(families.get(0).equals("IPv4") ? "IPv6" : "IPv4");
      return new Families(svc.withIpFamilies(families), errors);
    }
    if (policy.equals("RequireDualStack")) {
      errors.add(invalid("spec.ipFamilyPolicy", GoValues.quote(policy), "this cluster is not configured for dual-stack services"));
    }
    for (int i = 0; i < families.size(); i++) {
      if (!families.get(i).equals("IPv4")) {
        errors.add(invalid("spec.ipFamilies[" + i + "]", GoValues.quote(families.get(i)), "not configured on this cluster"));
      }
    }
    if (families.isEmpty()) families.add("IPv4");
    return new Families(svc.withIpFamilies(families), errors);
  }

  private Outcome allocateClusterIP(ServiceSpec svc, Op op) {
    if (svc.headless()) return new Outcome.Admitted(svc, Txn.NONE);
    List<String> asked = svc.clusterIPs();
    if (asked.isEmpty() || asked.get(0).isEmpty()) {
      Grant<String> next = op.nextIp();
      if (next instanceof Grant.Refused<String> r) return new Outcome.Failed("failed to allocate a serviceIP: " + r.message());
      return new Outcome.Admitted(svc.withClusterIPs(List.of(((Grant.Granted<String>) next).value())), Txn.NONE);
    }
    String ip = asked.get(0);
    if (op.ip(ip) instanceof Grant.Refused<String> r) {
      return new Outcome.Invalid(List.of(invalid("spec.clusterIPs", GoValues.stringSlice(asked, false),
          "failed to allocate IP " + ip + ": " + r.message())));
    }
    return new Outcome.Admitted(svc, Txn.NONE);
  }

  /**
   * initNodePorts: ports that share a port number share a node port (53/TCP and 53/UDP), a
   * requested node port is taken as asked, the rest are picked.
   */
  private static Outcome initNodePorts(ServiceSpec svc, Op op) {
    Map<Integer, Integer> byPort = new HashMap<>();
    List<ServicePort> ports = svc.ports();
    for (int i = 0; i < ports.size(); i++) {
      ServicePort p = svc.ports().get(i);
      if (p.nodePort() == 0 && !svc.allocatesNodePorts()) continue; // only explicit requests
      int already = byPort.getOrDefault(p.port(), 0);
      if (already == 0) {
        int requested = requestedNodePort(p.port(), ports);
        if (requested != 0) {
          if (op.port(requested) instanceof Grant.Refused<Integer> r) return nodePortInvalid(i, requested, r);
          svc = svc.withNodePort(i, requested);
          byPort.put(p.port(), requested);
        } else {
          Grant<Integer> next = op.nextPort();
          if (next instanceof Grant.Refused<Integer> r) return new Outcome.Failed("failed to allocate a nodePort: " + r.message());
          int port = ((Grant.Granted<Integer>) next).value();
          svc = svc.withNodePort(i, port);
          byPort.put(p.port(), port);
        }
      } else if (p.nodePort() != already) {
        if (p.nodePort() == 0) {
          svc = svc.withNodePort(i, already);
        } else if (op.port(p.nodePort()) instanceof Grant.Refused<Integer> r) {
          return nodePortInvalid(i, p.nodePort(), r);
        }
      }
    }
    return new Outcome.Admitted(svc, Txn.NONE);
  }

  /** The first node port asked for by a port with this number. */
  private static int requestedNodePort(int port, List<ServicePort> ports) {
    for (ServicePort p : ports) if (p.port() == port && p.nodePort() != 0) return p.nodePort();
    return 0;
  }

  private static Outcome nodePortInvalid(int index, int nodePort, Grant.Refused<Integer> r) {
    return new Outcome.Invalid(List.of(invalid("spec.ports[" + index + "].nodePort", Integer.toString(nodePort), r.message())));
  }

  private static Outcome allocateHealthCheck(ServiceSpec svc, Op op) {
    int asked = svc.healthCheckNodePort();
    if (asked != 0) {
      if (op.port(asked) instanceof Grant.Refused<Integer> r) {
        return new Outcome.Failed("failed to allocate requested HealthCheck NodePort " + asked + ": " + r.message());
      }
      return new Outcome.Admitted(svc, Txn.NONE);
    }
    Grant<Integer> next = op.nextPort();
    // Upstream prints the port it failed to get, which is always 0.
    if (next instanceof Grant.Refused<Integer> r) return new Outcome.Failed("failed to allocate a HealthCheck NodePort 0: " + r.message());
    return new Outcome.Admitted(svc.withHealthCheckNodePort(((Grant.Granted<Integer>) next).value()), Txn.NONE);
  }

  // ------------------------------------------------------------------ update

  private Outcome allocateUpdate(ServiceSpec before, ServiceSpec after, Op op) {
    ServiceSpec svc = after;
    if (!svc.externalName()) {
      Families families = families(svc);
      if (!families.errors.isEmpty()) return new Outcome.Invalid(families.errors);
      svc = families.spec;
    }
    Outcome ip = updateClusterIPs(before, svc, op);
    if (!(ip instanceof Outcome.Admitted a)) return ip;
    svc = a.spec();
    if (before.exposesNodePorts() && (svc.type().equals("ClusterIP") || svc.externalName())) {
      before.nodePorts().forEach(op::releaseLater);
    }
    if (svc.exposesNodePorts()) {
      Outcome ports = updateNodePorts(before, svc, op);
      if (!(ports instanceof Outcome.Admitted p)) return ports;
      svc = p.spec();
    }
    if (!before.needsHealthCheck() && svc.needsHealthCheck()) {
      Outcome hc = allocateHealthCheck(svc, op);
      if (!(hc instanceof Outcome.Admitted h)) return hc;
      svc = h.spec();
    } else if (before.needsHealthCheck() && !svc.needsHealthCheck() && before.healthCheckNodePort() != 0) {
      op.releaseLater(before.healthCheckNodePort());
    }
    return new Outcome.Admitted(svc, op.txn());
  }

  private Outcome updateClusterIPs(ServiceSpec before, ServiceSpec after, Op op) {
    if (before.externalName() && !after.externalName()) return allocateClusterIP(after, op);
    if (before.headless()) return new Outcome.Admitted(after, Txn.NONE);
    if (!before.externalName() && after.externalName()) {
      before.heldClusterIPs().forEach(op::releaseIpLater);
      return new Outcome.Admitted(after, Txn.NONE);
    }
    // Services stored before netkube allocated have no cluster IP: give them one now.
    if (!after.externalName() && before.clusterIPs().isEmpty() && after.clusterIPs().isEmpty()) {
      return allocateClusterIP(after, op);
    }
    return new Outcome.Admitted(after, Txn.NONE);
  }

  /** updateNodePorts: new or changed node ports are taken, the old ones no longer used are released on commit. */
  private static Outcome updateNodePorts(ServiceSpec before, ServiceSpec after, Op op) {
    var oldPorts = before.exposesNodePorts() ? before.nodePorts() : java.util.Set.<Integer>of();
    java.util.Set<Integer> takenHere = new java.util.HashSet<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    ServiceSpec svc = after;
    for (int i = 0; i < svc.ports().size(); i++) {
      ServicePort p = svc.ports().get(i);
      if (p.nodePort() == 0 && !svc.allocatesNodePorts()) continue;
      int nodePort = p.nodePort();
      if (nodePort != 0) {
        if (!oldPorts.contains(nodePort) && !takenHere.contains(nodePort)) {
          if (op.port(nodePort) instanceof Grant.Refused<Integer> r) return nodePortInvalid(i, nodePort, r);
          takenHere.add(nodePort);
        }
      } else {
        Grant<Integer> next = op.nextPort();
        if (next instanceof Grant.Refused<Integer> r) return new Outcome.Failed("failed to allocate a nodePort: " + r.message());
        nodePort = ((Grant.Granted<Integer>) next).value();
        svc = svc.withNodePort(i, nodePort);
      }
      if (!seen.add(p.protocol() + "/" + nodePort)) {
        return new Outcome.Failed("duplicate nodePort: {" + p.protocol() + " " + nodePort + "}");
      }
    }
    var stillUsed = svc.nodePorts();
    for (int old : oldPorts) if (!stillUsed.contains(old)) op.releaseLater(old);
    return new Outcome.Admitted(svc, Txn.NONE);
  }

  private static FieldError invalid(String field, String renderedValue, String detail) {
    return new FieldError(FieldError.Type.INVALID, field, renderedValue, detail);
  }

  /**
   * One write's dealings with the ranges. A dry run takes nothing: it checks requested values
   * (ports only for being taken, as upstream's dry-run port operation) and answers picks with
   * upstream's placeholders (the network address, node ports from 32769).
   */
  private final class Op {
    private final boolean dryRun;
    private final List<String> takenIps = new ArrayList<>();
    private final List<Integer> takenPorts = new ArrayList<>();
    private final List<String> releaseIps = new ArrayList<>();
    private final List<Integer> releasePorts = new ArrayList<>();

    Op(boolean dryRun) { this.dryRun = dryRun; }

    Grant<String> ip(String ip) {
      if (dryRun) return ips.check(ip);
      Grant<String> g = ips.allocate(ip);
      if (g instanceof Grant.Granted) takenIps.add(ip);
      return g;
    }

    Grant<String> nextIp() {
      if (dryRun) return new Grant.Granted<>(ips.dryRunPlaceholder());
      Grant<String> g = ips.allocateNext();
      if (g instanceof Grant.Granted<String> granted) takenIps.add(granted.value());
      return g;
    }

    Grant<Integer> port(int port) {
      if (dryRun) {
        if (ports.has(port) || takenPorts.contains(port)) {
          return new Grant.Refused<>(Grant.Reason.ALREADY_ALLOCATED, "provided port is already allocated");
        }
        takenPorts.add(port);
        return new Grant.Granted<>(port);
      }
      Grant<Integer> g = ports.allocate(port);
      if (g instanceof Grant.Granted) takenPorts.add(port);
      return g;
    }

    Grant<Integer> nextPort() {
      if (dryRun) {
        int last = takenPorts.stream().mapToInt(Integer::intValue).max().orElse(NodePortAllocator.DRY_RUN_FIRST - 1);
        takenPorts.add(last + 1);
        return new Grant.Granted<>(last + 1);
      }
      Grant<Integer> g = ports.allocateNext();
      if (g instanceof Grant.Granted<Integer> granted) takenPorts.add(granted.value());
      return g;
    }

    void releaseIpLater(String ip) { releaseIps.add(ip); }

    void releaseLater(int port) { releasePorts.add(port); }

    Txn txn() { return dryRun ? Txn.NONE : new Txn(takenIps, takenPorts, releaseIps, releasePorts); }

    void revert() {
      if (dryRun) return;
      takenIps.forEach(ips::release);
      takenPorts.forEach(ports::release);
    }
  }
}
