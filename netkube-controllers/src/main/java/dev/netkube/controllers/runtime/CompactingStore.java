package dev.netkube.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.cache.BasicItemStore;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import java.util.stream.Stream;

/**
 * An informer's store that keeps objects small. It drops {@code metadata.managedFields}, as
 * kube-controller-manager's informers do since 1.28 (kubernetes#118455): no controller reads them,
 * and their FieldsV1 trees were most of a cached pod's memory (at 5,000 pods, 600,000 of the
 * cache's 650,000 maps); an update without managedFields keeps the stored ones (the API server's
 * managed-fields rule, as upstream's). Then {@link ObjectCompactor} shares what repeats.
 */
public final class CompactingStore<T extends HasMetadata> implements ItemStore<T> {
  private final BasicItemStore<T> delegate = new BasicItemStore<>(Cache::metaNamespaceKeyFunc);
  private final ObjectCompactor compactor;

  public CompactingStore(ObjectCompactor compactor) { this.compactor = compactor; }

  @Override
  public String getKey(T obj) { return delegate.getKey(obj); }

  @Override
  public T put(String key, T obj) {
    if (obj.getMetadata() != null) obj.getMetadata().setManagedFields(null);
    compactor.compact(obj);
    return delegate.put(key, obj);
  }

  @Override
  public T remove(String key) { return delegate.remove(key); }

  @Override
  public Stream<String> keySet() { return delegate.keySet(); }

  @Override
  public Stream<T> values() { return delegate.values(); }

  @Override
  public int size() { return delegate.size(); }

  @Override
  public T get(String key) { return delegate.get(key); }
}
