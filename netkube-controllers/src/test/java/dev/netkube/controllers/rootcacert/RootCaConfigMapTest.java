package dev.netkube.controllers.rootcacert;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RootCaConfigMapTest {
  static final String CA = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

  @Test
  void aMissingOneIsCreatedWithTheCaAndTheDescription() {
    RootCaConfigMap.Change c = RootCaConfigMap.reconcile("team-a", Optional.empty(), CA);
    ConfigMap cm = ((RootCaConfigMap.Change.Create) c).configMap();
    assertThat(cm.getMetadata().getName()).isEqualTo("kube-root-ca.crt");
    assertThat(cm.getMetadata().getNamespace()).isEqualTo("team-a");
    assertThat(cm.getData()).isEqualTo(Map.of("ca.crt", CA));
    assertThat(cm.getMetadata().getAnnotations()).containsKey("kubernetes.io/description");
  }

  @Test
  void aRightOneIsLeftAloneAndAChangedOneIsPutBackKeepingItsOtherAnnotations() {
    ConfigMap right = ((RootCaConfigMap.Change.Create) RootCaConfigMap.reconcile("a", Optional.empty(), CA)).configMap();
    assertThat(RootCaConfigMap.reconcile("a", Optional.of(right), CA)).isInstanceOf(RootCaConfigMap.Change.InSync.class);

    ConfigMap edited = new ConfigMapBuilder(right).editMetadata().withResourceVersion("7").addToAnnotations("x", "y")
        .endMetadata().withData(Map.of("ca.crt", "tampered", "extra", "1")).build();
    ConfigMap fixed = ((RootCaConfigMap.Change.Update) RootCaConfigMap.reconcile("a", Optional.of(edited), CA)).configMap();
    assertThat(fixed.getData()).isEqualTo(Map.of("ca.crt", CA));
    assertThat(fixed.getMetadata().getResourceVersion()).isEqualTo("7");
    assertThat(fixed.getMetadata().getAnnotations()).containsEntry("x", "y").containsKey("kubernetes.io/description");
  }
}
