package dev.netkube.proxy.userspace;

import dev.netkube.proxy.model.ServicePortName;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP service port: accepts a client, connects to an endpoint the round robin picks (on a failed connect the
 * next one, {@link ConnectAttempts}), then relays bytes both ways until either side closes. The client is not
 * read until the endpoint is connected, and each side is read only once the other took the last chunk
 * (backpressure). No endpoint, or none answering: the client's connection is closed at once.
 */
final class TcpListener implements ServiceListener {
  private static final Logger LOG = LoggerFactory.getLogger(TcpListener.class);
  private final Channel server;

  private TcpListener(Channel server) { this.server = server; }

  static TcpListener bind(ServicePortName name, String host, int port, EventLoopGroup group, Transport transport,
      RoundRobin balancer, Clock clock) throws InterruptedException {
    ServerBootstrap b = new ServerBootstrap().group(group).channel(transport.server())
        .childOption(ChannelOption.AUTO_READ, false)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel client) {
            client.pipeline().addLast(new Connector(name, balancer, clock, transport));
          }
        });
    return new TcpListener(b.bind(new InetSocketAddress(host, port)).sync().channel());
  }

  @Override
  public int port() { return ((InetSocketAddress) server.localAddress()).getPort(); }

  @Override
  public void close() { server.close().awaitUninterruptibly(); }

  /** On a client's arrival: the connect attempts, then the relay in both directions. */
  private static final class Connector extends ChannelInboundHandlerAdapter {
    private final ServicePortName name;
    private final RoundRobin balancer;
    private final Clock clock;
    private final Transport transport;

    Connector(ServicePortName name, RoundRobin balancer, Clock clock, Transport transport) {
      this.name = name;
      this.balancer = balancer;
      this.clock = clock;
      this.transport = transport;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      Channel client = ctx.channel();
      String clientIp = ((InetSocketAddress) client.remoteAddress()).getAddress().getHostAddress();
      attempt(client, new ConnectAttempts(balancer, clientIp, clock));
    }

    private void attempt(Channel client, ConnectAttempts attempts) {
      Optional<ConnectAttempts.Attempt> next = attempts.next();
      if (next.isEmpty()) {
        LOG.debug("{}: no endpoint answered for {} after {} attempts; closing", name, client.remoteAddress(), attempts.made());
        client.close();
        return;
      }
      ConnectAttempts.Attempt a = next.get();
      new Bootstrap().group(client.eventLoop()).channel(transport.socket())
          .option(ChannelOption.AUTO_READ, false)
          .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) a.timeout().toMillis())
          .handler(new Relay(client))
          .connect(new InetSocketAddress(a.endpoint().ip(), a.endpoint().port()))
          .addListener((ChannelFutureListener) f -> {
            if (!client.isActive()) {
              f.channel().close();
            } else if (f.isSuccess()) {
              client.pipeline().replace(this, "relay", new Relay(f.channel()));
              client.read();
              f.channel().read();
            } else {
              LOG.info("{}: dial {} failed ({}); trying the next endpoint", name, a.endpoint(), f.cause().getMessage());
              attempt(client, attempts);
            }
          });
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) { ctx.close(); }
  }

  /** Writes what its channel reads to {@code peer}; reads again once the peer took it; closes both at the end. */
  private static final class Relay extends ChannelInboundHandlerAdapter {
    private final Channel peer;

    Relay(Channel peer) { this.peer = peer; }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      peer.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
        if (f.isSuccess()) ctx.channel().read();
        else f.channel().close();
      });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      // what was written is delivered before the close: as upstream's io.Copy then Close on both
      if (peer.isActive()) peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) { ctx.close(); }
  }
}
