package dev.netkube.controllers.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/** Compacting a cached object keeps what it says, shares what repeats, and leaves builders working. */
class ObjectCompactorTest {
  private final ObjectCompactor compactor = new ObjectCompactor();

  private static Pod decoded(String name) {
    // Decoded as an informer gets it: fresh maps, lists and strings everywhere.
    String json = Serialization.asJson(new PodBuilder().withNewMetadata().withName(name).withNamespace("default")
        .addToLabels("app", "web").endMetadata()
        .withNewSpec().withNodeName("node-1").addNewContainer().withName("web").withImage("nginx").addNewPort()
        .withContainerPort(80).withProtocol("TCP").endPort().endContainer().endSpec()
        .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
        .build());
    return Serialization.unmarshal(json, Pod.class);
  }

  @Test
  void theObjectSaysTheSameAfterwards() {
    Pod pod = decoded("web-1");
    String before = Serialization.asJson(pod);
    compactor.compact(pod);
    assertThat(Serialization.asJson(pod)).isEqualTo(before);
    assertThat(pod).isEqualTo(decoded("web-1"));
  }

  @Test
  void emptyCollectionsAndRepeatedStringsAreShared() {
    Pod a = decoded("web-1");
    Pod b = decoded("web-2");
    compactor.compact(a);
    compactor.compact(b);
    assertThat(a.getAdditionalProperties()).isEmpty();
    assertThat(a.getAdditionalProperties()).isSameAs(b.getAdditionalProperties());
    assertThat(a.getSpec().getContainers().get(0).getEnv()).isEmpty();
    assertThat(a.getSpec().getContainers().get(0).getEnv()).isSameAs(b.getSpec().getContainers().get(0).getEnv());
    assertThat(a.getStatus().getPhase()).isSameAs(b.getStatus().getPhase());
    assertThat(a.getSpec().getNodeName()).isSameAs(b.getSpec().getNodeName());
    assertThat(a.getMetadata().getLabels().get("app")).isSameAs(b.getMetadata().getLabels().get("app"));
    assertThat(a.getMetadata().getName()).isEqualTo("web-1");
    assertThat(b.getMetadata().getName()).isEqualTo("web-2");
  }

  @Test
  void aCopyThroughABuilderHasCollectionsOfItsOwn() {
    Pod cached = decoded("web-1");
    compactor.compact(cached);
    Pod copy = new PodBuilder(cached).editMetadata().addToLabels("tier", "front").addToFinalizers("example.com/hold")
        .endMetadata().editSpec().addNewToleration().withKey("k").withOperator("Exists").endToleration().endSpec().build();
    copy.getAdditionalProperties().put("x", "y");
    assertThat(copy.getMetadata().getLabels()).containsEntry("tier", "front");
    assertThat(cached.getMetadata().getLabels()).doesNotContainKey("tier");
    assertThat(cached.getMetadata().getFinalizers()).isEmpty();
    assertThat(cached.getSpec().getTolerations()).isEmpty();
  }
}
