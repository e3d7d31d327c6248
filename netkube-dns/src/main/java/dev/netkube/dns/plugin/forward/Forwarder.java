package dev.netkube.dns.plugin.forward;

import dev.netkube.dns.metrics.DnsMetrics;
import dev.netkube.dns.plugin.Chain;
import dev.netkube.dns.plugin.Handler;
import dev.netkube.dns.plugin.Reply;
import dev.netkube.dns.plugin.Request;
import dev.netkube.dns.plugin.Zones;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * forward's handler: names under FROM (not under an except) go to an upstream chosen by the policy, skipping
 * those down (more than max_fails failures in a row) until a health check ({@code . IN NS}) brings them back;
 * REFUSED past max_concurrent; over TCP when the client asked over TCP, force_tcp, or prefer_udp's truncated answer.
 */
final class Forwarder implements Handler, AutoCloseable {
  /** CoreDNS: 2 s to read one upstream's answer, 5 s for the whole query. */
  static final Duration READ_TIMEOUT = Duration.ofSeconds(2);
  static final Duration QUERY_TIMEOUT = Duration.ofSeconds(5);

  private final ForwardConfig config;
  private final DnsMetrics metrics;
  private final List<Upstream> upstreams = new ArrayList<>();
  private final AtomicInteger inflight = new AtomicInteger();
  private final AtomicInteger roundRobin = new AtomicInteger();
  private final ScheduledExecutorService health;

  Forwarder(ForwardConfig config, DnsMetrics metrics) {
    this.config = config;
    this.metrics = metrics;
    config.to().forEach(a -> upstreams.add(new Upstream(a)));
    this.health = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "forward-health");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public Reply serve(Request request, Chain next) {
    String name = request.name();
    if (!Zones.isSubdomain(name, config.from()) || Zones.match(config.except(), name).isPresent()) return next.serve(request);
    if (config.maxConcurrent() > 0 && inflight.incrementAndGet() > config.maxConcurrent()) {
      inflight.decrementAndGet();
      metrics.forwardMaxConcurrentRejects.inc();
      return Reply.Failure.of(Rcode.REFUSED, "forward", "plugin/forward: concurrent queries exceeded maximum " + config.maxConcurrent());
    }
    try {
      return forward(request);
    } finally {
      if (config.maxConcurrent() > 0) inflight.decrementAndGet();
    }
  }

  private Reply forward(Request request) {
    long deadline = System.nanoTime() + QUERY_TIMEOUT.toNanos();
    List<Upstream> order = ordered();
    List<Upstream> healthy = order.stream().filter(u -> !u.down(config.maxFails())).toList();
    if (healthy.isEmpty()) {
      metrics.forwardHealthcheckBroken.inc();
      if (config.failfastAllUnhealthy()) return Reply.Failure.of(Rcode.SERVFAIL, "forward", "plugin/forward: no healthy proxies");
      healthy = List.of(order.get(ThreadLocalRandom.current().nextInt(order.size()))); // all down: try one anyway
    }
    boolean tcp = config.forceTcp() || (request.protocol().equals("tcp") && !config.preferUdp());
    String last = "plugin/forward: no healthy proxies";
    for (Upstream u : healthy) {
      if (System.nanoTime() > deadline) break;
      long start = System.nanoTime();
      try {
        Message answer = u.exchange(request.query(), tcp, READ_TIMEOUT);
        if (!tcp && answer.getHeader().getFlag(Flags.TC) && (config.preferUdp() || request.protocol().equals("tcp"))) {
          answer = u.exchange(request.query(), true, READ_TIMEOUT); // the whole answer over TCP
        }
        metrics.proxyRequestDuration.observe((System.nanoTime() - start) / 1e9, "forward", u.label(),
            Rcode.string(answer.getRcode()));
        u.fails.set(0);
        return new Reply.Answer(answer, "forward");
      } catch (IOException e) {
        last = e.getMessage() == null ? e.toString() : e.getMessage();
        u.fails.incrementAndGet();
        startHealthCheck(u);
      }
    }
    return Reply.Failure.of(Rcode.SERVFAIL, "forward", last);
  }

  private List<Upstream> ordered() {
    List<Upstream> list = new ArrayList<>(upstreams);
    switch (config.policy()) {
      case RANDOM -> Collections.shuffle(list, ThreadLocalRandom.current());
      case ROUND_ROBIN -> Collections.rotate(list, -Math.floorMod(roundRobin.getAndIncrement(), list.size()));
      case SEQUENTIAL -> { }
    }
    return list;
  }

  /** Probes a failing upstream every health_check until it answers; it is back once it does. */
  private void startHealthCheck(Upstream u) {
    if (config.healthCheck().isZero() || !u.checking.compareAndSet(false, true)) return;
    long every = Math.max(1, config.healthCheck().toMillis());
    AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
    try {
      task.set(health.scheduleWithFixedDelay(() -> {
        // done (this run or one before it set the task): stop; the task may run before it is set
        if ((!u.checking.get() || probe(u)) && task.get() != null) task.get().cancel(false);
      }, every, every, TimeUnit.MILLISECONDS));
    } catch (RejectedExecutionException e) {
      u.checking.set(false); // this Corefile was replaced while the query ran: the new one checks its own
    }
  }

  /** One {@code . IN NS} (or the configured domain) to the upstream; true once it answers. */
  private boolean probe(Upstream u) {
    try {
      Message probe = Message.newQuery(Record.newRecord(Name.fromConstantString(config.healthCheckDomain()), Type.NS, DClass.IN));
      if (!config.healthCheckRecursion()) probe.getHeader().unsetFlag(Flags.RD);
      u.exchange(probe, config.forceTcp(), READ_TIMEOUT);
      u.fails.set(0);
      u.checking.set(false);
      return true;
    } catch (IOException | RuntimeException e) {
      metrics.proxyHealthcheckFailures.inc("forward", u.label());
      u.fails.incrementAndGet();
      return false;
    }
  }

  @Override
  public void close() { health.shutdownNow(); }
}
