package dev.netkube.agent.api;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kubelet's events (core/v1, source kubelet on this node), sent on a thread of their own so a pod
 * never waits for its events: `kubectl describe pod` shows them, nothing depends on them.
 */
public final class EventRecorder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);
  private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
  private final KubernetesClient client;
  private final String nodeName;
  private final Clock clock;
  private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "agent-events");
    t.setDaemon(true);
    return t;
  });

  public EventRecorder(KubernetesClient client, String nodeName, Clock clock) {
    this.client = client;
    this.nodeName = nodeName;
    this.clock = clock;
  }

  public void record(Pod pod, Optional<String> container, String type, String reason, String message) {
    String ns = pod.getMetadata().getNamespace();
    String now = RFC3339.format(clock.instant());
    var event = new EventBuilder().withNewMetadata().withNamespace(ns)
        .withName(pod.getMetadata().getName() + "." + UUID.randomUUID().toString().replace("-", "").substring(0, 16))
        .endMetadata()
        .withNewInvolvedObject().withApiVersion("v1").withKind("Pod").withNamespace(ns)
        .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid())
        .withFieldPath(container.map(c -> fieldPath(pod, c)).orElse(null)).endInvolvedObject()
        .withType(type).withReason(reason).withMessage(message)
        .withNewSource().withComponent("kubelet").withHost(nodeName).endSource()
        .withReportingComponent("kubelet").withReportingInstance(nodeName)
        .withFirstTimestamp(now).withLastTimestamp(now).withCount(1).build();
    sender.execute(() -> {
      try {
        client.v1().events().inNamespace(ns).resource(event).create();
      } catch (RuntimeException e) {
        LOG.debug("event {} for pod {} not recorded: {}", reason, pod.getMetadata().getName(), e.toString());
      }
    });
  }

  private static String fieldPath(Pod pod, String container) {
    boolean init = pod.getSpec().getInitContainers().stream().anyMatch(c -> c.getName().equals(container));
    return (init ? "spec.initContainers{" : "spec.containers{") + container + "}";
  }

  @Override
  public void close() { sender.shutdown(); }
}
