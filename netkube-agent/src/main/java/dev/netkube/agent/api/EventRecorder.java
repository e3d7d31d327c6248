package dev.netkube.agent.api;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * kubelet's events on pods (source kubelet on this node, the container as the field path), through
 * the controllers' recorder (client-go's naming and aggregation), sent on a thread of their own so
 * a pod never waits for its events.
 */
public final class EventRecorder implements AutoCloseable {
  private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "agent-events");
    t.setDaemon(true);
    return t;
  });
  private final dev.netkube.controllers.runtime.EventRecorder recorder;

  public EventRecorder(KubernetesClient client, String nodeName, Clock clock) {
    this.recorder = dev.netkube.controllers.runtime.EventRecorder.create(client, "kubelet", nodeName, clock, sender);
  }

  public void record(Pod pod, Optional<String> container, String type, String reason, String message) {
    // a reference-only copy: the informer's object is never changed
    Pod ref = new io.fabric8.kubernetes.api.model.PodBuilder().withApiVersion("v1").withKind("Pod")
        .withMetadata(pod.getMetadata()).build();
    recorder.record(ref, container.map(c -> fieldPath(pod, c)).orElse(null), type, reason, message);
  }

  private static String fieldPath(Pod pod, String container) {
    boolean init = pod.getSpec().getInitContainers().stream().anyMatch(c -> c.getName().equals(container));
    return (init ? "spec.initContainers{" : "spec.containers{") + container + "}";
  }

  @Override
  public void close() { sender.shutdown(); }
}
