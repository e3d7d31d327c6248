package dev.netkube.proxy.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.netkube.proxy.health.ProxyHealth;
import dev.netkube.proxy.metrics.ProxyMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * kube-proxy's two HTTP servers: health (/healthz, /livez on healthzBindAddress, 0.0.0.0:10256) and metrics
 * (/metrics and /proxyMode on metricsBindAddress, 127.0.0.1:10249). In the node's namespace, so 0.0.0.0 is the
 * node's addresses, not the host's.
 */
public final class ProxyHttp implements AutoCloseable {
  private final HttpServer health;
  private final HttpServer metrics;

  private ProxyHttp(HttpServer health, HttpServer metrics) {
    this.health = health;
    this.metrics = metrics;
  }

  public static ProxyHttp start(String healthAddress, String metricsAddress, ProxyHealth state, ProxyMetrics counters,
      String mode) throws IOException {
    HttpServer h = HttpServer.create(address(healthAddress), 16);
    h.createContext("/healthz", ex -> health(ex, state));
    h.createContext("/livez", ex -> health(ex, state));
    HttpServer m = HttpServer.create(address(metricsAddress), 16);
    m.createContext("/metrics", ex -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", counters.text()));
    m.createContext("/proxyMode", ex -> send(ex, 200, "text/plain; charset=utf-8", mode));
    m.createContext("/healthz", ex -> health(ex, state));
    // one thread each: scrapes are rare and small
    h.setExecutor(Executors.newSingleThreadExecutor(daemon("proxy-healthz")));
    m.setExecutor(Executors.newSingleThreadExecutor(daemon("proxy-metrics")));
    h.start();
    m.start();
    return new ProxyHttp(h, m);
  }

  private static void health(HttpExchange ex, ProxyHealth state) throws IOException {
    ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
    send(ex, state.healthy() ? 200 : 503, "application/json", state.body());
  }

  private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  static InetSocketAddress address(String ipPort) {
    int colon = ipPort.lastIndexOf(':');
    String host = ipPort.substring(0, colon);
    if (host.startsWith("[")) host = host.substring(1, host.length() - 1);
    return new InetSocketAddress(host, Integer.parseInt(ipPort.substring(colon + 1)));
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  public int healthPort() { return health.getAddress().getPort(); }

  public int metricsPort() { return metrics.getAddress().getPort(); }

  @Override
  public void close() {
    health.stop(0);
    metrics.stop(0);
  }
}
