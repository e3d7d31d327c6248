package dev.netkube.controllers.rootcacert;

import dev.netkube.controllers.runtime.Controller;
import dev.netkube.controllers.runtime.ControllerContext;
import dev.netkube.controllers.runtime.Handlers;
import dev.netkube.controllers.runtime.ReconcileLoop;
import dev.netkube.controllers.runtime.Result;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Optional;

/**
 * kube-controller-manager's root-ca-cert-publisher: every active namespace has a ConfigMap
 * "kube-root-ca.crt" whose "ca.crt" is the cluster CA (pods mount it with their service-account
 * token); changed or deleted, it is put back.
 */
public final class RootCaCertPublisher implements Controller {
  static final String NAME = "root-ca-cert-publisher";

  private final ReconcileLoop loop = new ReconcileLoop(NAME, this::reconcile);
  private KubernetesClient client;
  private String caPem;
  private SharedIndexInformer<Namespace> namespaces;
  private SharedIndexInformer<ConfigMap> configMaps;

  @Override
  public String name() { return NAME; }

  @Override
  public void register(ControllerContext context) {
    client = context.client();
    caPem = context.clusterCaPem();
    namespaces = context.informer(Namespace.class);
    configMaps = context.informer(ConfigMap.class);
    namespaces.addEventHandler(Handlers.onChange((old, ns) -> {
      if (ns != null) loop.queue().add(ns.getMetadata().getName());
    }));
    configMaps.addEventHandler(Handlers.onChange((old, cm) -> {
      // Added ones are ours (or already right); changed and deleted ones may need repair.
      if (old != null && RootCaConfigMap.NAME.equals(old.getMetadata().getName())) loop.queue().add(old.getMetadata().getNamespace());
    }));
  }

  @Override
  public void start() { loop.start(1); }

  private Result reconcile(String namespace) {
    Namespace ns = namespaces.getIndexer().getByKey(namespace);
    if (ns == null || ns.getMetadata().getDeletionTimestamp() != null) return Result.DONE;
    if (ns.getStatus() != null && "Terminating".equals(ns.getStatus().getPhase())) return Result.DONE;
    Optional<ConfigMap> existing = Optional.ofNullable(configMaps.getIndexer().getByKey(namespace + "/" + RootCaConfigMap.NAME));
    RootCaConfigMap.Change change = RootCaConfigMap.reconcile(namespace, existing, caPem);
    try {
      if (change instanceof RootCaConfigMap.Change.Create create) {
        client.configMaps().inNamespace(namespace).resource(create.configMap()).create();
      } else if (change instanceof RootCaConfigMap.Change.Update update) {
        client.configMaps().inNamespace(namespace).resource(update.configMap()).update();
      }
    } catch (KubernetesClientException e) {
      // 404/403: the namespace went or began terminating; 409 on create: the informer will tell.
      if (e.getCode() == 404 || e.getCode() == 403) return Result.DONE;
      throw e;
    }
    return Result.DONE;
  }

  @Override
  public void close() { loop.close(); }
}
