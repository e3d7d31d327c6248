package dev.netkube.proxy.health;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP server per healthCheckNodePort, opened and closed as services come and go (after each sync): 200 when
 * the node has local endpoints and the proxy is healthy, else 503, with upstream's headers and body.
 */
public final class ServiceHealthServers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ServiceHealthServers.class);
  private final String bindHost;
  private final ProxyHealth proxy;
  private final Map<Integer, HttpServer> servers = new TreeMap<>();
  private final Map<Integer, ServiceHealth.Check> checks = new ConcurrentHashMap<>();
  private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "proxy-service-health");
    t.setDaemon(true);
    return t;
  });

  /** @param bindHost where the ports listen: 0.0.0.0 in the node's namespace (its addresses) */
  public ServiceHealthServers(String bindHost, ProxyHealth proxy) {
    this.bindHost = bindHost;
    this.proxy = proxy;
  }

  /** Makes the open ports match {@code wanted}. */
  public synchronized void update(Map<Integer, ServiceHealth.Check> wanted) {
    checks.keySet().retainAll(wanted.keySet());
    checks.putAll(wanted);
    for (var it = servers.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      if (!wanted.containsKey(e.getKey())) {
        e.getValue().stop(0);
        it.remove();
      }
    }
    for (int port : wanted.keySet()) {
      if (servers.containsKey(port)) continue;
      try {
        HttpServer s = HttpServer.create(new InetSocketAddress(bindHost, port), 16);
        s.createContext("/", ex -> {
          ServiceHealth.Check c = checks.get(port);
          if (c == null) {
            ex.sendResponseHeaders(404, -1);
            return;
          }
          boolean healthy = proxy.healthy();
          byte[] body = ServiceHealth.body(c, healthy).getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
          ex.getResponseHeaders().set("X-Load-Balancing-Endpoint-Weight", Integer.toString(c.localEndpoints()));
          ex.sendResponseHeaders(c.localEndpoints() > 0 && healthy ? 200 : 503, body.length);
          try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
          }
        });
        s.setExecutor(executor);
        s.start();
        servers.put(port, s);
      } catch (IOException e) {
        LOG.error("healthCheckNodePort {} of {}/{}: cannot listen: {}", port, wanted.get(port).namespace(), wanted.get(port).name(),
            e.getMessage());
      }
    }
  }

  @Override
  public synchronized void close() {
    servers.values().forEach(s -> s.stop(0));
    servers.clear();
    executor.shutdownNow();
  }
}
