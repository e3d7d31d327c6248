package dev.netkube.proxy.userspace;

import dev.netkube.proxy.config.PortRange;
import dev.netkube.proxy.conntrack.ConntrackCommand;
import dev.netkube.proxy.conntrack.ConntrackFlush;
import dev.netkube.proxy.health.ProxyHealth;
import dev.netkube.proxy.iptables.IptablesCommand;
import dev.netkube.proxy.metrics.ProxyMetrics;
import dev.netkube.proxy.model.Endpoint;
import dev.netkube.proxy.model.Ipv4;
import dev.netkube.proxy.model.NodeFacts;
import dev.netkube.proxy.model.Protocol;
import dev.netkube.proxy.model.ServicePort;
import dev.netkube.proxy.server.ClusterState;
import dev.netkube.proxy.server.Proxier;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-proxy's userspace mode (upstream's until 1.25): a listener on this node per service port (TCP and UDP,
 * Netty), the round robin choosing each connection's endpoint and retrying the next when a connect fails, and
 * "portal" rules in iptables sending the service's traffic to its listener. Each sync opens the listeners new
 * ports need, rewrites every portal chain with one iptables-restore, then closes the listeners of ports that went.
 * The listeners bind every address (upstream's default bindAddress 0.0.0.0) and connect to endpoints from the
 * node's own address, so endpoints see the node, not the client; Local traffic policies are not honoured, as
 * upstream's userspace proxy never did. Syncs run on the sync runner's single thread; connections on Netty's.
 */
public final class UserspaceProxier implements Proxier {
  private static final Logger LOG = LoggerFactory.getLogger(UserspaceProxier.class);
  private static final Duration RETRY = Duration.ofSeconds(1);
  private static final String ANY = "0.0.0.0";

  private final NodeFacts node;
  private final ClusterState state;
  private final IptablesCommand iptables;
  private final ConntrackCommand conntrack;
  private final ProxyMetrics metrics;
  private final ProxyHealth health;
  private final Clock clock;
  private final Consumer<ClusterState.Snapshot> afterSync;
  private final Duration udpIdleTimeout;
  private final ProxyPortAllocator ports;
  private final Transport transport = Transport.best();
  private final EventLoopGroup group;
  private final Random shuffle = new Random();
  private final Map<ListenerKey, Running> listeners = new TreeMap<>();
  private final Map<PortalRules.HeldPort, Channel> held = new TreeMap<>();

  /** A listener, its balancer and the service port it last served (for the UDP conntrack cleanup). */
  private record Running(ServiceListener listener, RoundRobin balancer, ServicePort port) {}

  public UserspaceProxier(NodeFacts node, ClusterState state, IptablesCommand iptables, ConntrackCommand conntrack,
      ProxyMetrics metrics, ProxyHealth health, Clock clock, Consumer<ClusterState.Snapshot> afterSync, PortRange portRange,
      Duration udpIdleTimeout) {
    this.node = node;
    this.state = state;
    this.iptables = iptables;
    this.conntrack = conntrack;
    this.metrics = metrics;
    this.health = health;
    this.clock = clock;
    this.afterSync = afterSync;
    this.udpIdleTimeout = udpIdleTimeout;
    this.ports = new ProxyPortAllocator(portRange, new Random());
    this.group = transport.group(Math.max(2, Runtime.getRuntime().availableProcessors()));
  }

  @Override
  public SyncOutcome sync() {
    long started = System.nanoTime();
    List<Instant> triggers = state.takeTriggers();
    ClusterState.Snapshot snapshot = state.snapshot();
    ListenerPlan plan = ListenerPlan.between(listeners.keySet(), snapshot.ports());
    plan.skipped().forEach(p -> LOG.warn("{}: SCTP is not proxied in userspace mode (upstream's never was)", p.name()));
    for (ListenerKey key : plan.open()) open(key);
    List<ProxiedPort> proxied = new ArrayList<>();
    for (ServicePort sp : snapshot.ports()) {
      Running r = listeners.get(ListenerKey.of(sp));
      if (r == null) continue; // SCTP, or its listener could not bind (logged; retried next sync)
      r.balancer().update(usable(snapshot.endpoints().getOrDefault(sp.name(), List.of())), sp.sessionAffinity());
      listeners.put(ListenerKey.of(sp), new Running(r.listener(), r.balancer(), sp));
      proxied.add(new ProxiedPort(sp, r.listener().port()));
    }
    Optional<String> hostIp = hostIp();
    if (hostIp.isEmpty()) return failed(triggers, "no IPv4 address to DNAT the node's own traffic to (the Node has no InternalIP)");
    Set<String> local = localAddresses();
    String text = PortalRules.restoreText(proxied, hostIp.get(), Jumps.missing("nat", saved("nat")), Jumps.missing("filter", saved("filter")));
    if (iptables.restore(text) instanceof IptablesCommand.Result.Failed f) return failed(triggers, f.error());
    hold(PortalRules.heldPorts(proxied, local));
    // only now: until the rules changed, they still sent traffic to these listeners
    List<ConntrackFlush> stale = new ArrayList<>();
    for (ListenerKey key : plan.close()) stale.addAll(close(key));
    if (!stale.isEmpty()) conntrack.flush(stale);
    Instant now = clock.instant();
    listeners.values().forEach(r -> r.balancer().forgetExpired(now));
    afterSync.accept(snapshot);
    double seconds = (System.nanoTime() - started) / 1e9;
    metrics.syncDuration.observe(seconds);
    metrics.fullSyncDuration.observe(seconds); // every userspace sync rewrites all portals
    metrics.synced(clock.millis() / 1000.0);
    for (Instant t : triggers) metrics.networkProgramming.observe(Duration.between(t, now).toMillis() / 1000.0);
    health.updated();
    if (!plan.open().isEmpty() || !plan.close().isEmpty()) {
      LOG.info("userspace sync: {} listeners ({} opened, {} closed) in {} ms", listeners.size(), plan.open().size(),
          plan.close().size(), Math.round(seconds * 1000));
    }
    return new SyncOutcome.Synced(Optional.empty());
  }

  /** The endpoints a new connection may take: ready ones, as upstream's userspace proxy took Endpoints' addresses. */
  static List<Endpoint> usable(List<Endpoint> endpoints) {
    return endpoints.stream().filter(Endpoint::ready).toList();
  }

  private SyncOutcome failed(List<Instant> triggers, String error) {
    state.requeue(triggers);
    metrics.syncFailures.incrementAndGet();
    LOG.error("userspace sync failed (retried in {} s): {}", RETRY.toSeconds(), error);
    return new SyncOutcome.Failed(error, RETRY);
  }

  private void open(ListenerKey key) {
    RoundRobin balancer = new RoundRobin(shuffle);
    // a port of the range may be taken by another program: try a few
    for (int tries = 0; tries < 10; tries++) {
      OptionalInt port = ports.next();
      if (port.isEmpty()) {
        LOG.error("{}: port allocation failed; there are no remaining ports left to allocate in the accepted range", key);
        return;
      }
      try {
        ServiceListener l = key.protocol() == Protocol.UDP
            ? UdpListener.bind(key.name(), ANY, port.getAsInt(), group, transport, balancer, clock, udpIdleTimeout)
            : TcpListener.bind(key.name(), ANY, port.getAsInt(), group, transport, balancer, clock);
        listeners.put(key, new Running(l, balancer, null));
        LOG.info("Proxying for service {} on {} port {}", key.name(), key.protocol(), l.port());
        return;
      } catch (Exception e) {
        LOG.warn("{}: cannot listen on port {}: {}", key, port.getAsInt(), e.getMessage());
        if (Thread.currentThread().isInterrupted()) return;
      }
    }
  }

  /** Stops a listener; for UDP, the conntrack entries that REDIRECTed its clients to its port would now lead nowhere. */
  private List<ConntrackFlush> close(ListenerKey key) {
    Running r = listeners.remove(key);
    if (r == null) return List.of();
    r.listener().close();
    ports.release(r.listener().port());
    LOG.info("Stopped proxying for service {} on {}", key.name(), key.protocol());
    if (key.protocol() != Protocol.UDP || r.port() == null) return List.of();
    List<ConntrackFlush> out = new ArrayList<>();
    for (String ip : r.port().clusterIps()) out.add(new ConntrackFlush.ToServiceIp(ip, r.port().port()));
    return out;
  }

  /** Holds node ports (and local external IPs' ports) open so that nothing else takes them; releases the rest. */
  private void hold(SortedSet<PortalRules.HeldPort> wanted) {
    for (PortalRules.HeldPort gone : new TreeSet<>(held.keySet())) {
      if (!wanted.contains(gone)) held.remove(gone).close();
    }
    for (PortalRules.HeldPort h : wanted) {
      if (held.containsKey(h)) continue;
      try {
        InetSocketAddress at = new InetSocketAddress(h.ip(), h.port());
        Channel ch = h.protocol() == Protocol.UDP
            ? new Bootstrap().group(group).channel(transport.datagram()).handler(new ChannelInboundHandlerAdapter()).bind(at).sync().channel()
            : new ServerBootstrap().group(group).channel(transport.server()).childOption(ChannelOption.AUTO_READ, false)
                .childHandler(new ChannelInboundHandlerAdapter()).bind(at).sync().channel();
        held.put(h, ch);
      } catch (Exception e) {
        LOG.warn("can't open node port for {}:{}/{}: {}", h.ip(), h.port(), h.protocol(), e.getMessage());
      }
    }
  }

  /** Upstream's hostIP: the bind address, else the node's address (netkube: its InternalIP, else a local one). */
  private Optional<String> hostIp() {
    Optional<String> primary = node.primaryIp();
    if (primary.isPresent()) return primary;
    return localAddresses().stream().filter(ip -> !ip.startsWith("127.")).findFirst();
  }

  private static Set<String> localAddresses() {
    Set<String> out = new TreeSet<>();
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        nic.getInterfaceAddresses().forEach(a -> {
          if (a.getAddress() instanceof Inet4Address v4 && Ipv4.isIpv4(v4.getHostAddress())) out.add(v4.getHostAddress());
        });
      }
    } catch (SocketException e) {
      LOG.warn("cannot list local addresses, assuming external IPs are not local: {}", e.getMessage());
    }
    return out;
  }

  private String saved(String table) {
    return iptables.save(table) instanceof IptablesCommand.Result.Ok ok ? ok.output() : "";
  }

  /** Stops the listeners and held ports; the portal rules stay, as upstream's did (its next start rewrites them). */
  @Override
  public void close() {
    new ArrayList<>(listeners.keySet()).forEach(this::close);
    held.values().forEach(Channel::close);
    held.clear();
    group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
  }
}
