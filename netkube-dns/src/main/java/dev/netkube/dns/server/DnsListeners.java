package dev.netkube.dns.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * UDP and TCP on each port of the Corefile (Netty, epoll on Linux). Queries run on a worker pool (forward waits on
 * upstreams); the answer goes back on the channel it came from. TCP: two-byte length framing, several queries per
 * connection, idle connections closed after 10 s as CoreDNS's.
 */
final class DnsListeners implements AutoCloseable {
  private final String host;
  private final EventLoopGroup group;
  private final ExecutorService workers;
  private final Supplier<Generation> current;
  private final Map<Integer, List<Channel>> channels = new HashMap<>();
  private final boolean epoll = Epoll.isAvailable();

  DnsListeners(String host, ExecutorService workers, Supplier<Generation> current) {
    this.host = host;
    this.workers = workers;
    this.current = current;
    this.group = new MultiThreadIoEventLoopGroup(2, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }

  /** Binds UDP and TCP on {@code port}; returns the port bound (the one asked, or the kernel's for 0). */
  synchronized int open(int port) throws InterruptedException {
    Bootstrap udp = new Bootstrap().group(group).channel(epoll ? EpollDatagramChannel.class : NioDatagramChannel.class)
        .option(ChannelOption.SO_RCVBUF, 4 << 20)
        .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
          @Override protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            byte[] wire = ByteBufUtil.getBytes(packet.content());
            InetSocketAddress sender = packet.sender();
            submit(() -> {
              byte[] answer = current.get().handle(port(ctx.channel()), wire, "udp", sender);
              if (answer.length > 0) ctx.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(answer), sender));
            });
          }
        });
    Channel u = udp.bind(host, port).sync().channel();
    int bound = ((InetSocketAddress) u.localAddress()).getPort();
    ServerBootstrap tcp = new ServerBootstrap().group(group)
        .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
        .option(ChannelOption.SO_REUSEADDR, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new IdleStateHandler(0, 0, 10, TimeUnit.SECONDS),
                new LengthFieldBasedFrameDecoder(65535 + 2, 0, 2, 0, 2), new LengthFieldPrepender(2),
                new SimpleChannelInboundHandler<ByteBuf>() {
                  @Override protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                    byte[] wire = ByteBufUtil.getBytes(frame);
                    InetSocketAddress client = (InetSocketAddress) ctx.channel().remoteAddress();
                    submit(() -> {
                      byte[] answer = current.get().handle(bound, wire, "tcp", client);
                      if (answer.length > 0) ctx.writeAndFlush(Unpooled.wrappedBuffer(answer));
                    });
                  }

                  @Override public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
                    if (evt instanceof IdleStateEvent) ctx.close();
                  }

                  @Override public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) { ctx.close(); }
                });
          }
        });
    Channel t = tcp.bind(host, bound).sync().channel();
    channels.put(port == 0 ? bound : port, List.of(u, t));
    return bound;
  }

  private static int port(Channel c) { return ((InetSocketAddress) c.localAddress()).getPort(); }

  private void submit(Runnable r) {
    try {
      workers.execute(r);
    } catch (RejectedExecutionException e) {
      // shutting down or overloaded: the client retries, as with a lost datagram
    }
  }

  synchronized void closePort(int port) {
    List<Channel> cs = channels.remove(port);
    if (cs != null) cs.forEach(c -> c.close().syncUninterruptibly());
  }

  synchronized java.util.Set<Integer> ports() { return new java.util.HashSet<>(channels.keySet()); }

  @Override
  public synchronized void close() {
    channels.values().forEach(cs -> cs.forEach(c -> c.close().syncUninterruptibly()));
    channels.clear();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
