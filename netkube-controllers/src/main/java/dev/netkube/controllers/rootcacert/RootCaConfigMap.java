package dev.netkube.controllers.rootcacert;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** What the kube-root-ca.crt ConfigMap of a namespace must be, as upstream's root-ca-cert-publisher decides. */
public final class RootCaConfigMap {
  public static final String NAME = "kube-root-ca.crt";
  public static final String KEY = "ca.crt";
  public static final String DESCRIPTION_ANNOTATION = "kubernetes.io/description";
  public static final String DESCRIPTION = "Contains a CA bundle that can be used to verify the kube-apiserver when "
      + "using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is "
      + "guaranteed across distributions of Kubernetes clusters.";

  private RootCaConfigMap() {}

  /** The change a namespace needs. */
  public sealed interface Change {
    record InSync() implements Change {}

    record Create(ConfigMap configMap) implements Change {}

    /** The existing ConfigMap (its resourceVersion kept) with the CA as its only data and the annotation set. */
    record Update(ConfigMap configMap) implements Change {}
  }

  public static Change reconcile(String namespace, Optional<ConfigMap> existing, String caPem) {
    Map<String, String> data = Map.of(KEY, caPem);
    if (existing.isEmpty()) {
      return new Change.Create(new ConfigMapBuilder().withNewMetadata().withName(NAME).withNamespace(namespace)
          .addToAnnotations(DESCRIPTION_ANNOTATION, DESCRIPTION).endMetadata().withData(data).build());
    }
    ConfigMap cm = existing.get();
    Map<String, String> annotations = cm.getMetadata().getAnnotations();
    boolean described = annotations != null && annotations.get(DESCRIPTION_ANNOTATION) != null
        && !annotations.get(DESCRIPTION_ANNOTATION).isEmpty();
    if (data.equals(cm.getData()) && described && (cm.getBinaryData() == null || cm.getBinaryData().isEmpty())) {
      return new Change.InSync();
    }
    Map<String, String> newAnnotations = annotations == null ? new HashMap<>() : new HashMap<>(annotations);
    newAnnotations.put(DESCRIPTION_ANNOTATION, DESCRIPTION);
    ConfigMap updated = new ConfigMapBuilder(cm).editMetadata().withAnnotations(newAnnotations).endMetadata()
        .withData(data).withBinaryData(null).build();
    return new Change.Update(updated);
  }
}
