package dev.netkube.controllers.workload;

import dev.netkube.controllers.runtime.ControllerContext;
import dev.netkube.controllers.runtime.EventRecorder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The writes the workload controllers share (upstream's PodControl and ControllerRefManager
 * patches), with their events: "Created pod: x", "Deleted pod: x", "Error creating: ...".
 */
public final class WorkloadClient implements AutoCloseable {
  private final KubernetesClient client;
  private final ExecutorService pool;

  private WorkloadClient(KubernetesClient client, String name) {
    this.client = client;
    AtomicInteger n = new AtomicInteger();
    this.pool = Executors.newFixedThreadPool(8, r -> {
      Thread t = new Thread(r, name + "-writer-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  public static WorkloadClient of(ControllerContext context, String name) { return new WorkloadClient(context.client(), name); }

  public KubernetesClient client() { return client; }

  /**
   * Creates {@code n} pods in parallel; records SuccessfulCreate / FailedCreate on the owner.
   * @return how many were created
   */
  public int createPods(int n, Supplier<Pod> pod, HasMetadata owner, EventRecorder events, List<String> errors) {
    List<Future<Boolean>> futures = new ArrayList<>();
    for (int i = 0; i < n; i++) futures.add(pool.submit(() -> createPod(pod.get(), owner, events, errors)));
    return (int) futures.stream().filter(WorkloadClient::ok).count();
  }

  public boolean createPod(Pod pod, HasMetadata owner, EventRecorder events, List<String> errors) {
    try {
      Pod created = client.pods().inNamespace(owner.getMetadata().getNamespace()).resource(pod).create();
      events.normal(owner, "SuccessfulCreate", "Created pod: " + created.getMetadata().getName());
      return true;
    } catch (KubernetesClientException e) {
      String message = message(e);
      // Upstream stays quiet when the namespace is terminating: the pods are not wanted any more.
      if (!(e.getCode() == 403 && message.contains("because it is being terminated"))) {
        events.warning(owner, "FailedCreate", "Error creating: " + message);
      }
      errors.add("create:" + message);
      return false;
    }
  }

  /** Deletes in parallel; records SuccessfulDelete / FailedDelete; {@code gone} for pods already gone (404). */
  public void deletePods(List<Pod> pods, HasMetadata owner, EventRecorder events, List<String> errors, Consumer<Pod> gone) {
    List<Future<Boolean>> futures = new ArrayList<>();
    for (Pod p : pods) futures.add(pool.submit(() -> deletePod(p, owner, events, errors, gone)));
    futures.forEach(WorkloadClient::ok);
  }

  public boolean deletePod(Pod p, HasMetadata owner, EventRecorder events, List<String> errors, Consumer<Pod> gone) {
    try {
      client.pods().inNamespace(p.getMetadata().getNamespace()).withName(p.getMetadata().getName()).delete();
      events.normal(owner, "SuccessfulDelete", "Deleted pod: " + p.getMetadata().getName());
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) {
        gone.accept(p);
        return true;
      }
      String message = message(e);
      events.warning(owner, "FailedDelete", "Error deleting: " + message);
      errors.add("delete:" + message);
      gone.accept(p);
      return false;
    }
  }

  /**
   * Adopts an orphan: a strategic merge patch adding our controller reference, with the pod's uid
   * as precondition. Empty when it went away or changed meanwhile.
   */
  public <T extends HasMetadata> Optional<T> adopt(HasMetadata owner, T pod) {
    if (!ownerStillCurrent(owner)) return Optional.empty();
    Map<String, Object> patch = Map.of("metadata", Map.of(
        "ownerReferences", List.of(Ownership.controllerReference(owner)),
        "uid", pod.getMetadata().getUid()));
    try {
      return Optional.of(client.resource(pod).patch(PatchContext.of(PatchType.STRATEGIC_MERGE), Serialization.asJson(patch)));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404 || e.getCode() == 422 || e.getCode() == 409) return Optional.empty();
      throw e;
    }
  }

  /** Releases a pod that no longer matches: removes our reference (strategic merge {@code $patch: delete}). */
  public void release(HasMetadata owner, HasMetadata pod) {
    String patch = "{\"metadata\":{\"ownerReferences\":[{\"$patch\":\"delete\",\"uid\":\"" + owner.getMetadata().getUid()
        + "\"}],\"uid\":\"" + pod.getMetadata().getUid() + "\"}}";
    try {
      client.resource(pod).patch(PatchContext.of(PatchType.STRATEGIC_MERGE), patch);
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404 && e.getCode() != 422) throw e;
    }
  }

  /**
   * A JSON merge patch of metadata and spec, conditional on the cached resourceVersion (a 409 when
   * the cache was stale, as upstream's Update). A patch, not a PUT of the whole object: the model
   * drops fields the server keeps (a template's {@code creationTimestamp: null}), which would
   * count as a spec change and bump the generation.
   */
  public <T extends HasMetadata> T patch(T obj, Map<String, Object> metadata, Map<String, Object> spec) {
    Map<String, Object> meta = new java.util.LinkedHashMap<>(metadata);
    meta.put("resourceVersion", obj.getMetadata().getResourceVersion());
    Map<String, Object> body = new java.util.LinkedHashMap<>();
    body.put("metadata", meta);
    if (!spec.isEmpty()) body.put("spec", spec);
    return client.resource(obj).patch(PatchContext.of(PatchType.JSON_MERGE), Serialization.asJson(body));
  }

  /** Upstream re-reads the owner before adopting: a deleted-and-recreated owner must not adopt. */
  private boolean ownerStillCurrent(HasMetadata owner) {
    try {
      HasMetadata fresh = client.resource(owner).get();
      return fresh != null && owner.getMetadata().getUid().equals(fresh.getMetadata().getUid()) && !Pods.deleting(fresh);
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) return false;
      throw e;
    }
  }

  /** A status write; a 404 (deleted meanwhile) is fine, a 409 conflict retries the sync. */
  public void updateStatus(Runnable write) {
    try {
      write.run();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) throw e;
    }
  }

  public static String message(KubernetesClientException e) {
    if (e.getStatus() != null && e.getStatus().getMessage() != null) return e.getStatus().getMessage();
    return e.getMessage();
  }

  private static boolean ok(Future<Boolean> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return false;
    }
  }

  @Override
  public void close() { pool.shutdownNow(); }
}
