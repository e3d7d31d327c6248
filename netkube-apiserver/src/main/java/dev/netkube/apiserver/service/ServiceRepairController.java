package dev.netkube.apiserver.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.apiserver.registry.ListOptions;
import dev.netkube.apiserver.registry.Meta;
import dev.netkube.apiserver.registry.ResourceService;
import dev.netkube.apiserver.registry.ServedResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the cluster IP and node port repair passes against the stored services: at start (the
 * allocators are rebuilt from the services, since netkube keeps them in memory only) and then
 * periodically, as upstream's repair controllers, to find and fix leaks and report double
 * allocations. Findings are logged and recorded as Warning events on the services.
 */
public final class ServiceRepairController {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceRepairController.class);
  static final String IP_CONTROLLER = "ipallocator-repair-controller";
  static final String PORT_CONTROLLER = "portallocator-repair-controller";

  private final ResourceService service;
  private final ServiceAllocator allocator;
  private final ServiceEvents events;
  private final RangeRepair<String> ipRepair = new RangeRepair<>(RangeRepair.clusterIps());
  private final RangeRepair<Integer> portRepair = new RangeRepair<>(RangeRepair.nodePorts());

  ServiceRepairController(ResourceService service, ServiceAllocator allocator, ServiceEvents events) {
    this.service = service;
    this.allocator = allocator;
    this.events = events;
  }

  /** Start-up: fill the empty allocators from the stored services. */
  public List<Finding> rebuild() { return pass(true); }

  /** One periodic pass. */
  public List<Finding> repair() { return pass(false); }

  private synchronized List<Finding> pass(boolean initial) {
    long t0 = System.nanoTime();
    Map<ServiceRef, ObjectNode> objects = new LinkedHashMap<>();
    List<Finding> ipFindings = new ArrayList<>();
    List<Finding> portFindings = new ArrayList<>();
    // The list runs with allocation paused: the allocators' state and the services it is
    // compared with must be one moment's, or a concurrent delete would look like a leak that
    // the swap below resurrects. A list is milliseconds; writes wait that long every 3 minutes.
    allocator.exclusive(() -> {
      Map<ServiceRef, ServiceSpec> specs = new LinkedHashMap<>();
      ServedResource services = service.registry().find("", "v1", "services").orElseThrow();
      for (ObjectNode svc : service.list(services, "", new ListOptions(null, null, 0, "", "")).items()) {
        ServiceRef ref = new ServiceRef(Meta.namespace(svc), Meta.name(svc));
        objects.put(ref, svc);
        specs.put(ref, ServiceSpecs.read(svc));
      }
      var ips = ipRepair.run(allocator.ips(), RangeRepair.references(specs, ServiceSpec::heldClusterIPs), initial);
      var ports = portRepair.run(allocator.ports(), RangeRepair.references(specs, ServiceSpec::heldNodePorts), initial);
      allocator.replace((ClusterIpAllocator) ips.rebuilt(), (NodePortAllocator) ports.rebuilt());
      ipFindings.addAll(ips.findings());
      portFindings.addAll(ports.findings());
      return null;
    });
    report(ipFindings, objects, IP_CONTROLLER, "ClusterIPAllocation");
    report(portFindings, objects, PORT_CONTROLLER, "PortAllocation");
    List<Finding> all = new ArrayList<>(ipFindings);
    all.addAll(portFindings);
    if (initial) {
      LOG.info("service allocators rebuilt from {} services in {} ms: {} cluster IPs, {} node ports held", objects.size(),
          (System.nanoTime() - t0) / 1_000_000,
          allocator.exclusive(() -> allocator.ips().allocated().size()),
          allocator.exclusive(() -> allocator.ports().allocated().size()));
    }
    return all;
  }

  private void report(List<Finding> findings, Map<ServiceRef, ObjectNode> objects, String component, String action) {
    for (Finding f : findings) {
      LOG.warn(f.log());
      f.service().map(objects::get).ifPresent(svc -> {
        try {
          events.warn(svc, component, action, f.reason(), f.message());
        } catch (RuntimeException e) {
          LOG.warn("recording event {} on service {} failed: {}", f.reason(), f.service().get(), e.getMessage());
        }
      });
    }
  }
}
