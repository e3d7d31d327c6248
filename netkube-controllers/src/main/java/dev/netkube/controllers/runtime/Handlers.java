package dev.netkube.controllers.runtime;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/** Event handlers for the common shapes: "this object changed" and "it changed from old to new". */
public final class Handlers {
  private Handlers() {}

  /** Calls {@code onChange} with the object on add, update and delete (its last state). */
  public static <T extends HasMetadata> ResourceEventHandler<T> onAny(Consumer<T> onChange) {
    return onChange((oldObj, newObj) -> onChange.accept(newObj != null ? newObj : oldObj));
  }

  /** (null, new) on add, (old, new) on update, (old, null) on delete. */
  public static <T extends HasMetadata> ResourceEventHandler<T> onChange(BiConsumer<T, T> onChange) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) { onChange.accept(null, obj); }

      @Override
      public void onUpdate(T oldObj, T newObj) { onChange.accept(oldObj, newObj); }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) { onChange.accept(obj, null); }
    };
  }

  /** The work-queue key of an object: "namespace/name", or "name" when cluster-scoped. */
  public static String key(HasMetadata obj) {
    String ns = obj.getMetadata().getNamespace();
    return ns == null || ns.isEmpty() ? obj.getMetadata().getName() : ns + "/" + obj.getMetadata().getName();
  }

  public static String namespaceOf(String key) {
    int slash = key.indexOf('/');
    return slash < 0 ? "" : key.substring(0, slash);
  }

  public static String nameOf(String key) {
    return key.substring(key.indexOf('/') + 1);
  }
}
