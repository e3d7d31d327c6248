package dev.netkube.controllers;

import dev.netkube.controllers.daemonset.DaemonSetController;
import dev.netkube.controllers.deployment.DeploymentController;
import dev.netkube.controllers.endpoints.EndpointsController;
import dev.netkube.controllers.endpointslice.EndpointSliceController;
import dev.netkube.controllers.endpointslicemirroring.EndpointSliceMirroringController;
import dev.netkube.controllers.garbagecollector.GarbageCollectorController;
import dev.netkube.controllers.job.JobController;
import dev.netkube.controllers.kwok.FakeNodesController;
import dev.netkube.controllers.nodeipam.NodeIpamController;
import dev.netkube.controllers.nodelifecycle.NodeLifecycleController;
import dev.netkube.controllers.nodelifecycle.TaintEvictionController;
import dev.netkube.controllers.replicaset.ReplicaSetController;
import dev.netkube.controllers.rootcacert.RootCaCertPublisher;
import dev.netkube.controllers.runtime.Controller;
import dev.netkube.controllers.scheduler.Scheduler;
import dev.netkube.controllers.serviceaccount.ServiceAccountsController;
import dev.netkube.controllers.statefulset.StatefulSetController;
import java.util.ArrayList;
import java.util.List;

/** Every controller netkube's control plane runs, as kube-controller-manager and kube-scheduler would. */
public final class Controllers {
  private Controllers() {}

  public static List<Controller> all() {
    List<Controller> all = new ArrayList<>();
    all.add(new ServiceAccountsController());
    all.add(new GarbageCollectorController());
    all.add(new RootCaCertPublisher());
    all.add(new NodeIpamController(NodeIpamController.DEFAULT_CLUSTER_CIDR, NodeIpamController.DEFAULT_NODE_MASK));
    all.add(new FakeNodesController());
    all.add(new ReplicaSetController());
    all.add(new DeploymentController());
    all.add(new JobController());
    all.add(new DaemonSetController());
    all.add(new StatefulSetController());
    all.add(new EndpointSliceController());
    all.add(new EndpointsController());
    all.add(new EndpointSliceMirroringController());
    all.add(new Scheduler());
    all.add(NodeLifecycleController.fromSystemProperties());
    all.add(new TaintEvictionController());
    return all;
  }
}
