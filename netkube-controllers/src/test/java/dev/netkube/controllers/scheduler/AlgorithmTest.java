package dev.netkube.controllers.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Scheduling decisions against the pure core: filters one by one, spreading, messages. */
class AlgorithmTest {
  private static final long GI = 1024L * 1024 * 1024;
  private final SchedulerCache cache = new SchedulerCache();
  private final Algorithm algorithm = new Algorithm(new SplittableRandom(42));

  private static SchedNode node(String name, long milliCpu, long memory, List<Taint> taints, Map<String, String> labels) {
    return new SchedNode(name, labels, taints, false, new Resources(milliCpu, memory), 110);
  }

  private static SchedNode node(String name) { return node(name, 4000, 8 * GI, List.of(), Map.of("kubernetes.io/hostname", name)); }

  private static SchedPod pod(String name) {
    return new SchedPod("default/" + name, "uid-" + name, "", Map.of(), List.of(), List.of(), Resources.ZERO, List.of(), 0,
        "PreemptLowerPriority");
  }

  private static SchedPod with(SchedPod p, Resources r) {
    return new SchedPod(p.key(), p.uid(), p.nodeName(), p.nodeSelector(), p.requiredAffinity(), p.tolerations(), r,
        p.hostPorts(), p.priority(), p.preemptionPolicy());
  }

  private static SchedPod selecting(SchedPod p, Map<String, String> selector) {
    return new SchedPod(p.key(), p.uid(), p.nodeName(), selector, p.requiredAffinity(), p.tolerations(), p.requests(),
        p.hostPorts(), p.priority(), p.preemptionPolicy());
  }

  private String schedule(SchedPod p) {
    Algorithm.Outcome o = algorithm.schedule(p, cache);
    if (o instanceof Algorithm.Scheduled s) {
      cache.assume(p, s.node());
      return s.node();
    }
    return ((Algorithm.Unschedulable) o).message();
  }

  @Test
  void noNodes() {
    assertThat(schedule(pod("a"))).isEqualTo("no nodes available to schedule pods");
  }

  @Test
  void podsSpreadOverEqualNodes() {
    for (int i = 1; i <= 3; i++) cache.upsertNode(node("node-" + i));
    Map<String, Integer> counts = new HashMap<>();
    for (int i = 0; i < 30; i++) counts.merge(schedule(pod("p" + i)), 1, Integer::sum);
    assertThat(counts).containsOnlyKeys("node-1", "node-2", "node-3");
    assertThat(counts.values()).allSatisfy(n -> assertThat(n).isEqualTo(10));
  }

  @Test
  void mixedReasonsAreCountedSortedAndPreemptionSaysWhy() {
    cache.upsertNode(node("small", 500, 8 * GI, List.of(), Map.of("disk", "hdd")));
    cache.upsertNode(node("hdd-1", 4000, 8 * GI, List.of(), Map.of("disk", "hdd")));
    cache.upsertNode(node("hdd-2", 4000, 8 * GI, List.of(), Map.of("disk", "hdd")));
    cache.upsertNode(node("ssd-busy", 1000, 8 * GI, List.of(), Map.of("disk", "ssd")));
    cache.upsertPod(with(pod("hog"), new Resources(800, 0)).withNodeName("ssd-busy"));
    SchedPod p = with(selecting(pod("web"), Map.of("disk", "ssd")), new Resources(600, 0));
    // small: affinity; hdd-*: affinity; ssd-busy: 1000-800 < 600 → Insufficient cpu (resolvable)
    assertThat(schedule(p)).isEqualTo("0/4 nodes are available: 1 Insufficient cpu, 3 node(s) didn't match Pod's node "
        + "affinity/selector. preemption: 0/4 nodes are available: 1 No preemption victims found for incoming pod, "
        + "3 Preemption is not helpful for scheduling.");
  }

  @Test
  void moreCpuThanAnyNodeHasIsNotHelpedByPreemption() {
    cache.upsertNode(node("node-1"));
    cache.upsertNode(node("node-2"));
    assertThat(schedule(with(pod("big"), new Resources(64_000, 0)))).isEqualTo(
        "0/2 nodes are available: 2 Insufficient cpu. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.");
  }

  @Test
  void taintsAndTolerations() {
    cache.upsertNode(node("tainted", 4000, 8 * GI, List.of(new Taint("dedicated", "gpu", "NoSchedule")), Map.of()));
    cache.upsertNode(node("gone", 4000, 8 * GI, List.of(new Taint("node.kubernetes.io/unreachable", "", "NoExecute")), Map.of()));
    assertThat(schedule(pod("a"))).isEqualTo("0/2 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, "
        + "1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }. preemption: 0/2 nodes are available: "
        + "2 Preemption is not helpful for scheduling.");
    SchedPod tolerant = new SchedPod("default/b", "b", "", Map.of(), List.of(),
        List.of(new Toleration("dedicated", "Equal", "gpu", "NoSchedule", OptionalLong.empty())), Resources.ZERO, List.of(), 0, "");
    assertThat(schedule(tolerant)).isEqualTo("tainted");
    SchedPod wrongValue = new SchedPod("default/c", "c", "", Map.of(), List.of(),
        List.of(new Toleration("dedicated", "Equal", "tpu", "NoSchedule", OptionalLong.empty())), Resources.ZERO, List.of(), 0, "Never");
    assertThat(schedule(wrongValue)).endsWith(". not eligible due to preemptionPolicy=Never.");
  }

  @Test
  void unschedulableNodeUnlessTolerated() {
    cache.upsertNode(new SchedNode("cordoned", Map.of(), List.of(), true, new Resources(4000, 8 * GI), 110));
    assertThat(schedule(pod("a"))).startsWith("0/1 nodes are available: 1 node(s) were unschedulable.");
    SchedPod tolerant = new SchedPod("default/b", "b", "", Map.of(), List.of(),
        List.of(Toleration.exists(Taint.UNSCHEDULABLE, "NoSchedule")), Resources.ZERO, List.of(), 0, "");
    assertThat(schedule(tolerant)).isEqualTo("cordoned");
  }

  @Test
  void nodeAffinityOperatorsAndMatchFields() {
    cache.upsertNode(node("a", 4000, 8 * GI, List.of(), Map.of("zone", "z1", "gen", "3")));
    cache.upsertNode(node("b", 4000, 8 * GI, List.of(), Map.of("zone", "z2", "gen", "5")));
    var gt4 = new NodeSelectorTerm(List.of(new NodeSelectorTerm.Requirement("gen", "Gt", List.of("4"))), List.of());
    assertThat(schedule(affinity("p1", List.of(gt4)))).isEqualTo("b");
    var notIn = new NodeSelectorTerm(List.of(new NodeSelectorTerm.Requirement("zone", "NotIn", List.of("z2")),
        new NodeSelectorTerm.Requirement("gen", "Exists", List.of())), List.of());
    assertThat(schedule(affinity("p2", List.of(notIn)))).isEqualTo("a");
    var byName = new NodeSelectorTerm(List.of(), List.of(new NodeSelectorTerm.Requirement("metadata.name", "In", List.of("b"))));
    assertThat(schedule(affinity("p3", List.of(byName)))).isEqualTo("b");
    var none = new NodeSelectorTerm(List.of(new NodeSelectorTerm.Requirement("zone", "DoesNotExist", List.of())), List.of());
    var lt = new NodeSelectorTerm(List.of(new NodeSelectorTerm.Requirement("gen", "Lt", List.of("4"))), List.of());
    assertThat(schedule(affinity("p4", List.of(none, lt)))).isEqualTo("a"); // terms are ORed
    assertThat(schedule(affinity("p5", List.of(none)))).startsWith("0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.");
  }

  private static SchedPod affinity(String name, List<NodeSelectorTerm> terms) {
    return new SchedPod("default/" + name, name, "", Map.of(), terms, List.of(), Resources.ZERO, List.of(), 0, "");
  }

  @Test
  void hostPortConflicts() {
    cache.upsertNode(node("node-1"));
    cache.upsertNode(node("node-2"));
    SchedPod a = ports("a", new HostPort("TCP", "0.0.0.0", 8080));
    SchedPod b = ports("b", new HostPort("TCP", "10.0.0.1", 8080));
    SchedPod udp = ports("u", new HostPort("UDP", "0.0.0.0", 8080));
    String first = schedule(a);
    String second = schedule(b);
    assertThat(second).isNotEqualTo(first);
    assertThat(schedule(udp)).isIn("node-1", "node-2");
    assertThat(schedule(ports("c", new HostPort("TCP", "0.0.0.0", 8080)))).isEqualTo(
        "0/2 nodes are available: 2 node(s) didn't have free ports for the requested pod ports. preemption: "
            + "0/2 nodes are available: 2 No preemption victims found for incoming pod.");
    cache.forget("default/a");
    assertThat(schedule(ports("d", new HostPort("TCP", "10.0.0.2", 8080)))).isEqualTo(first);
  }

  private static SchedPod ports(String name, HostPort port) {
    return new SchedPod("default/" + name, name, "", Map.of(), List.of(), List.of(), Resources.ZERO, List.of(port), 0, "");
  }

  @Test
  void resourceFitWithManyPods() {
    cache.upsertNode(node("node-1", 2000, 4 * GI, List.of(), Map.of()));
    cache.upsertNode(node("node-2", 2000, 4 * GI, List.of(), Map.of()));
    int placed = 0;
    for (int i = 0; i < 20; i++) {
      String r = schedule(with(pod("p" + i), new Resources(250, 256L * 1024 * 1024)));
      if (r.startsWith("node-")) placed++;
    }
    assertThat(placed).isEqualTo(16); // 8 × 250m per node
    assertThat(cache.node("node-1").orElseThrow().requested().milliCpu()).isEqualTo(2000);
    assertThat(schedule(with(pod("x"), new Resources(100, 0)))).startsWith("0/2 nodes are available: 2 Insufficient cpu.");
    assertThat(schedule(with(pod("y"), new Resources(0, 5 * GI)))).startsWith("0/2 nodes are available: 2 Insufficient memory.");
    cache.removePod("default/p0");
    assertThat(schedule(with(pod("z"), new Resources(250, 0)))).startsWith("node-");
  }

  @Test
  void tooManyPods() {
    cache.upsertNode(new SchedNode("tiny", Map.of(), List.of(), false, new Resources(4000, 8 * GI), 2));
    assertThat(schedule(pod("a"))).isEqualTo("tiny");
    assertThat(schedule(pod("b"))).isEqualTo("tiny");
    assertThat(schedule(pod("c"))).startsWith("0/1 nodes are available: 1 Too many pods.");
  }

  @Test
  void histogramSortsAsStrings() {
    Map<String, Filters.Failure> failures = new java.util.LinkedHashMap<>();
    for (int i = 0; i < 10; i++) failures.put("a" + i, new Filters.Failure("x", List.of("Insufficient memory"), true));
    failures.put("b", new Filters.Failure("x", List.of("Insufficient cpu", "Insufficient memory"), true));
    failures.put("c", new Filters.Failure("x", List.of("Too many pods"), true));
    failures.put("d", new Filters.Failure("x", List.of("Too many pods"), true));
    assertThat(Algorithm.fitError(pod("p"), 13, failures)).isEqualTo(
        "0/13 nodes are available: 1 Insufficient cpu, 11 Insufficient memory, 2 Too many pods. preemption: "
            + "0/13 nodes are available: 13 No preemption victims found for incoming pod.");
  }

  @Test
  void largeClustersStopAfterEnoughFeasibleNodes() {
    assertThat(Algorithm.feasibleNodesToFind(50)).isEqualTo(50);
    assertThat(Algorithm.feasibleNodesToFind(1000)).isEqualTo(420);
    assertThat(Algorithm.feasibleNodesToFind(5000)).isEqualTo(500);
    assertThat(Algorithm.feasibleNodesToFind(150)).isEqualTo(100);
  }
}
