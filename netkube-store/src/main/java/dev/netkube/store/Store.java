package dev.netkube.store;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The narrow interface between the API server and durable state: a revisioned key-value map
 * with etcd's semantics. One global revision counts every write; a write returns only once it
 * is durable. Keys are "/registry/..." paths; values are opaque bytes.
 */
public interface Store extends AutoCloseable {

  /** The revision of the latest write (0 for an empty store). */
  long currentRevision();

  /** The revision below which history is gone; watches and reads older than it fail with Compacted. */
  long compactedRevision();

  Optional<KeyValue> get(String key);

  /**
   * Keys starting with {@code prefix}, in key order, strictly after {@code startAfter} (null for
   * the start), at most {@code limit} (0 = no limit), as of {@code revision} (0 = latest).
   */
  ListResult list(String prefix, String startAfter, int limit, long revision);

  /** Number of keys under prefix at the latest revision. */
  long count(String prefix);

  /** Creates the key; fails with KeyExists when it exists. */
  KeyValue create(String key, byte[] value);

  /** Replaces the key's value if its modRevision is {@code expectedRevision}; else Conflict or NotFound. */
  KeyValue update(String key, byte[] value, long expectedRevision);

  /** Deletes the key if its modRevision is {@code expectedRevision} (0 = any); returns the deleted value. */
  KeyValue delete(String key, long expectedRevision);

  /**
   * Delivers every change under {@code prefix} with revision &gt; {@code afterRevision}, in
   * revision order, first the history then live changes, until the watch is closed. Fails with
   * Compacted when {@code afterRevision} &lt; compactedRevision(). {@code onError} is told when
   * the watch ends for any reason but close() (for example the backend went away).
   */
  Watch watch(String prefix, long afterRevision, Consumer<WatchEvent> onEvent, Consumer<Throwable> onError);

  /** Drops history at and below {@code revision} (keeps latest values). */
  void compact(long revision);

  @Override
  void close();

  /** A running watch. */
  interface Watch extends AutoCloseable {
    @Override
    void close();
  }
}
