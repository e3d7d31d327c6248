package dev.netkube.agent.streaming;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * kubelet's streaming server (port 10250 on a real node): exec, attach, port-forward and
 * container logs over HTTPS, for the API server's proxy. TLS with client certificates the
 * cluster CA signed (see {@link StreamingTls}); the protocols are upstream's (WebSocket
 * v1–v5 channel protocols, SPDY/3.1, SPDY tunnelled in WebSocket for port-forward).
 */
public final class KubeletStreamingServer implements AutoCloseable {
  /** kubelet's default port; the Node's status.daemonEndpoints.kubeletEndpoint.Port names the one in use. */
  public static final int DEFAULT_PORT = 10250;

  private final EventLoopGroup group;
  private final ExecutorService workers;
  private final Channel channel;

  private KubeletStreamingServer(EventLoopGroup group, ExecutorService workers, Channel channel) {
    this.group = group;
    this.workers = workers;
    this.channel = channel;
  }

  /** Binds {@code address:port} (port 0: any free port) and serves until closed. */
  public static KubeletStreamingServer start(String address, int port, SslContext tls, StreamingRuntime runtime)
      throws InterruptedException {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    ExecutorService workers = Executors.newCachedThreadPool(daemon("kubelet-streaming"));
    Clock clock = Clock.systemUTC();
    try {
      Channel ch = new ServerBootstrap()
          .group(group)
          .channel(NioServerSocketChannel.class)
          .childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel c) {
              c.pipeline()
                  .addLast("tls", tls.newHandler(c.alloc()))
                  .addLast("http", new HttpServerCodec())
                  .addLast("kubelet", new KubeletRequestHandler(runtime, workers, clock));
            }
          })
          .bind(new InetSocketAddress(address, port)).sync().channel();
      return new KubeletStreamingServer(group, workers, ch);
    } catch (RuntimeException | InterruptedException e) {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      workers.shutdownNow();
      throw e;
    }
  }

  public int port() { return ((InetSocketAddress) channel.localAddress()).getPort(); }

  @Override
  public void close() {
    channel.close().awaitUninterruptibly();
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    workers.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
