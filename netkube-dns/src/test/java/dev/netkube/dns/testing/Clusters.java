package dev.netkube.dns.testing;

import dev.netkube.dns.plugin.kubernetes.ClusterModel.Endpoint;
import dev.netkube.dns.plugin.kubernetes.ClusterModel.Kind;
import dev.netkube.dns.plugin.kubernetes.ClusterModel.Pod;
import dev.netkube.dns.plugin.kubernetes.ClusterModel.Port;
import dev.netkube.dns.plugin.kubernetes.ClusterModel.Service;
import dev.netkube.dns.plugin.kubernetes.ClusterModel.Slice;
import dev.netkube.dns.plugin.kubernetes.ClusterState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The cluster the DNS tests answer for: the seed's services and the spec's headless, SRV and ExternalName cases. */
public final class Clusters {
  private Clusters() {}

  public static ClusterState seed() {
    ClusterState s = new ClusterState(Clock.systemUTC());
    for (String ns : List.of("default", "kube-system", "monitoring")) s.putNamespace(ns);
    Port http = new Port("http", "TCP", 80);
    s.putService(new Service("default", "clusterip-service", Kind.CLUSTER_IP, List.of("10.96.0.20"), "", List.of(http)));
    s.putSlice(new Slice("default", "clusterip-service-abcde", "clusterip-service",
        List.of(new Endpoint("10.244.1.5", Optional.empty(), Optional.of("nginx-for-service"), List.of(http)))));
    s.putService(new Service("monitoring", "prometheus-app", Kind.CLUSTER_IP, List.of("10.96.0.30"), "",
        List.of(new Port("web", "TCP", 9090), new Port("", "UDP", 9091))));
    s.putService(new Service("kube-system", "kube-dns", Kind.CLUSTER_IP, List.of("10.96.0.10"), "",
        List.of(new Port("dns", "UDP", 53), new Port("dns-tcp", "TCP", 53), new Port("metrics", "TCP", 9153))));
    // headless "default-subdomain" with a pod whose hostname is appname (the seed's hostname.subdomain case)
    s.putService(new Service("default", "default-subdomain", Kind.HEADLESS, List.of(), "", List.of(new Port("foo", "TCP", 1234))));
    s.putSlice(new Slice("default", "default-subdomain-x1", "default-subdomain", List.of(
        new Endpoint("10.244.1.10", Optional.of("appname"), Optional.of("appname-pod"), List.of(new Port("foo", "TCP", 1234))),
        new Endpoint("10.244.2.11", Optional.empty(), Optional.of("other-pod"), List.of(new Port("foo", "TCP", 1234))))));
    s.putService(new Service("default", "no-ready", Kind.HEADLESS, List.of(), "", List.of(http)));
    s.putSlice(new Slice("default", "no-ready-1", "no-ready", List.of()));
    s.putService(new Service("default", "my-service", Kind.EXTERNAL_NAME, List.of(), "my.database.example.com", List.of()));
    s.putService(new Service("default", "external-org", Kind.EXTERNAL_NAME, List.of(), "example.org", List.of()));
    s.putService(new Service("default", "alias", Kind.EXTERNAL_NAME, List.of(), "clusterip-service.default.svc.cluster.local", List.of()));
    s.putPod(new Pod("default", "nginx-for-service", List.of("10.244.1.5")));
    return s;
  }

  /** A headless service with {@code n} ready endpoints: enough to overflow 512 bytes. */
  public static void bigHeadless(ClusterState s, int n) {
    List<Endpoint> eps = new ArrayList<>();
    for (int i = 0; i < n; i++) eps.add(new Endpoint("10.244.3." + (i + 1), Optional.empty(), Optional.empty(), List.of(new Port("http", "TCP", 80))));
    s.putService(new Service("default", "big", Kind.HEADLESS, List.of(), "", List.of(new Port("http", "TCP", 80))));
    s.putSlice(new Slice("default", "big-1", "big", eps));
  }
}
