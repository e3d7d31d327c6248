package dev.netkube.agent.streaming;

import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.concurrent.TimeUnit;

/**
 * Exec and attach over WebSocket (wsstream.Conn): channel-prefixed messages both ways. kubelet
 * first sends an empty message on the lowest output channel (the client's sign that the streams
 * are up); at the end the status goes on the error channel and the connection closes with a
 * normal close frame, which the client reads as the end of every stream.
 */
final class WebSocketCommandHandler extends SimpleChannelInboundHandler<WebSocketFrame> implements CommandTransport {
  private final ChannelProtocol protocol;
  private final CommandOptions options;
  private final RemoteCommandSession session;
  private volatile Channel channel;

  WebSocketCommandHandler(ChannelProtocol protocol, CommandOptions options, RemoteCommandSession session) {
    this.protocol = protocol;
    this.options = options;
    this.session = session;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    int first = options.stdout() ? ChannelProtocol.STDOUT : options.stderr() ? ChannelProtocol.STDERR : ChannelProtocol.ERROR;
    send(first, new byte[0], 0);
    session.start(this);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (frame instanceof PingWebSocketFrame) {
      ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
      return;
    }
    if (frame instanceof CloseWebSocketFrame) {
      ctx.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(f -> ctx.close());
      return;
    }
    if (!(frame instanceof BinaryWebSocketFrame) && !(frame instanceof TextWebSocketFrame)) return;
    protocol.decode(ByteBufUtil.getBytes(frame.content())).ifPresent(m -> {
      switch (m.channel()) {
        case ChannelProtocol.STDIN -> session.stdin(m.data());
        case ChannelProtocol.RESIZE -> session.resize(m.data());
        case ChannelProtocol.CLOSE_SIGNAL -> {
          if (protocol.closeSignal && m.data().length == 1 && m.data()[0] == ChannelProtocol.STDIN) session.stdinClosed();
        }
        default -> { } // the client writes nothing else; wsstream ignores it too
      }
    });
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    session.clientGone();
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    ctx.close();
  }

  // ------------------------------------------------------------------ CommandTransport

  @Override
  public void write(Output stream, byte[] data, int length) {
    send(stream == Output.STDOUT ? ChannelProtocol.STDOUT : ChannelProtocol.STDERR, data, length);
  }

  @Override
  public void endOutput(Output stream) {
    // wsstream has no per-channel end from the server: the close frame ends every stream.
  }

  @Override
  public void writeStatus(ExecStatus status) {
    byte[] payload = status.encode(protocol.jsonStatus);
    if (payload.length > 0 || protocol.jsonStatus) send(ChannelProtocol.ERROR, payload, payload.length);
  }

  @Override
  public void finish() {
    Channel ch = channel;
    ch.writeAndFlush(new CloseWebSocketFrame(1000, "")).addListener(f ->
        // the client answers the close frame and hangs up; do not wait for ever
        ch.eventLoop().schedule(() -> { ch.close(); }, 2, TimeUnit.SECONDS));
  }

  @Override
  public void pauseInput(boolean pause) {
    channel.config().setAutoRead(!pause);
  }

  private void send(int ch, byte[] data, int length) {
    Channel c = channel;
    if (!c.isActive()) return;
    byte[] payload = protocol.encode(ch, data, 0, length);
    WebSocketFrame frame = protocol.binary ? new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payload))
        : new TextWebSocketFrame(Unpooled.wrappedBuffer(payload));
    ChannelFuture f = c.writeAndFlush(frame);
    if (!c.isWritable() && !c.eventLoop().inEventLoop()) f.awaitUninterruptibly();
  }
}
