package dev.netkube.apiserver.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * After the 101: bytes from this channel go to the peer unchanged (UpgradeAwareHandler's copy
 * loop), with backpressure (this side stops reading while the peer cannot take more). Either
 * side closing closes the other once what was read is written.
 */
final class Splice extends ChannelInboundHandlerAdapter {
  private final Channel peer;

  Splice(Channel peer) { this.peer = peer; }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf buf)) { // the HTTP codec's last words before it was replaced
      ReferenceCountUtil.release(msg);
      return;
    }
    if (!peer.isActive()) {
      buf.release();
      return;
    }
    peer.writeAndFlush(buf);
    if (!peer.isWritable()) ctx.channel().config().setAutoRead(false);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    // this channel drained: let the peer read again
    if (ctx.channel().isWritable()) peer.config().setAutoRead(true);
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (peer.isActive()) peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }
}
