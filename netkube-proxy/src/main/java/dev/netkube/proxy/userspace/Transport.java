package dev.netkube.proxy.userspace;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;

/** Netty's channel classes for this machine: epoll on Linux, NIO elsewhere (as the API server picks them). */
record Transport(Class<? extends ServerChannel> server, Class<? extends SocketChannel> socket,
    Class<? extends DatagramChannel> datagram, boolean epoll) {

  static Transport best() {
    return Epoll.isAvailable()
        ? new Transport(EpollServerSocketChannel.class, EpollSocketChannel.class, EpollDatagramChannel.class, true)
        : new Transport(NioServerSocketChannel.class, NioSocketChannel.class, NioDatagramChannel.class, false);
  }

  EventLoopGroup group(int threads) {
    return new MultiThreadIoEventLoopGroup(threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
  }
}
