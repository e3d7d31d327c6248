package dev.netkube.store.sqlite;

import dev.netkube.store.Store;
import dev.netkube.store.WatchEvent;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watch fed in-process by the writer. It is registered before its history is read, so a
 * write either lands in the history or arrives live; live events at or below the last queued
 * revision are duplicates of history and are dropped. Events are delivered in order on the
 * shared executor, one task at a time per watch, so a slow consumer never blocks the writer.
 */
final class LocalWatch implements Store.Watch {
  private static final Logger LOG = LoggerFactory.getLogger(LocalWatch.class);
  private final String prefix;
  private final Consumer<WatchEvent> onEvent;
  private final Consumer<Throwable> onError;
  private final Executor executor;
  private final Runnable unregister;

  private final Queue<Object> queue = new ArrayDeque<>();
  private final List<WatchEvent> pendingLive = new ArrayList<>();
  private boolean historyDone;
  private boolean draining;
  private boolean closed;
  private long lastQueued;

  LocalWatch(String prefix, long afterRevision, Consumer<WatchEvent> onEvent, Consumer<Throwable> onError,
      Executor executor, Runnable unregister) {
    this.prefix = prefix;
    this.lastQueued = afterRevision;
    this.onEvent = onEvent;
    this.onError = onError;
    this.executor = executor;
    this.unregister = unregister;
  }

  boolean matches(String key) {
    return key.startsWith(prefix);
  }

  /** Called by the writer, in revision order, for every committed change. */
  synchronized void offerLive(WatchEvent event) {
    if (closed) {
      return;
    }
    if (!historyDone) {
      pendingLive.add(event);
      return;
    }
    enqueue(event);
  }

  /** Called once with the history read after registration; then live events flow. */
  synchronized void startWith(List<WatchEvent> history) {
    history.forEach(this::enqueue);
    pendingLive.forEach(this::enqueue);
    pendingLive.clear();
    historyDone = true;
  }

  /** Ends the watch from the store's side (store closed or failed): tells onError. */
  synchronized void fail(Throwable cause) {
    if (closed) {
      return;
    }
    queue.add(cause);
    schedule();
    closed = true;
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      queue.clear();
    }
    unregister.run();
  }

  private void enqueue(WatchEvent event) {
    if (event.revision() <= lastQueued) {
      return;
    }
    lastQueued = event.revision();
    queue.add(event);
    schedule();
  }

  private void schedule() {
    if (!draining) {
      draining = true;
      executor.execute(this::drain);
    }
  }

  private void drain() {
    while (true) {
      Object next;
      synchronized (this) {
        next = queue.poll();
        if (next == null) {
          draining = false;
          return;
        }
      }
      try {
        if (next instanceof WatchEvent event) {
          onEvent.accept(event);
        } else {
          onError.accept((Throwable) next);
        }
      } catch (RuntimeException e) {
        // A failing consumer must not wedge the queue for later events.
        LOG.warn("watch consumer for prefix {} failed", prefix, e);
      }
    }
  }
}
