package dev.netkube.controllers.scheduler;

import java.util.List;
import java.util.Map;

/** What scheduling needs of a node: labels, taints, spec.unschedulable and status.allocatable. */
public record SchedNode(String name, Map<String, String> labels, List<Taint> taints, boolean unschedulable,
    Resources allocatable, long allowedPods) {}
