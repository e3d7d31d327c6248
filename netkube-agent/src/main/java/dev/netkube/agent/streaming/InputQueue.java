package dev.netkube.agent.streaming;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Bytes from the client for a blocking {@link OutputStream} (a command's stdin, a pod's port):
 * the event loop only enqueues, a thread of its own writes. Past {@link #HIGH_WATER} queued bytes
 * the client's reads are paused ({@code pause.accept(true)}), and resumed below half of it.
 * The target may arrive later (a port-forward connects after its streams were accepted).
 */
final class InputQueue {
  static final long HIGH_WATER = 1 << 20;
  private static final byte[] EOF = new byte[0];

  private final LinkedBlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
  private final AtomicLong queued = new AtomicLong();
  private final AtomicBoolean paused = new AtomicBoolean();
  private final AtomicBoolean ended = new AtomicBoolean();
  private final Consumer<Boolean> pause;
  private final CompletableFuture<OutputStream> target = new CompletableFuture<>();

  InputQueue(Executor threads, Consumer<Boolean> pause) {
    this.pause = pause;
    threads.execute(this::drain);
  }

  /** The stream to write to; until it is set, input waits in the queue. */
  void target(OutputStream out) { target.complete(out); }

  /** No target will come (the connection failed): input is dropped. */
  void abandon() {
    target.complete(OutputStream.nullOutputStream());
    end();
  }

  void offer(byte[] data) {
    if (data.length == 0 || ended.get()) return;
    queue.add(data);
    if (queued.addAndGet(data.length) > HIGH_WATER && paused.compareAndSet(false, true)) pause.accept(true);
  }

  /** The client's input ended: the target is closed once the queue is written. */
  void end() {
    if (ended.compareAndSet(false, true)) queue.add(EOF);
  }

  private void drain() {
    OutputStream out = target.join();
    boolean broken = false;
    try {
      while (true) {
        byte[] data = queue.take();
        if (data == EOF) break;
        long left = queued.addAndGet(-data.length);
        if (left < HIGH_WATER / 2 && paused.compareAndSet(true, false)) pause.accept(false);
        if (broken) continue;
        try {
          out.write(data);
          out.flush();
        } catch (IOException e) {
          broken = true; // the command or the pod's side went away; drop what is left
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        out.close();
      } catch (IOException ignored) {
        // already gone
      }
      if (paused.compareAndSet(true, false)) pause.accept(false);
    }
  }
}
