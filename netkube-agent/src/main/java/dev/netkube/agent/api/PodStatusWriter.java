package dev.netkube.agent.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.agent.pods.PodWorker;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pod worker's results, written to the API as kubelet's status manager writes them: the status
 * as a merge patch of pods/status (no resourceVersion, so a spec change in between never makes it
 * conflict), events through the {@link EventRecorder}, and the final delete with grace 0 once the
 * pod's containers are gone.
 */
public final class PodStatusWriter implements PodWorker.Api {
  private static final Logger LOG = LoggerFactory.getLogger(PodStatusWriter.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final KubernetesClient client;
  private final EventRecorder events;

  public PodStatusWriter(KubernetesClient client, EventRecorder events) {
    this.client = client;
    this.events = events;
  }

  @Override
  public void postStatus(Pod pod, PodStatus status) {
    ObjectNode patch = JSON.createObjectNode();
    patch.set("status", JSON.valueToTree(status));
    try {
      client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
          .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404) return; // deleted meanwhile: nothing to report on
      throw e;
    }
  }

  @Override
  public void event(Pod pod, Optional<String> container, String type, String reason, String message) {
    events.record(pod, container, type, reason, message);
  }

  @Override
  public void finished(Pod pod, boolean stillInApi) {
    if (!stillInApi) return;
    try {
      client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
          .withGracePeriod(0).delete();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 404) LOG.warn("pod {}: final delete failed: {}", pod.getMetadata().getName(), e.getMessage());
    }
  }
}
