package dev.netkube.agent.streaming;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.spdy.DefaultSpdyGoAwayFrame;
import io.netty.handler.codec.spdy.DefaultSpdyPingFrame;
import io.netty.handler.codec.spdy.DefaultSpdyRstStreamFrame;
import io.netty.handler.codec.spdy.DefaultSpdySynReplyFrame;
import io.netty.handler.codec.spdy.SpdyDataFrame;
import io.netty.handler.codec.spdy.SpdyGoAwayFrame;
import io.netty.handler.codec.spdy.SpdyPingFrame;
import io.netty.handler.codec.spdy.SpdyRstStreamFrame;
import io.netty.handler.codec.spdy.SpdyStreamStatus;
import io.netty.handler.codec.spdy.SpdySynStreamFrame;
import io.netty.util.ReferenceCountUtil;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The server side of a SPDY/3.1 connection as Kubernetes uses it (spdystream over Netty's frame
 * codec): the client opens every stream; each SYN_STREAM is handed to the {@link Acceptor} and
 * answered with SYN_REPLY (or RST_STREAM when refused); DATA and FIN go to the stream; PINGs are
 * echoed. Like spdystream, it keeps no flow-control windows: spdystream neither sends nor honours
 * WINDOW_UPDATE, so Netty's session handler (which does) is not used.
 */
final class SpdyServerSession extends ChannelInboundHandlerAdapter {
  /** What runs on top: remote command or port-forward. */
  interface Acceptor {
    /** A new stream; false refuses it (the client sees a reset). Runs on the event loop. */
    boolean accept(SpdyStream stream);

    /** The connection is gone. */
    void closed();
  }

  private final Acceptor acceptor;
  private final Map<Integer, SpdyStream> streams = new ConcurrentHashMap<>();
  private ChannelHandlerContext ctx;
  private int lastStreamId;

  SpdyServerSession(Acceptor acceptor) { this.acceptor = acceptor; }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) { this.ctx = ctx; }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof SpdySynStreamFrame syn) {
        Map<String, String> headers = new HashMap<>();
        for (Map.Entry<CharSequence, CharSequence> h : syn.headers()) {
          headers.putIfAbsent(h.getKey().toString().toLowerCase(Locale.ROOT), h.getValue().toString());
        }
        SpdyStream stream = new SpdyStream(syn.streamId(), headers, ctx.channel());
        lastStreamId = Math.max(lastStreamId, syn.streamId());
        if (!acceptor.accept(stream)) {
          ctx.writeAndFlush(new DefaultSpdyRstStreamFrame(syn.streamId(), SpdyStreamStatus.REFUSED_STREAM));
          return;
        }
        streams.put(syn.streamId(), stream);
        stream.onRelease(() -> streams.remove(syn.streamId()));
        ctx.writeAndFlush(reply(syn.streamId(), stream.header("streamtype")));
        if (syn.isLast()) stream.remoteEnded();
      } else if (msg instanceof SpdyDataFrame data) {
        SpdyStream stream = streams.get(data.streamId());
        if (stream == null) return;
        if (data.content().isReadable()) stream.received(ByteBufUtil.getBytes(data.content()));
        if (data.isLast()) stream.remoteEnded();
      } else if (msg instanceof SpdyRstStreamFrame rst) {
        SpdyStream stream = streams.remove(rst.streamId());
        if (stream != null) stream.peerReset();
      } else if (msg instanceof SpdyPingFrame ping) {
        if ((ping.id() & 1) == 1) ctx.writeAndFlush(new DefaultSpdyPingFrame(ping.id())); // the client's ping
      } else if (msg instanceof SpdyGoAwayFrame) {
        ctx.close();
      }
      // SETTINGS, WINDOW_UPDATE, HEADERS: nothing to do (see the class comment).
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  /**
   * spdystream replies with an empty header block (a zero count, compressed), but Netty's encoder
   * writes no block at all for empty headers, which Go's framer cannot parse (the client then
   * times out waiting for the reply). One header, the stream's own type, makes Netty write a
   * block; clients ignore reply headers.
   */
  private static DefaultSpdySynReplyFrame reply(int streamId, String streamType) {
    DefaultSpdySynReplyFrame reply = new DefaultSpdySynReplyFrame(streamId);
    reply.headers().set("streamtype", streamType.isEmpty() ? "unknown" : streamType);
    return reply;
  }

  /** GOAWAY, then close once the client hung up, or after a grace period (spdystream's Close). */
  void goAway() {
    if (!ctx.channel().isActive()) return;
    ctx.writeAndFlush(new DefaultSpdyGoAwayFrame(lastStreamId));
    ctx.executor().schedule(() -> { ctx.close(); }, 2, TimeUnit.SECONDS);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    for (SpdyStream s : streams.values()) s.peerReset();
    streams.clear();
    acceptor.closed();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
