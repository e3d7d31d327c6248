package dev.netkube.cli.addons;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's essential add-ons, installed as kubeadm init does, once: each object is created when it is missing
 * and left alone when it exists, so a user's edits (kubectl edit configmap kube-proxy) survive restarts.
 */
public final class Addons {
  private static final Logger LOG = LoggerFactory.getLogger(Addons.class);

  private Addons() {}

  /** Creates what is missing; returns how many objects it created. */
  public static int ensure(KubernetesClient client, String addon, List<HasMetadata> objects) {
    int created = 0;
    for (HasMetadata o : objects) {
      try {
        client.resource(o).create();
        created++;
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          LOG.warn("add-on {}: {} {}/{} not created: {}", addon, o.getKind(), o.getMetadata().getNamespace(), o.getMetadata().getName(),
              e.getMessage());
        }
      }
    }
    if (created > 0) LOG.info("[addons] Applied essential addon: {} ({} objects created)", addon, created);
    return created;
  }
}
