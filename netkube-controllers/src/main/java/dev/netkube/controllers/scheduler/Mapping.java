package dev.netkube.controllers.scheduler;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/** The adapter's half: fabric8 API objects → the scheduler's records. */
public final class Mapping {
  private Mapping() {}

  public static SchedPod pod(Pod pod) {
    PodSpec spec = pod.getSpec();
    String key = pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    List<NodeSelectorTerm> terms = new ArrayList<>();
    if (spec.getAffinity() != null && spec.getAffinity().getNodeAffinity() != null
        && spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() != null) {
      for (var t : spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms()) {
        terms.add(new NodeSelectorTerm(requirements(t.getMatchExpressions()), requirements(t.getMatchFields())));
      }
    }
    List<Toleration> tolerations = new ArrayList<>();
    if (spec.getTolerations() != null) {
      for (var t : spec.getTolerations()) {
        tolerations.add(new Toleration(str(t.getKey()), str(t.getOperator()), str(t.getValue()), str(t.getEffect()),
            t.getTolerationSeconds() == null ? OptionalLong.empty() : OptionalLong.of(t.getTolerationSeconds())));
      }
    }
    List<HostPort> ports = new ArrayList<>();
    for (List<Container> list : List.of(nonNull(spec.getInitContainers()), nonNull(spec.getContainers()))) {
      for (Container c : list) {
        if (c.getPorts() == null) continue;
        for (ContainerPort p : c.getPorts()) {
          if (p.getHostPort() == null || p.getHostPort() <= 0) continue;
          String ip = str(p.getHostIP());
          ports.add(new HostPort(p.getProtocol() == null ? "TCP" : p.getProtocol(), ip.isEmpty() ? HostPort.ANY : ip, p.getHostPort()));
        }
      }
    }
    return new SchedPod(key, str(pod.getMetadata().getUid()), str(spec.getNodeName()),
        spec.getNodeSelector() == null ? Map.of() : Map.copyOf(spec.getNodeSelector()), List.copyOf(terms),
        List.copyOf(tolerations), requests(spec), List.copyOf(ports), spec.getPriority() == null ? 0 : spec.getPriority(),
        str(spec.getPreemptionPolicy()));
  }

  /**
   * The pod's effective requests (resourcehelper.PodRequests): the containers' sum plus restartable
   * (sidecar) init containers, or the largest regular init container (with the sidecars started
   * before it) if more, plus the pod overhead.
   */
  static Resources requests(PodSpec spec) {
    Resources containers = Resources.ZERO;
    for (Container c : nonNull(spec.getContainers())) containers = containers.plus(requests(c));
    Resources sidecars = Resources.ZERO;
    Resources initMax = Resources.ZERO;
    for (Container c : nonNull(spec.getInitContainers())) {
      Resources r = requests(c);
      if ("Always".equals(c.getRestartPolicy())) {
        sidecars = sidecars.plus(r);
        initMax = initMax.max(sidecars);
      } else {
        initMax = initMax.max(r.plus(sidecars));
      }
    }
    Resources total = containers.plus(sidecars).max(initMax);
    if (spec.getOverhead() != null) total = total.plus(resources(spec.getOverhead()));
    return total;
  }

  private static Resources requests(Container c) {
    if (c.getResources() == null || c.getResources().getRequests() == null) return Resources.ZERO;
    return resources(c.getResources().getRequests());
  }

  static Resources resources(Map<String, Quantity> q) {
    return new Resources(milli(q.get("cpu")), bytes(q.get("memory")));
  }

  public static SchedNode node(Node node) {
    Map<String, Quantity> alloc = node.getStatus() == null || node.getStatus().getAllocatable() == null
        ? Map.of() : node.getStatus().getAllocatable();
    Map<String, Quantity> capacity = node.getStatus() == null || node.getStatus().getCapacity() == null
        ? Map.of() : node.getStatus().getCapacity();
    Map<String, Quantity> source = alloc.isEmpty() ? capacity : alloc;
    List<Taint> taints = new ArrayList<>();
    boolean unschedulable = false;
    if (node.getSpec() != null) {
      if (node.getSpec().getTaints() != null) {
        for (var t : node.getSpec().getTaints()) taints.add(new Taint(str(t.getKey()), str(t.getValue()), str(t.getEffect())));
      }
      unschedulable = Boolean.TRUE.equals(node.getSpec().getUnschedulable());
    }
    long pods = source.get("pods") == null ? 0 : bytes(source.get("pods"));
    Map<String, String> labels = node.getMetadata().getLabels() == null ? Map.of() : Map.copyOf(node.getMetadata().getLabels());
    return new SchedNode(node.getMetadata().getName(), labels, List.copyOf(taints), unschedulable, resources(source), pods);
  }

  private static List<NodeSelectorTerm.Requirement> requirements(List<NodeSelectorRequirement> list) {
    List<NodeSelectorTerm.Requirement> out = new ArrayList<>();
    if (list == null) return out;
    for (NodeSelectorRequirement r : list) {
      out.add(new NodeSelectorTerm.Requirement(str(r.getKey()), str(r.getOperator()),
          r.getValues() == null ? List.of() : List.copyOf(r.getValues())));
    }
    return out;
  }

  static long milli(Quantity q) {
    if (q == null) return 0;
    return Quantity.getAmountInBytes(q).multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  static long bytes(Quantity q) {
    if (q == null) return 0;
    return Quantity.getAmountInBytes(q).setScale(0, RoundingMode.CEILING).longValueExact();
  }

  private static <T> List<T> nonNull(List<T> l) { return l == null ? List.of() : l; }

  private static String str(String s) { return s == null ? "" : s; }
}
