package dev.netkube.controllers.serviceaccount;

import dev.netkube.controllers.runtime.Controller;
import dev.netkube.controllers.runtime.ControllerContext;
import dev.netkube.controllers.runtime.Handlers;
import dev.netkube.controllers.runtime.ReconcileLoop;
import dev.netkube.controllers.runtime.Result;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * kube-controller-manager's serviceaccount-controller: every active namespace has a
 * ServiceAccount "default"; deleting it brings it back.
 */
public final class ServiceAccountsController implements Controller {
  static final String DEFAULT = "default";

  private final ReconcileLoop loop = new ReconcileLoop("serviceaccount-controller", this::reconcile);
  private KubernetesClient client;
  private SharedIndexInformer<Namespace> namespaces;
  private SharedIndexInformer<ServiceAccount> accounts;

  @Override
  public String name() { return "serviceaccount-controller"; }

  @Override
  public void register(ControllerContext context) {
    client = context.client();
    namespaces = context.informer(Namespace.class);
    accounts = context.informer(ServiceAccount.class);
    namespaces.addEventHandler(Handlers.onAny(ns -> loop.queue().add(ns.getMetadata().getName())));
    accounts.addEventHandler(Handlers.onChange((old, sa) -> {
      if (sa == null && DEFAULT.equals(old.getMetadata().getName())) loop.queue().add(old.getMetadata().getNamespace());
    }));
  }

  @Override
  public void start() { loop.start(1); }

  private Result reconcile(String namespace) {
    Namespace ns = namespaces.getIndexer().getByKey(namespace);
    if (ns == null || ns.getMetadata().getDeletionTimestamp() != null) return Result.DONE;
    if (accounts.getIndexer().getByKey(namespace + "/" + DEFAULT) != null) return Result.DONE;
    ServiceAccount sa = new ServiceAccountBuilder().withNewMetadata().withName(DEFAULT).withNamespace(namespace).endMetadata().build();
    try {
      client.serviceAccounts().inNamespace(namespace).resource(sa).create();
    } catch (KubernetesClientException e) {
      // 409: someone made it first; 403: the namespace began terminating meanwhile.
      if (e.getCode() != 409 && e.getCode() != 403) throw e;
    }
    return Result.DONE;
  }

  @Override
  public void close() { loop.close(); }
}
