package dev.netkube.proxy.userspace;

import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.ServicePortName;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UDP service port, as upstream's udpProxySocket: each client address gets a session, a socket connected to
 * the endpoint the round robin picked for it; datagrams go through it both ways (replies leave from the
 * listener's socket, so the client sees them come from the service). A session ends when no datagram crossed
 * it for the idle timeout ({@code udpIdleTimeout}, 250 ms by default): the client's next datagram picks an
 * endpoint anew, so clients follow endpoint changes. Without endpoints a datagram is dropped.
 */
final class UdpListener implements ServiceListener {
  private static final Logger LOG = LoggerFactory.getLogger(UdpListener.class);
  private final Channel socket;
  private final Map<InetSocketAddress, Channel> sessions;

  private UdpListener(Channel socket, Map<InetSocketAddress, Channel> sessions) {
    this.socket = socket;
    this.sessions = sessions;
  }

  static UdpListener bind(ServicePortName name, String host, int port, EventLoopGroup group, Transport transport,
      RoundRobin balancer, Clock clock, Duration idleTimeout) throws InterruptedException {
    Map<InetSocketAddress, Channel> sessions = new ConcurrentHashMap<>();
    Bootstrap b = new Bootstrap().group(group).channel(transport.datagram())
        .handler(new ClientDatagrams(name, group, transport, balancer, clock, idleTimeout, sessions));
    return new UdpListener(b.bind(new InetSocketAddress(host, port)).sync().channel(), sessions);
  }

  @Override
  public int port() { return ((InetSocketAddress) socket.localAddress()).getPort(); }

  /** Open sessions (tests, diagnostics). */
  int sessions() { return sessions.size(); }

  @Override
  public void close() {
    socket.close().awaitUninterruptibly();
    sessions.values().forEach(Channel::close);
  }

  /** The listener's side: a client's datagram into its session, made on its first one. */
  private static final class ClientDatagrams extends SimpleChannelInboundHandler<DatagramPacket> {
    private final ServicePortName name;
    private final EventLoopGroup group;
    private final Transport transport;
    private final RoundRobin balancer;
    private final Clock clock;
    private final Duration idleTimeout;
    private final Map<InetSocketAddress, Channel> sessions;
    /** Sessions whose connect has not completed: datagrams wait for it in order. */
    private final Map<InetSocketAddress, ChannelFuture> connecting = new ConcurrentHashMap<>();

    ClientDatagrams(ServicePortName name, EventLoopGroup group, Transport transport, RoundRobin balancer, Clock clock,
        Duration idleTimeout, Map<InetSocketAddress, Channel> sessions) {
      this.name = name;
      this.group = group;
      this.transport = transport;
      this.balancer = balancer;
      this.clock = clock;
      this.idleTimeout = idleTimeout;
      this.sessions = sessions;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      InetSocketAddress client = packet.sender();
      ByteBuf data = packet.content().retain();
      Channel session = sessions.get(client);
      if (session != null && session.isActive()) {
        session.writeAndFlush(data);
        return;
      }
      ChannelFuture pending = connecting.get(client);
      if (pending == null) {
        Optional<ConnectAttempts.Attempt> first = new ConnectAttempts(balancer, client.getAddress().getHostAddress(), clock).next();
        if (first.isEmpty()) {
          data.release(); // no endpoints: dropped, as upstream's
          return;
        }
        pending = open(ctx.channel(), client, first.get().endpoint());
      }
      pending.addListener((ChannelFutureListener) f -> {
        if (f.isSuccess()) f.channel().writeAndFlush(data);
        else data.release();
      });
    }

    private ChannelFuture open(Channel listener, InetSocketAddress client, Endpoint endpoint) {
      long idleMillis = idleTimeout.toMillis();
      ChannelFuture f = new Bootstrap().group(group).channel(transport.datagram())
          .handler(new ChannelInitializer<DatagramChannel>() {
            @Override
            protected void initChannel(DatagramChannel ch) {
              ch.pipeline().addLast(new IdleStateHandler(0, 0, idleMillis, TimeUnit.MILLISECONDS))
                  .addLast(new EndpointDatagrams(listener, client));
            }
          })
          .connect(new InetSocketAddress(endpoint.ip(), endpoint.port()));
      connecting.put(client, f);
      f.addListener((ChannelFutureListener) done -> {
        connecting.remove(client);
        if (done.isSuccess()) {
          LOG.debug("{}: UDP session of {} to {}", name, client, endpoint);
          sessions.put(client, done.channel());
          done.channel().closeFuture().addListener(c -> {
            sessions.remove(client, done.channel());
            LOG.debug("{}: UDP session of {} to {} ended", name, client, endpoint);
          });
        } else {
          LOG.info("{}: UDP session of {} to {} failed: {}", name, client, endpoint, done.cause().getMessage());
        }
      });
      return f;
    }
  }

  /** The session's side: an endpoint's reply to its client, from the listener's socket; idle ends it. */
  private static final class EndpointDatagrams extends SimpleChannelInboundHandler<DatagramPacket> {
    private final Channel listener;
    private final InetSocketAddress client;

    EndpointDatagrams(Channel listener, InetSocketAddress client) {
      this.listener = listener;
      this.client = client;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      listener.writeAndFlush(new DatagramPacket(packet.content().retain(), client));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof IdleStateEvent) ctx.close();
      else ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      // an ICMP port unreachable from the endpoint: upstream's read failed and ended the session too
      ctx.close();
    }
  }
}
