package dev.netkube.dns.server;

import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.plugin.health.HealthSetup;
import dev.netkube.dns.plugin.prometheus.PrometheusSetup;
import dev.netkube.dns.plugin.reload.ReloadSetup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * netkube's CoreDNS: the Corefile loaded and started, its ports listened on, health/ready/metrics served; with
 * {@code reload}, the file's SHA-512 watched and a changed Corefile swapped in without dropping a query (the old
 * generation answers until the new one is live), a broken one logged and the running one kept.
 */
public final class DnsServer implements AutoCloseable {
  private final Path corefile;
  private final CorefileLoader loader;
  private final ServerServices services;
  private final DnsListeners listeners;
  private final HttpEndpoints http;
  private final ExecutorService workers;
  private final ScheduledExecutorService timer;
  private volatile Generation current;
  private volatile String sha512;
  private volatile boolean shuttingDown;

  private DnsServer(Path corefile, CorefileLoader loader, ServerServices services, String bindHost) {
    this.corefile = corefile;
    this.loader = loader;
    this.services = services;
    AtomicInteger n = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(Math.max(8, Runtime.getRuntime().availableProcessors() * 4), r -> {
      Thread t = new Thread(r, "dns-worker-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "dns-reload");
      t.setDaemon(true);
      return t;
    });
    this.listeners = new DnsListeners(bindHost, workers, () -> current);
    this.http = new HttpEndpoints(bindHost);
  }

  /** Loads {@code corefile} and serves it; a broken Corefile is a {@link CorefileException} (CoreDNS exits). */
  public static DnsServer start(Path corefile, CorefileLoader loader, ServerServices services, String bindHost)
      throws Exception {
    DnsServer s = new DnsServer(corefile, loader, services, bindHost);
    try {
      String text = Files.readString(corefile);
      LoadedCorefile loaded = loader.load(corefile.toString(), text);
      loaded.warnings().forEach(services.log());
      s.current = Generation.start(loaded, services);
      s.sha512 = sha512(text);
      for (int port : s.current.ports()) s.listeners.open(port);
      s.applyHttp();
      s.scheduleReload();
    } catch (Exception e) {
      s.closeNow();
      throw e;
    }
    return s;
  }

  public Generation generation() { return current; }

  /** Checks the Corefile now; true when a changed one was loaded. */
  public synchronized boolean reloadNow() {
    String text;
    try {
      text = Files.readString(corefile);
    } catch (IOException e) {
      services.log().accept("[ERROR] plugin/reload: " + e.getMessage());
      return false;
    }
    String hash = sha512(text);
    if (hash.equals(sha512)) return false;
    services.log().accept("[INFO] Reloading");
    Generation next;
    try {
      LoadedCorefile loaded = loader.load(corefile.toString(), text);
      loaded.warnings().forEach(services.log());
      next = Generation.start(loaded, services);
    } catch (CorefileException e) {
      return failed(hash, e.getMessage());
    } catch (Exception e) {
      return failed(hash, e.toString());
    }
    Generation old = current;
    try {
      for (int port : next.ports()) if (!listeners.ports().contains(port)) listeners.open(port);
    } catch (Exception e) {
      next.close();
      return failed(hash, "listen: " + e.getMessage());
    }
    current = next;
    sha512 = hash;
    for (int port : listeners.ports()) if (!next.ports().contains(port)) listeners.closePort(port);
    try {
      applyHttp();
    } catch (IOException e) {
      services.log().accept("[ERROR] plugin/reload: " + e.getMessage());
    }
    old.close();
    services.log().accept("[INFO] plugin/reload: Running configuration SHA512 = " + hash);
    services.log().accept("[INFO] Reloading complete");
    return true;
  }

  private boolean failed(String hash, String message) {
    services.metrics().reloadFailed.inc();
    services.log().accept("[ERROR] Restart failed: " + message);
    sha512 = hash; // the broken text is not tried again until it changes
    return false;
  }

  private void scheduleReload() {
    Optional<ReloadSetup.Config> reload = current.reload();
    if (reload.isEmpty()) return;
    Duration interval = reload.get().interval();
    long jitter = reload.get().jitter().toMillis();
    long delay = interval.toMillis() + (jitter == 0 ? 0 : ThreadLocalRandom.current().nextLong(-jitter, jitter + 1));
    timer.schedule(() -> {
      if (shuttingDown) return;
      try {
        reloadNow();
      } finally {
        scheduleReload();
      }
    }, Math.max(1, delay), TimeUnit.MILLISECONDS);
  }

  private void applyHttp() throws IOException {
    Set<String> wanted = new HashSet<>();
    HttpEndpoints.Routes routes = new HttpEndpoints.Routes(() -> true, () -> current.notReady(),
        () -> services.metrics().registry.text());
    Optional<HealthSetup.Config> health = current.health();
    if (health.isPresent()) {
      http.serve(health.get().address(), "/health", routes);
      wanted.add(health.get().address());
    }
    current.ready().ifPresent(r -> wanted.add(r.address()));
    if (current.ready().isPresent()) http.serve(current.ready().get().address(), "/ready", routes);
    for (PrometheusSetup.Config p : current.prometheus()) {
      http.serve(p.address(), "/metrics", routes);
      wanted.add(p.address());
    }
    http.retain(wanted);
  }

  /** Stops: with health's lameduck, keeps answering (and /health 200) that long first, as CoreDNS. */
  @Override
  public void close() {
    shuttingDown = true;
    Duration lameduck = current == null ? Duration.ZERO : current.health().map(HealthSetup.Config::lameduck).orElse(Duration.ZERO);
    if (!lameduck.isZero()) {
      services.log().accept("[INFO] plugin/health: Going into lameduck mode for " + dev.netkube.dns.plugin.GoDuration.format(lameduck));
      try {
        Thread.sleep(lameduck.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    closeNow();
  }

  private void closeNow() {
    shuttingDown = true;
    timer.shutdownNow();
    listeners.close();
    http.close();
    workers.shutdownNow();
    if (current != null) current.close();
  }

  static String sha512(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
