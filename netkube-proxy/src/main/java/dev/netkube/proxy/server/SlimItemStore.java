package dev.netkube.proxy.server;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import java.util.Map;

/**
 * The informers' cache of Services and EndpointSlices without what the proxy never reads: managedFields (a field
 * tree per writer) and annotations other than the EndpointSlice controller's trigger time (kubectl's
 * last-applied-configuration is a second copy of the object). With 10,000 services and their slices these were
 * most of the proxy's heap.
 */
final class SlimItemStore<T extends HasMetadata> extends BasicItemStore<T> {
  SlimItemStore() { super(Cache::metaNamespaceKeyFunc); }

  @Override
  public T put(String key, T obj) {
    ObjectMeta meta = obj.getMetadata();
    if (meta != null) {
      meta.setManagedFields(null);
      Map<String, String> annotations = meta.getAnnotations();
      if (annotations != null && !annotations.isEmpty()) {
        String trigger = annotations.get(ClusterState.TRIGGER_TIME);
        meta.setAnnotations(trigger == null ? null : Map.of(ClusterState.TRIGGER_TIME, trigger));
      }
    }
    return super.put(key, obj);
  }
}
