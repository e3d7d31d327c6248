package dev.netkube.dns.kubernetes;

import dev.netkube.dns.plugin.kubernetes.ClusterSource;
import dev.netkube.dns.plugin.kubernetes.ClusterState;
import dev.netkube.dns.plugin.kubernetes.KubernetesConfig;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The kubernetes plugin's cluster from informers on Services, EndpointSlices, Namespaces (and Pods for
 * {@code pods verified}), as CoreDNS watches them; synced once every informer listed.
 */
public final class InformerClusterSource implements ClusterSource, AutoCloseable {
  private final ClusterState state = new ClusterState(Clock.systemUTC());
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

  private InformerClusterSource() {}

  public static InformerClusterSource start(KubernetesClient client, KubernetesConfig config) {
    InformerClusterSource s = new InformerClusterSource();
    ClusterState st = s.state;
    SharedIndexInformer<Service> services = client.services().inAnyNamespace().runnableInformer(0);
    services.addEventHandler(handler(svc -> st.putService(FromKubernetes.service(svc)),
        svc -> st.removeService(svc.getMetadata().getNamespace(), svc.getMetadata().getName())));
    s.informers.add(services);
    if (!config.noEndpoints()) {
      SharedIndexInformer<EndpointSlice> slices = client.discovery().v1().endpointSlices().inAnyNamespace().runnableInformer(0);
      slices.addEventHandler(handler(sl -> FromKubernetes.slice(sl).ifPresentOrElse(st::putSlice,
              () -> st.removeSlice(sl.getMetadata().getNamespace(), sl.getMetadata().getName())),
          sl -> st.removeSlice(sl.getMetadata().getNamespace(), sl.getMetadata().getName())));
      s.informers.add(slices);
    }
    SharedIndexInformer<Namespace> namespaces = client.namespaces().runnableInformer(0);
    namespaces.addEventHandler(handler(ns -> st.putNamespace(ns.getMetadata().getName()),
        ns -> st.removeNamespace(ns.getMetadata().getName())));
    s.informers.add(namespaces);
    if (config.pods() == KubernetesConfig.PodMode.VERIFIED) {
      SharedIndexInformer<Pod> pods = client.pods().inAnyNamespace().runnableInformer(0);
      pods.addEventHandler(handler(p -> st.putPod(FromKubernetes.pod(p)),
          p -> st.removePod(p.getMetadata().getNamespace(), p.getMetadata().getName())));
      s.informers.add(pods);
    }
    s.informers.forEach(SharedIndexInformer::start);
    return s;
  }

  @Override public ClusterState state() { return state; }

  @Override public boolean synced() { return informers.stream().allMatch(SharedIndexInformer::hasSynced); }

  private static <T> ResourceEventHandler<T> handler(Consumer<T> put, Consumer<T> remove) {
    return new ResourceEventHandler<>() {
      @Override public void onAdd(T obj) { put.accept(obj); }

      @Override public void onUpdate(T old, T obj) { put.accept(obj); }

      @Override public void onDelete(T obj, boolean unknownFinalState) { remove.accept(obj); }
    };
  }

  @Override public void close() { informers.forEach(SharedIndexInformer::close); }
}
