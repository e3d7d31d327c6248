package dev.netkube.store.etcd;

import dev.netkube.store.KeyValue;
import dev.netkube.store.ListResult;
import dev.netkube.store.Store;
import dev.netkube.store.StoreException;
import dev.netkube.store.WatchEvent;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.CompactOption;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The store on an etcd v3 cluster through jetcd. Every caller key is stored under {@code prefix};
 * revisions are etcd's own. Conditional writes are single transactions comparing the key's
 * create/mod revision, as kube-apiserver's etcd3 storage does.
 */
public final class EtcdStore implements Store {
  /**
   * kube-apiserver's compactor records the last compacted revision (decimal) in this key at the
   * etcd root; using the same key lets every server sharing the cluster know it.
   */
  static final String COMPACT_REV_KEY = "compact_rev_key";

  /** @param timeout how long one request may take before the store reports Unavailable */
  public record Options(Duration timeout) {
    public static Options defaults() { return new Options(Duration.ofSeconds(30)); }
  }

  private final Client client;
  private final KV kv;
  private final String prefix;
  private final Duration timeout;
  private final AtomicLong knownCompacted = new AtomicLong();
  private volatile boolean closed;
  private final java.util.Set<EtcdWatch> watches = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * @param endpoints etcd client URLs, e.g. "http://127.0.0.1:2379"
   * @param prefix prepended to every key, e.g. "/netkube"; must be non-empty and start with "/"
   */
  public static EtcdStore open(List<String> endpoints, String prefix) {
    return open(endpoints, prefix, Options.defaults());
  }

  public static EtcdStore open(List<String> endpoints, String prefix, Options options) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("no etcd endpoints");
    }
    if (!prefix.startsWith("/")) {
      // Keeps data keys apart from compact_rev_key at the root.
      throw new IllegalArgumentException("etcd key prefix must start with \"/\": " + prefix);
    }
    Client client = Client.builder().endpoints(endpoints.toArray(String[]::new)).build();
    return new EtcdStore(client, prefix, options.timeout());
  }

  private EtcdStore(Client client, String prefix, Duration timeout) {
    this.client = client;
    this.kv = client.getKVClient();
    this.prefix = prefix;
    this.timeout = timeout;
  }

  @Override
  public long currentRevision() {
    GetResponse r = await(kv().get(bytes(prefix), GetOption.builder().withCountOnly(true).build()));
    return r.getHeader().getRevision();
  }

  @Override
  public long compactedRevision() {
    GetResponse r = await(kv().get(bytes(COMPACT_REV_KEY)));
    long stored = r.getKvs().isEmpty() ? 0 : Long.parseLong(r.getKvs().get(0).getValue().toString(StandardCharsets.UTF_8));
    return knownCompacted.accumulateAndGet(stored, Math::max);
  }

  @Override
  public Optional<KeyValue> get(String key) {
    GetResponse r = await(kv().get(physical(key)));
    return r.getKvs().stream().findFirst().map(this::keyValue);
  }

  @Override
  public ListResult list(String prefix, String startAfter, int limit, long revision) {
    ByteSequence from = startAfter == null || startAfter.compareTo(prefix) < 0
        ? physical(prefix)
        : ByteSequence.from(concat(physical(startAfter).getBytes(), new byte[] {0})); // first key after
    GetOption.Builder option = GetOption.builder()
        .withRange(rangeEnd(physical(prefix)))
        .withSortField(GetOption.SortTarget.KEY)
        .withSortOrder(GetOption.SortOrder.ASCEND)
        .withRevision(revision)
        .withLimit(limit);
    GetResponse r = awaitRead(kv().get(from, option.build()), revision);
    List<KeyValue> items = new ArrayList<>(r.getKvs().size());
    r.getKvs().forEach(k -> items.add(keyValue(k)));
    return new ListResult(List.copyOf(items), revision == 0 ? r.getHeader().getRevision() : revision, r.isMore());
  }

  @Override
  public long count(String prefix) {
    GetOption option = GetOption.builder().withRange(rangeEnd(physical(prefix))).withCountOnly(true).build();
    return await(kv().get(physical(prefix), option)).getCount();
  }

  @Override
  public KeyValue create(String key, byte[] value) {
    ByteSequence k = physical(key);
    TxnResponse r = await(kv().txn()
        .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
        .Then(Op.put(k, ByteSequence.from(value), PutOption.DEFAULT))
        .Else(Op.get(k, GetOption.DEFAULT))
        .commit());
    if (!r.isSucceeded()) {
      throw new StoreException.KeyExists(key);
    }
    long revision = r.getHeader().getRevision();
    return new KeyValue(key, value, revision, revision);
  }

  @Override
  public KeyValue update(String key, byte[] value, long expectedRevision) {
    ByteSequence k = physical(key);
    TxnResponse r = await(kv().txn()
        .If(exists(k), new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedRevision)))
        .Then(Op.put(k, ByteSequence.from(value), PutOption.builder().withPrevKV().build()))
        .Else(Op.get(k, GetOption.DEFAULT))
        .commit());
    if (!r.isSucceeded()) {
      throw failure(key, r);
    }
    long createRevision = r.getPutResponses().get(0).getPrevKv().getCreateRevision();
    return new KeyValue(key, value, createRevision, r.getHeader().getRevision());
  }

  @Override
  public KeyValue delete(String key, long expectedRevision) {
    ByteSequence k = physical(key);
    Cmp[] conditions = expectedRevision == 0
        ? new Cmp[] {exists(k)}
        : new Cmp[] {exists(k), new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedRevision))};
    TxnResponse r = await(kv().txn()
        .If(conditions)
        .Then(Op.delete(k, DeleteOption.builder().withPrevKV(true).build()))
        .Else(Op.get(k, GetOption.DEFAULT))
        .commit());
    if (!r.isSucceeded()) {
      throw failure(key, r);
    }
    io.etcd.jetcd.KeyValue previous = r.getDeleteResponses().get(0).getPrevKvs().get(0);
    return new KeyValue(key, previous.getValue().getBytes(), previous.getCreateRevision(), r.getHeader().getRevision());
  }

  private static Cmp exists(ByteSequence k) {
    return new Cmp(k, Cmp.Op.GREATER, CmpTarget.createRevision(0));
  }

  /** Why a conditional write's comparison failed, from the Else branch's read of the key. */
  private StoreException failure(String key, TxnResponse r) {
    List<io.etcd.jetcd.KeyValue> current = r.getGetResponses().get(0).getKvs();
    if (current.isEmpty()) {
      return new StoreException.NotFound(key);
    }
    return new StoreException.Conflict(keyValue(current.get(0)));
  }

  @Override
  public Watch watch(String prefix, long afterRevision, Consumer<WatchEvent> onEvent, Consumer<Throwable> onError) {
    long compacted = compactedRevision();
    if (afterRevision < compacted) {
      throw new StoreException.Compacted(afterRevision, compacted);
    }
    EtcdWatch watch = new EtcdWatch(afterRevision, onEvent, onError);
    watches.add(watch);
    WatchOption option = WatchOption.builder()
        .withRange(rangeEnd(physical(prefix)))
        .withRevision(afterRevision + 1)
        .withPrevKV(true)
        .build();
    watch.start(client.getWatchClient().watch(physical(prefix), option, io.etcd.jetcd.Watch.listener(
        watch::onResponse, watch::onFailure, watch::onCompleted)));
    return watch;
  }

  /** Maps etcd's events to the store's and drops the duplicates jetcd may resend after a reconnect. */
  private final class EtcdWatch implements Watch {
    private final Consumer<WatchEvent> onEvent;
    private final Consumer<Throwable> onError;
    private final long afterRevision;
    private long lastRevision;
    private volatile boolean closed;
    private io.etcd.jetcd.Watch.Watcher watcher;

    EtcdWatch(long afterRevision, Consumer<WatchEvent> onEvent, Consumer<Throwable> onError) {
      this.afterRevision = afterRevision;
      this.lastRevision = afterRevision;
      this.onEvent = onEvent;
      this.onError = onError;
    }

    synchronized void start(io.etcd.jetcd.Watch.Watcher watcher) {
      this.watcher = watcher;
      if (closed) {
        watcher.close();
      }
    }

    synchronized void onResponse(WatchResponse response) {
      for (io.etcd.jetcd.watch.WatchEvent e : response.getEvents()) {
        if (closed) {
          return;
        }
        WatchEvent event = event(e);
        // jetcd resumes a broken stream after the last delivered revision; drop anything older.
        if (event == null || event.revision() <= afterRevision || event.revision() < lastRevision) {
          continue;
        }
        lastRevision = event.revision();
        onEvent.accept(event);
      }
    }

    synchronized void onFailure(Throwable t) {
      if (closed) {
        return;
      }
      closed = true;
      watches.remove(this);
      if (t instanceof CompactedException c) {
        onError.accept(new StoreException.Compacted(afterRevision, c.getCompactedRevision()));
      } else if (t instanceof StoreException e) {
        onError.accept(e);
      } else {
        onError.accept(new StoreException.Unavailable("etcd watch failed: " + t.getMessage(), t));
      }
    }

    synchronized void onCompleted() {
      onFailure(new IllegalStateException("etcd ended the watch"));
    }

    @Override
    public synchronized void close() {
      closed = true;
      watches.remove(this);
      if (watcher != null) {
        watcher.close();
      }
    }
  }

  private WatchEvent event(io.etcd.jetcd.watch.WatchEvent e) {
    io.etcd.jetcd.KeyValue current = e.getKeyValue();
    io.etcd.jetcd.KeyValue prev = e.getPrevKV();
    boolean hasPrev = prev != null && prev.getCreateRevision() != 0;
    KeyValue previous = hasPrev ? keyValue(prev) : null;
    return switch (e.getEventType()) {
      case PUT -> current.getVersion() == 1
          ? new WatchEvent(WatchEvent.Type.CREATED, keyValue(current), null)
          : new WatchEvent(WatchEvent.Type.UPDATED, keyValue(current), previous);
      case DELETE -> new WatchEvent(WatchEvent.Type.DELETED,
          new KeyValue(logical(current.getKey()), hasPrev ? prev.getValue().getBytes() : new byte[0],
              hasPrev ? prev.getCreateRevision() : 0, current.getModRevision()),
          previous);
      case UNRECOGNIZED -> null;
    };
  }

  @Override
  public void compact(long revision) {
    if (revision <= knownCompacted.get()) {
      return;
    }
    try {
      await(kv().compact(revision, CompactOption.builder().withCompactPhysical(true).build()));
    } catch (StoreException.Compacted alreadyCompacted) {
      // etcd refuses to compact at or below its compacted revision: nothing left to do.
    }
    recordCompacted(revision);
  }

  /** Raises compact_rev_key to {@code revision} unless another server recorded a newer one. */
  private void recordCompacted(long revision) {
    ByteSequence key = bytes(COMPACT_REV_KEY);
    for (int attempt = 0; attempt < 5; attempt++) {
      GetResponse r = await(kv().get(key));
      long version = r.getKvs().isEmpty() ? 0 : r.getKvs().get(0).getVersion();
      long stored = r.getKvs().isEmpty() ? 0 : Long.parseLong(r.getKvs().get(0).getValue().toString(StandardCharsets.UTF_8));
      if (stored >= revision) {
        break;
      }
      TxnResponse t = await(kv().txn()
          .If(new Cmp(key, Cmp.Op.EQUAL, CmpTarget.version(version)))
          .Then(Op.put(key, bytes(Long.toString(revision)), PutOption.DEFAULT))
          .commit());
      if (t.isSucceeded()) {
        break;
      }
    }
    knownCompacted.accumulateAndGet(revision, Math::max);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    StoreException.Unavailable ended = new StoreException.Unavailable("the store is closed", null);
    watches.forEach(w -> w.onFailure(ended));
    client.close();
  }

  // ---- helpers ----

  private KV kv() {
    if (closed) {
      throw new StoreException.Unavailable("the store is closed", null);
    }
    return kv;
  }

  private KeyValue keyValue(io.etcd.jetcd.KeyValue k) {
    return new KeyValue(logical(k.getKey()), k.getValue().getBytes(), k.getCreateRevision(), k.getModRevision());
  }

  private ByteSequence physical(String key) {
    return bytes(prefix + key);
  }

  private String logical(ByteSequence key) {
    return key.toString(StandardCharsets.UTF_8).substring(prefix.length());
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, StandardCharsets.UTF_8);
  }

  /** The end of etcd's range for all keys starting with {@code start}: its last byte below 0xff, plus one. */
  static ByteSequence rangeEnd(ByteSequence start) {
    byte[] b = start.getBytes();
    for (int i = b.length - 1; i >= 0; i--) {
      if (b[i] != (byte) 0xff) {
        byte[] end = Arrays.copyOf(b, i + 1);
        end[i]++;
        return ByteSequence.from(end);
      }
    }
    return ByteSequence.from(new byte[] {0}); // etcd: "\0" as range end means every key >= start
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] r = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, r, a.length, b.length);
    return r;
  }

  private <T> T awaitRead(CompletableFuture<T> future, long revision) {
    try {
      return await(future);
    } catch (StoreException.Compacted e) {
      throw new StoreException.Compacted(revision, compactedRevision());
    }
  }

  /** Waits for one etcd request, mapping etcd's failures to the store's. */
  private <T> T await(CompletableFuture<T> future) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreException.Unavailable("interrupted waiting for etcd", e);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new StoreException.Unavailable("etcd did not answer within " + timeout, e);
    } catch (ExecutionException e) {
      throw translate(e.getCause());
    }
  }

  private RuntimeException translate(Throwable cause) {
    String message = String.valueOf(cause.getMessage());
    if (cause instanceof CompactedException c) {
      return new StoreException.Compacted(0, c.getCompactedRevision());
    }
    if (message.contains("required revision has been compacted")) {
      return new StoreException.Compacted(0, knownCompacted.get());
    }
    if (message.contains("required revision is a future revision")) {
      return new IllegalArgumentException("mvcc: required revision is a future revision", cause);
    }
    return new StoreException.Unavailable("etcd request failed: " + message, cause);
  }
}
