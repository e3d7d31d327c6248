package dev.netkube.controllers.workload;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A pod from a controller's template, as upstream's GetPodFromTemplate: pure. */
public final class PodTemplates {
  private PodTemplates() {}

  /**
   * @param namePrefix the generateName (e.g. "web-7d4b9c-") when {@code name} is empty
   * @param name a fixed name (StatefulSet ordinals), or empty
   */
  public static Pod newPod(PodTemplateSpec template, HasMetadata owner, String namePrefix, String name,
      Map<String, String> extraLabels, Map<String, String> extraAnnotations) {
    ObjectMeta t = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
    Map<String, String> labels = new LinkedHashMap<>(t.getLabels() == null ? Map.of() : t.getLabels());
    labels.putAll(extraLabels);
    Map<String, String> annotations = new LinkedHashMap<>(t.getAnnotations() == null ? Map.of() : t.getAnnotations());
    annotations.putAll(extraAnnotations);
    PodBuilder pod = new PodBuilder()
        .withNewMetadata()
          .withNamespace(owner.getMetadata().getNamespace())
          .withLabels(labels.isEmpty() ? null : labels)
          .withAnnotations(annotations.isEmpty() ? null : annotations)
          .withFinalizers(t.getFinalizers() == null || t.getFinalizers().isEmpty() ? null : List.copyOf(t.getFinalizers()))
          .withOwnerReferences(Ownership.controllerReference(owner))
        .endMetadata()
        .withSpec(template.getSpec() == null ? null : new PodSpecBuilder(template.getSpec()).build());
    if (name.isEmpty()) pod.editMetadata().withGenerateName(namePrefix).endMetadata();
    else pod.editMetadata().withName(name).endMetadata();
    return pod.build();
  }

  /** Upstream's pod name prefix: the owner's name and "-", cut so that generated names stay valid. */
  public static String generateName(String ownerName) {
    String prefix = ownerName + "-";
    int max = 63 - 5; // names.SimpleNameGenerator appends 5 random characters
    return prefix.length() > max ? prefix.substring(0, max) : prefix;
  }
}
