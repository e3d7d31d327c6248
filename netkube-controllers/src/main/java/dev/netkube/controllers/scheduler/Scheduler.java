package dev.netkube.controllers.scheduler;

import dev.netkube.controllers.runtime.Controller;
import dev.netkube.controllers.runtime.ControllerContext;
import dev.netkube.controllers.runtime.EventRecorder;
import dev.netkube.controllers.runtime.Handlers;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-scheduler ("default-scheduler") as a thin adapter: informers feed the {@link SchedulerCache}
 * and the {@link SchedulingQueue}; one thread takes pods from the queue, runs the
 * {@link Algorithm}, assumes the pod on its node and binds it through pods/binding asynchronously
 * (several bindings in flight). Unschedulable pods get PodScheduled=False and a FailedScheduling
 * event, and wait for a node or pod change.
 */
public final class Scheduler implements Controller {
  public static final String NAME = "default-scheduler";
  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
  private static final int MAX_BINDS_IN_FLIGHT = 48;
  private static final int MAX_STATUS_WRITES_IN_FLIGHT = 16;

  private final SchedulerCache cache = new SchedulerCache();
  private final SchedulingQueue queue = new SchedulingQueue(System::nanoTime);
  private final Algorithm algorithm = new Algorithm(new SplittableRandom());
  private final Semaphore binds = new Semaphore(MAX_BINDS_IN_FLIGHT);
  /** Status writes in flight, bounded too: a burst of unschedulable pods must not open a connection each. */
  private final Semaphore statusWrites = new Semaphore(MAX_STATUS_WRITES_IN_FLIGHT);
  private KubernetesClient client;
  private HttpClient http;
  private String base;
  private Clock clock;
  private EventRecorder events;
  private SharedIndexInformer<Pod> pods;
  private Thread loop;
  private volatile boolean closed;

  @Override
  public String name() { return NAME; }

  @Override
  public void register(ControllerContext context) {
    client = context.client();
    http = client.getHttpClient();
    String url = client.getMasterUrl().toString();
    base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    clock = context.clock();
    events = context.events(NAME);
    pods = context.informer(Pod.class);
    SharedIndexInformer<Node> nodes = context.informer(Node.class);
    pods.addEventHandler(Handlers.onChange(this::onPod));
    nodes.addEventHandler(Handlers.onChange(this::onNode));
  }

  @Override
  public void start() {
    loop = new Thread(this::run, "default-scheduler");
    loop.setDaemon(true);
    loop.start();
  }

  public SchedulingQueue queue() { return queue; }

  // ---------------------------------------------------------------- informer events

  private void onPod(Pod old, Pod pod) {
    if (pod == null) {
      String key = Handlers.key(old);
      queue.delete(key);
      if (cache.nodeOf(key).isPresent()) {
        cache.removePod(key);
        queue.moveAllToActiveOrBackoff();
      }
      return;
    }
    String key = Handlers.key(pod);
    if (assigned(pod)) {
      queue.delete(key);
      if (terminal(pod)) {
        if (cache.nodeOf(key).isPresent()) {
          cache.removePod(key);
          queue.moveAllToActiveOrBackoff();
        }
      } else {
        cache.upsertPod(Mapping.pod(pod));
      }
      return;
    }
    if (!responsible(pod)) return;
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      queue.delete(key);
      return;
    }
    if (pod.getSpec().getSchedulingGates() != null && !pod.getSpec().getSchedulingGates().isEmpty()) {
      // PreEnqueue's SchedulingGates: not queued until the gates are removed (a spec update).
      queue.delete(key);
      writeScheduledCondition(pod, "SchedulingGated", "Scheduling is blocked due to non-empty scheduling gates");
      return;
    }
    if (old == null || !Objects.equals(old.getSpec(), pod.getSpec())
        || !Objects.equals(old.getMetadata().getLabels(), pod.getMetadata().getLabels())
        || !Objects.equals(old.getMetadata().getAnnotations(), pod.getMetadata().getAnnotations())) {
      queue.add(key, priority(pod));
    }
  }

  private void onNode(Node old, Node node) {
    if (node == null) {
      cache.removeNode(old.getMetadata().getName());
      return;
    }
    SchedNode now = Mapping.node(node);
    if (old != null && Mapping.node(old).equals(now)) return;
    cache.upsertNode(now);
    queue.moveAllToActiveOrBackoff();
  }

  static boolean assigned(Pod pod) {
    return pod.getSpec().getNodeName() != null && !pod.getSpec().getNodeName().isEmpty();
  }

  static boolean responsible(Pod pod) {
    String s = pod.getSpec().getSchedulerName();
    return s == null || s.isEmpty() || s.equals(NAME);
  }

  private static boolean terminal(Pod pod) {
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    return "Succeeded".equals(phase) || "Failed".equals(phase);
  }

  private static int priority(Pod pod) {
    return pod.getSpec().getPriority() == null ? 0 : pod.getSpec().getPriority();
  }

  // ---------------------------------------------------------------- scheduling

  private void run() {
    while (!closed) {
      try {
        Optional<String> next = queue.pop(TimeUnit.SECONDS.toNanos(1));
        if (next.isPresent()) scheduleOne(next.get());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.warn("scheduling failed", e);
      }
    }
  }

  private void scheduleOne(String key) throws InterruptedException {
    Pod pod = pods.getIndexer().getByKey(key);
    if (pod == null || assigned(pod) || pod.getMetadata().getDeletionTimestamp() != null || !responsible(pod)
        || cache.isAssumed(key)) {
      queue.done(key);
      return;
    }
    SchedPod sp = Mapping.pod(pod);
    Algorithm.Outcome outcome = algorithm.schedule(sp, cache);
    if (outcome instanceof Algorithm.Scheduled s) {
      cache.assume(sp, s.node());
      binds.acquire();
      bind(pod, s.node()).whenComplete((response, failure) -> {
        binds.release();
        bound(pod, s.node(), response, failure);
      });
    } else if (outcome instanceof Algorithm.Unschedulable u) {
      queue.unschedulable(key);
      events.warning(pod, "FailedScheduling", u.message());
      markUnschedulable(pod, u.message());
    }
  }

  private CompletableFuture<HttpResponse<String>> bind(Pod pod, String node) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("name", pod.getMetadata().getName());
    meta.put("namespace", pod.getMetadata().getNamespace());
    meta.put("uid", pod.getMetadata().getUid());
    Map<String, Object> binding = new LinkedHashMap<>();
    binding.put("kind", "Binding");
    binding.put("apiVersion", "v1");
    binding.put("metadata", meta);
    binding.put("target", Map.of("kind", "Node", "name", node));
    HttpRequest request = http.newHttpRequestBuilder()
        .uri(base + "/api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods/" + pod.getMetadata().getName() + "/binding")
        .post("application/json", Serialization.asJson(binding))
        .build();
    return http.sendAsync(request, String.class);
  }

  private void bound(Pod pod, String node, HttpResponse<String> response, Throwable failure) {
    String key = Handlers.key(pod);
    if (failure == null && response.isSuccessful()) {
      queue.done(key);
      events.normal(pod, "Scheduled", "Successfully assigned " + key + " to " + node);
      return;
    }
    cache.forget(key);
    int code = failure == null ? response.code() : 0;
    String why = failure != null ? failure.toString() : statusMessage(response.body());
    if (code == 404) {
      queue.delete(key);
      return;
    }
    LOG.debug("binding {} to {} failed: {} {}", key, node, code, why);
    queue.retry(key);
    if (code != 409) events.warning(pod, "FailedScheduling", "Binding rejected: " + why);
  }

  private static String statusMessage(String body) {
    try {
      Object message = Serialization.unmarshal(body, Map.class).get("message");
      return message == null ? body : message.toString();
    } catch (RuntimeException e) {
      return body;
    }
  }

  /** PodScheduled=False, reason Unschedulable, with the FitError message; written only when it changes. */
  private void markUnschedulable(Pod pod, String message) {
    writeScheduledCondition(pod, "Unschedulable", message);
  }

  /** PodScheduled=False with this reason and message, unless the pod has it already. */
  private void writeScheduledCondition(Pod pod, String reason, String message) {
    List<PodCondition> conditions = pod.getStatus() == null || pod.getStatus().getConditions() == null
        ? List.of() : pod.getStatus().getConditions();
    String since = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
    for (PodCondition c : conditions) {
      if (!"PodScheduled".equals(c.getType())) continue;
      if ("False".equals(c.getStatus()) && reason.equals(c.getReason()) && message.equals(c.getMessage())) return;
      if ("False".equals(c.getStatus()) && c.getLastTransitionTime() != null) since = c.getLastTransitionTime();
    }
    Map<String, Object> condition = new LinkedHashMap<>();
    condition.put("type", "PodScheduled");
    condition.put("status", "False");
    condition.put("lastProbeTime", null);
    condition.put("lastTransitionTime", since);
    condition.put("reason", reason);
    condition.put("message", message);
    String patch = Serialization.asJson(Map.of("status", Map.of("conditions", List.of(condition))));
    HttpRequest request = http.newHttpRequestBuilder()
        .uri(base + "/api/v1/namespaces/" + pod.getMetadata().getNamespace() + "/pods/" + pod.getMetadata().getName() + "/status")
        .method("PATCH", "application/strategic-merge-patch+json", patch)
        .build();
    // Never block (this runs on the scheduling and informer threads): when too many are in flight the
    // write is skipped, and the pod's next attempt or update writes it.
    if (!statusWrites.tryAcquire()) return;
    http.sendAsync(request, String.class).whenComplete((r, e) -> {
      statusWrites.release();
      if (e != null || !r.isSuccessful()) {
        LOG.debug("could not mark {} unschedulable: {}", Handlers.key(pod), e != null ? e : r.body());
      }
    });
  }

  @Override
  public void close() {
    closed = true;
    queue.close();
    if (loop != null) loop.interrupt();
  }
}
