package dev.netkube.proxy.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SlimItemStoreTest {
  @Test
  void keepsWhatTheProxyReadsAndDropsTheRest() {
    EndpointSlice slice = new EndpointSliceBuilder().withNewMetadata().withNamespace("default").withName("web-1")
        .addToLabels("kubernetes.io/service-name", "web")
        .withAnnotations(Map.of(ClusterState.TRIGGER_TIME, "2026-12-02T08:00:00Z",
            "kubectl.kubernetes.io/last-applied-configuration", "{\"a copy\":\"of everything\"}"))
        .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").withOperation("Apply").build())
        .endMetadata().withAddressType("IPv4").build();
    SlimItemStore<EndpointSlice> store = new SlimItemStore<>();
    store.put(store.getKey(slice), slice);
    EndpointSlice kept = store.get("default/web-1");
    assertThat(kept.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(kept.getMetadata().getAnnotations()).containsExactly(Map.entry(ClusterState.TRIGGER_TIME, "2026-12-02T08:00:00Z"));
    assertThat(kept.getMetadata().getLabels()).containsEntry("kubernetes.io/service-name", "web");
    assertThat(kept.getAddressType()).isEqualTo("IPv4");
  }
}
