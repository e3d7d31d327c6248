package dev.netkube.controllers;

import dev.netkube.controllers.kwok.FakeNodesController;
import dev.netkube.controllers.nodeipam.NodeIpamController;
import dev.netkube.controllers.nodelifecycle.NodeLifecycleController;
import dev.netkube.controllers.nodelifecycle.TaintEvictionController;
import dev.netkube.controllers.runtime.Controller;
import dev.netkube.controllers.scheduler.Scheduler;
import dev.netkube.controllers.serviceaccount.ServiceAccountsController;
import java.util.ArrayList;
import java.util.List;

/** Every controller netkube's control plane runs, as kube-controller-manager and kube-scheduler would. */
public final class Controllers {
  private Controllers() {}

  public static List<Controller> all() {
    List<Controller> all = new ArrayList<>();
    all.add(new ServiceAccountsController());
    all.add(new NodeIpamController(NodeIpamController.DEFAULT_CLUSTER_CIDR, NodeIpamController.DEFAULT_NODE_MASK));
    all.add(new FakeNodesController());
    all.add(new Scheduler());
    all.add(NodeLifecycleController.fromSystemProperties());
    all.add(new TaintEvictionController());
    return all;
  }
}
