package dev.netkube.apiserver.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** The HTTPS listener: TLS → HTTP/1.1 codec → streaming subresources or aggregated requests → {@link ApiHandler}. */
public final class HttpServer implements AutoCloseable {
  /** Upstream's limit on request bodies is 3 MiB; a little slack for JSON overhead. */
  private static final int MAX_BODY = 4 * 1024 * 1024;

  private final EventLoopGroup group;
  private final List<Channel> channels = new ArrayList<>();

  private HttpServer(EventLoopGroup group) { this.group = group; }

  public static HttpServer start(List<String> addresses, int port, SslContext tls, Supplier<ApiHandler> handler)
      throws Exception {
    return start(addresses, port, tls, handler, () -> new io.netty.channel.ChannelInboundHandlerAdapter());
  }

  /**
   * {@code streams} makes each connection's handler for the requests that leave the aggregated
   * path (pods/exec, attach, portforward, log): it sees the request head before the aggregator
   * and may take the connection over.
   */
  public static HttpServer start(List<String> addresses, int port, SslContext tls, Supplier<ApiHandler> handler,
      Supplier<? extends io.netty.channel.ChannelHandler> streams) throws Exception {
    boolean epoll = Epoll.isAvailable();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2,
        epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
    HttpServer server = new HttpServer(group);
    ServerBootstrap b = new ServerBootstrap()
        .group(group)
        .channel(channelType)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline()
                .addLast("tls", tls.newHandler(ch.alloc()))
                .addLast("http", new HttpServerCodec())
                .addLast("continue", new HttpServerExpectContinueHandler())
                .addLast("streams", streams.get())
                .addLast("aggregate", new HttpObjectAggregator(MAX_BODY))
                .addLast("api", handler.get());
          }
        });
    try {
      int bound = port;
      for (String address : addresses) {
        Channel ch = b.bind(new InetSocketAddress(address, bound)).sync().channel();
        bound = ((InetSocketAddress) ch.localAddress()).getPort();
        server.channels.add(ch);
      }
    } catch (Exception e) {
      server.close();
      throw e;
    }
    return server;
  }

  public int port() { return ((InetSocketAddress) channels.get(0).localAddress()).getPort(); }

  @Override
  public void close() {
    for (Channel ch : channels) ch.close().awaitUninterruptibly();
    group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
  }
}
