package dev.netkube.proxy.userspace;

/** One running listener of a service port (TCP or UDP), bound on the node; close() stops it. */
interface ServiceListener extends AutoCloseable {
  /** The node port it listens on: what its portal rules redirect to. */
  int port();

  /** Stops accepting; TCP connections already relayed go on (upstream's), UDP sessions end. */
  @Override
  void close();
}
