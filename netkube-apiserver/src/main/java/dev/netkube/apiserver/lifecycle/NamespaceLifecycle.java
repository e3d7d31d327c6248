package dev.netkube.apiserver.lifecycle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.apiserver.registry.DeleteOptions;
import dev.netkube.apiserver.registry.ListOptions;
import dev.netkube.apiserver.registry.Meta;
import dev.netkube.apiserver.registry.ResourceService;
import dev.netkube.apiserver.registry.ServedResource;
import dev.netkube.apiserver.registry.WriteOptions;
import dev.netkube.model.Json;
import dev.netkube.model.api.ApiException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Namespaces as upstream keeps them: the four system namespaces exist from the start and the
 * first three may not be deleted; a deleted namespace turns Terminating, everything in it is
 * deleted, then its "kubernetes" finalizer is cleared and it goes.
 */
public final class NamespaceLifecycle implements ResourceService.WriteHook {
  public static final List<String> SYSTEM_NAMESPACES = List.of("default", "kube-system", "kube-public", "kube-node-lease");
  private static final Set<String> UNDELETABLE = Set.of("default", "kube-system", "kube-public");
  private static final Logger LOG = LoggerFactory.getLogger(NamespaceLifecycle.class);

  private final ResourceService service;
  private final ScheduledExecutorService background;
  private final Clock clock;

  public NamespaceLifecycle(ResourceService service, ScheduledExecutorService background) {
    this(service, background, Clock.systemUTC());
  }

  public NamespaceLifecycle(ResourceService service, ScheduledExecutorService background, Clock clock) {
    this.service = service;
    this.background = background;
    this.clock = clock;
  }

  private static boolean isNamespace(ServedResource r) {
    return r.type().group().isEmpty() && r.type().kind().equals("Namespace");
  }

  private ServedResource namespaces() { return service.registry().find("", "v1", "namespaces").orElseThrow(); }

  /** Creates the system namespaces that are missing; resumes cleanups of terminating ones. */
  public void bootstrap() {
    ServedResource ns = namespaces();
    for (String name : SYSTEM_NAMESPACES) {
      if (service.objects().get(ns, "", name).isPresent()) continue;
      ObjectNode obj = Json.object();
      obj.put("apiVersion", "v1");
      obj.put("kind", "Namespace");
      Meta.meta(obj).put("name", name);
      Meta.meta(obj).putObject("labels").put("kubernetes.io/metadata.name", name);
      try {
        service.create(ns, "", obj, WriteOptions.internal("kube-apiserver"));
      } catch (ApiException e) {
        if (!"AlreadyExists".equals(e.reason())) throw e;
      }
    }
    for (ObjectNode obj : service.list(ns, "", new ListOptions(null, null, 0, "", "")).items()) {
      if (Meta.deleting(obj)) schedule(Meta.name(obj), 0);
    }
  }

  @Override
  public void beforeWrite(ServedResource r, ObjectNode obj, ObjectNode old, WriteOptions opts) {
    if (!isNamespace(r)) return;
    if (obj != null) {
      // Upstream labels every namespace with its own name (immutable).
      Meta.meta(obj).with("labels").put("kubernetes.io/metadata.name", Meta.name(obj));
    }
    boolean deleting = old != null && (obj == null || (Meta.deleting(obj) && !Meta.deleting(old)));
    if (deleting && UNDELETABLE.contains(Meta.name(old))) {
      throw new ApiException(403, "Forbidden",
          "namespaces \"" + Meta.name(old) + "\" is forbidden: this namespace may not be deleted", null);
    }
  }

  @Override
  public void afterWrite(ServedResource r, ObjectNode obj, ObjectNode old) {
    if (isNamespace(r) && obj != null && Meta.deleting(obj) && (old == null || !Meta.deleting(old))) {
      schedule(Meta.name(obj), 0);
    }
  }

  private void schedule(String namespace, long delaySeconds) {
    background.schedule(() -> finish(namespace), delaySeconds, TimeUnit.SECONDS);
  }

  /**
   * Deletes the namespace's content; records what remains in the namespace's conditions, as
   * upstream's namespace controller does; once nothing is left, clears the finalizer so the
   * namespace goes.
   */
  private void finish(String namespace) {
    try {
      DeletionConditions.Tally tally = new DeletionConditions.Tally();
      Set<String> seen = new HashSet<>();
      for (ServedResource r : service.registry().all()) {
        if (!r.type().namespaced() || !seen.add(r.keyPrefix())) continue;
        for (ObjectNode obj : service.list(r, namespace, new ListOptions(null, null, 0, "", "")).items()) {
          if (Meta.deleting(obj)) {
            tally.remains(r.type().plural(), r.type().group(), obj);
            continue;
          }
          try {
            ResourceService.DeleteResult result = service.delete(r, namespace, Meta.name(obj), DeleteOptions.DEFAULT,
                WriteOptions.internal("namespace-controller"));
            if (!result.gone()) tally.remains(r.type().plural(), r.type().group(), result.object());
          } catch (ApiException e) {
            if (e.code() != 404) {
              tally.failures.add(r.type().plural() + "." + r.type().group() + ": " + e.getMessage());
              tally.remains(r.type().plural(), r.type().group(), obj);
            }
          }
        }
      }
      ServedResource ns = namespaces();
      ObjectNode current = service.get(ns, "", namespace);
      if (!tally.empty()) {
        recordConditions(ns, namespace, current, tally);
        schedule(namespace, 1);
        return;
      }
      current.with("spec").putArray("finalizers");
      service.update(ns, "", namespace, current, "finalize", WriteOptions.internal("namespace-controller"));
    } catch (ApiException e) {
      if (e.code() != 404) {
        LOG.warn("finishing namespace {} deletion failed; retrying", namespace, e);
        schedule(namespace, 2);
      }
    } catch (RuntimeException e) {
      LOG.warn("finishing namespace {} deletion failed; retrying", namespace, e);
      schedule(namespace, 2);
    }
  }

  private void recordConditions(ServedResource ns, String namespace, ObjectNode current, DeletionConditions.Tally tally) {
    JsonNode existing = current.path("status").path("conditions");
    ArrayNode conditions = DeletionConditions.conditions(existing, tally, Meta.timestamp(clock.instant()));
    if (conditions.equals(existing)) return;
    ObjectNode next = current.deepCopy();
    Json.objectAt(next, "status").set("conditions", conditions);
    try {
      service.update(ns, "", namespace, next, "status", WriteOptions.internal("namespace-controller"));
    } catch (ApiException e) {
      if (e.code() != 409 && e.code() != 404) throw e; // next pass
    }
  }
}
