package dev.netkube.agent.streaming;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.spdy.DefaultSpdyDataFrame;
import io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One stream the client opened on a SPDY connection (spdystream's Stream): its headers, the data
 * it receives, and writes (DATA frames; an empty one with FIN closes our side). Writes may come
 * from any thread and block while the connection's outbound buffer is full.
 */
final class SpdyStream {
  private final int id;
  private final Map<String, String> headers;
  private final Channel channel;
  private final AtomicBoolean finished = new AtomicBoolean();
  private volatile Consumer<byte[]> onData = d -> { };
  private volatile Runnable onRemoteEnd = () -> { };
  private volatile boolean remoteEnded;
  private volatile Runnable release = () -> { };

  SpdyStream(int id, Map<String, String> headers, Channel channel) {
    this.id = id;
    this.headers = headers;
    this.channel = channel;
  }

  int id() { return id; }

  /** A header as the client sent it (names lower case, as SPDY carries them); "" when absent. */
  String header(String name) { return headers.getOrDefault(name, ""); }

  /** Where the client's data goes; set before the stream is replied to. */
  void onData(Consumer<byte[]> sink) { this.onData = sink; }

  /** Runs when the client half-closed (FIN) or reset the stream; at once if it already did. */
  void onRemoteEnd(Runnable action) {
    this.onRemoteEnd = action;
    if (remoteEnded) action.run();
  }

  void write(byte[] data, int length) {
    if (finished.get() || !channel.isActive() || length == 0) return;
    ChannelFuture f = channel.writeAndFlush(new DefaultSpdyDataFrame(id, Unpooled.copiedBuffer(data, 0, length)));
    if (!channel.isWritable() && !channel.eventLoop().inEventLoop()) f.awaitUninterruptibly();
  }

  /** Half-closes our side (FIN). */
  void finish() {
    if (!finished.compareAndSet(false, true)) return;
    if (channel.isActive()) {
      DefaultSpdyDataFrame fin = new DefaultSpdyDataFrame(id);
      fin.setLast(true);
      channel.writeAndFlush(fin);
    }
    if (remoteEnded) release.run();
  }

  void reset() {
    finished.set(true);
    if (channel.isActive()) channel.writeAndFlush(new DefaultSpdyRstStreamFrame(id, SpdyStreamStatus.CANCEL));
    release.run();
  }

  /** The session forgets the stream once both sides are done. */
  void onRelease(Runnable action) { this.release = action; }

  void peerReset() {
    finished.set(true);
    remoteEnded();
  }

  // Called by SpdyServerSession on the event loop.
  void received(byte[] data) { onData.accept(data); }

  void remoteEnded() {
    if (remoteEnded) return;
    remoteEnded = true;
    onRemoteEnd.run();
    if (finished.get()) release.run();
  }
}
