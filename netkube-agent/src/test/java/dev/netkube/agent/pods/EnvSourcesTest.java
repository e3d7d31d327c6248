package dev.netkube.agent.pods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnvSourcesTest {
  private final EnvSources.Lookup lookup = new EnvSources.Lookup() {
    @Override public Optional<ConfigMap> configMap(String ns, String name) {
      return name.equals("cfg") ? Optional.of(new ConfigMapBuilder().addToData(Map.of("mode", "fast", "bad key", "x")).build())
          : Optional.empty();
    }

    @Override public Optional<Secret> secret(String ns, String name) {
      return name.equals("pw") ? Optional.of(new SecretBuilder().addToData("password", "czNjcjN0").build()) : Optional.empty();
    }
  };

  private final Pod pod = new PodBuilder().withNewMetadata().withName("web").withNamespace("shop").withUid("u1")
      .addToLabels("app", "web").endMetadata().withNewSpec().withNodeName("node-1").endSpec().build();

  @Test
  void fieldsConfigMapsAndSecretsAreReadAndLiteralsKeptForExpansion() throws Exception {
    Container c = new ContainerBuilder().withName("app")
        .addNewEnv().withName("GREETING").withValue("hello $(POD)").endEnv()
        .addNewEnv().withName("POD").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.name").endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP").endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("APP").withNewValueFrom().withNewFieldRef().withFieldPath("metadata.labels['app']").endFieldRef().endValueFrom().endEnv()
        .addNewEnv().withName("MODE").withNewValueFrom().withNewConfigMapKeyRef().withName("cfg").withKey("mode").endConfigMapKeyRef().endValueFrom().endEnv()
        .addNewEnv().withName("PW").withNewValueFrom().withNewSecretKeyRef().withName("pw").withKey("password").endSecretKeyRef().endValueFrom().endEnv()
        .addNewEnvFrom().withPrefix("CFG_").withNewConfigMapRef().withName("cfg").endConfigMapRef().endEnvFrom()
        .build();
    EnvSources.Resolved r = EnvSources.resolve(pod, c, List.of("10.244.1.5"), List.of("192.168.10.2"), lookup);
    assertThat(r.envFrom()).containsExactly(Map.of("CFG_mode", "fast"));
    assertThat(r.env()).containsExactly(new EnvSources.Entry("GREETING", "hello $(POD)", true),
        new EnvSources.Entry("POD", "web", false), new EnvSources.Entry("IP", "10.244.1.5", false),
        new EnvSources.Entry("APP", "web", false), new EnvSources.Entry("MODE", "fast", false),
        new EnvSources.Entry("PW", "s3cr3t", false));
  }

  @Test
  void aMissingSourceIsKubeletsErrorUnlessOptional() throws Exception {
    Container missingKey = new ContainerBuilder().withName("app").addNewEnv().withName("X").withNewValueFrom()
        .withNewConfigMapKeyRef().withName("cfg").withKey("nope").endConfigMapKeyRef().endValueFrom().endEnv().build();
    assertThatThrownBy(() -> EnvSources.resolve(pod, missingKey, List.of(), List.of(), lookup))
        .hasMessage("couldn't find key nope in ConfigMap shop/cfg");
    Container missingSecret = new ContainerBuilder().withName("app").addNewEnv().withName("X").withNewValueFrom()
        .withNewSecretKeyRef().withName("gone").withKey("k").endSecretKeyRef().endValueFrom().endEnv().build();
    assertThatThrownBy(() -> EnvSources.resolve(pod, missingSecret, List.of(), List.of(), lookup))
        .hasMessage("secret \"gone\" not found");
    Container optional = new ContainerBuilder().withName("app").addNewEnv().withName("X").withNewValueFrom()
        .withNewSecretKeyRef().withName("gone").withKey("k").withOptional(true).endSecretKeyRef().endValueFrom().endEnv().build();
    assertThat(EnvSources.resolve(pod, optional, List.of(), List.of(), lookup).env()).isEmpty();
  }
}
