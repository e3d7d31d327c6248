package dev.netkube.apiserver.registry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import dev.netkube.model.api.ApiException;
import dev.netkube.store.KeyValue;
import dev.netkube.store.ListResult;
import dev.netkube.store.Store;
import dev.netkube.store.StoreException;
import java.io.IOException;
import java.util.Optional;

/**
 * Objects in the store: the key of an object, its encoding (JSON without resourceVersion, which
 * is always the store's modRevision), and store failures mapped to upstream's Status.
 */
public final class ObjectStore {
  private final Store store;

  public ObjectStore(Store store) { this.store = store; }

  public Store raw() { return store; }

  /** An object read from the store with its resourceVersion filled in. */
  public record Stored(ObjectNode object, long revision) {}

  public Optional<Stored> get(ServedResource r, String namespace, String name) {
    return store.get(r.key(namespace, name)).map(this::decode);
  }

  public Stored decode(KeyValue kv) {
    try {
      ObjectNode obj = (ObjectNode) Json.parse(kv.value());
      Meta.meta(obj).put("resourceVersion", Long.toString(kv.modRevision()));
      return new Stored(obj, kv.modRevision());
    } catch (IOException | ClassCastException e) {
      throw ApiException.internal("stored object at " + kv.key() + " cannot be decoded: " + e.getMessage());
    }
  }

  private static byte[] encode(ObjectNode obj) {
    ObjectNode copy = obj.deepCopy();
    Meta.meta(copy).remove("resourceVersion");
    return Json.bytes(copy);
  }

  public Stored create(ServedResource r, ObjectNode obj) {
    String ns = Meta.namespace(obj);
    String name = Meta.name(obj);
    try {
      KeyValue kv = store.create(r.key(ns, name), encode(obj));
      return withRevision(obj, kv.modRevision());
    } catch (StoreException.KeyExists e) {
      throw ApiException.alreadyExists(r.type().group(), r.type().plural(), name);
    } catch (StoreException.Unavailable e) {
      throw unavailable(e);
    }
  }

  public Stored update(ServedResource r, ObjectNode obj, long expectedRevision) {
    String name = Meta.name(obj);
    try {
      KeyValue kv = store.update(r.key(Meta.namespace(obj), name), encode(obj), expectedRevision);
      return withRevision(obj, kv.modRevision());
    } catch (StoreException.Conflict e) {
      throw ApiException.modified(r.type().group(), r.type().plural(), name);
    } catch (StoreException.NotFound e) {
      throw ApiException.notFound(r.type().group(), r.type().plural(), name);
    } catch (StoreException.Unavailable e) {
      throw unavailable(e);
    }
  }

  public Stored delete(ServedResource r, String namespace, String name, long expectedRevision) {
    try {
      KeyValue kv = store.delete(r.key(namespace, name), expectedRevision);
      Stored old = decode(kv);
      return old;
    } catch (StoreException.Conflict e) {
      throw ApiException.modified(r.type().group(), r.type().plural(), name);
    } catch (StoreException.NotFound e) {
      throw ApiException.notFound(r.type().group(), r.type().plural(), name);
    } catch (StoreException.Unavailable e) {
      throw unavailable(e);
    }
  }

  public ListResult list(String prefix, String startAfter, int limit, long revision) {
    try {
      return store.list(prefix, startAfter, limit, revision);
    } catch (StoreException.Compacted e) {
      throw ApiException.expired("The provided continue parameter is too old to display a consistent list result. "
          + "You can start a new list without the continue parameter.");
    } catch (StoreException.Unavailable e) {
      throw unavailable(e);
    }
  }

  private static Stored withRevision(ObjectNode obj, long revision) {
    Meta.meta(obj).put("resourceVersion", Long.toString(revision));
    return new Stored(obj, revision);
  }

  private static ApiException unavailable(StoreException e) {
    return new ApiException(503, "ServiceUnavailable", "the storage backend is unavailable: " + e.getMessage(), null);
  }
}
