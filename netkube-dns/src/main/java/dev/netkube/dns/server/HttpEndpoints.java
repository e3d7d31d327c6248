package dev.netkube.dns.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The HTTP side of health ({@code /health}: 200 "OK"), ready ({@code /ready}: 200 "OK" or 503 naming the plugins
 * not ready) and prometheus ({@code /metrics}); one listener per address, kept across reloads while still wanted.
 */
final class HttpEndpoints implements AutoCloseable {
  /** What an address serves, read at request time. */
  record Routes(Supplier<Boolean> health, Supplier<java.util.List<String>> notReady, Supplier<String> metrics) {}

  private final String defaultHost;
  private final Map<String, HttpServer> servers = new HashMap<>();

  HttpEndpoints(String defaultHost) { this.defaultHost = defaultHost; }

  /** Makes sure {@code address} (CoreDNS form: {@code :8080}, {@code localhost:9153}) serves {@code path}. */
  synchronized void serve(String address, String path, Routes routes) throws IOException {
    HttpServer s = servers.get(address);
    if (s == null) {
      s = HttpServer.create(socket(address), 64);
      s.setExecutor(Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dns-http-" + address);
        t.setDaemon(true);
        return t;
      }));
      s.start();
      servers.put(address, s);
    }
    try {
      s.removeContext(path);
    } catch (IllegalArgumentException e) {
      // not there yet
    }
    switch (path) {
      case "/health" -> s.createContext(path, ex -> send(ex, routes.health().get() ? 200 : 503, "text/plain; charset=utf-8", "OK"));
      case "/ready" -> s.createContext(path, ex -> {
        java.util.List<String> waiting = routes.notReady().get();
        if (waiting.isEmpty()) send(ex, 200, "text/plain; charset=utf-8", "OK");
        else send(ex, 503, "text/plain; charset=utf-8", String.join(", ", waiting));
      });
      case "/metrics" -> s.createContext(path, ex -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", routes.metrics().get()));
      default -> throw new IllegalArgumentException(path);
    }
  }

  /** Closes the listeners not in {@code keep}. */
  synchronized void retain(java.util.Set<String> keep) {
    servers.entrySet().removeIf(e -> {
      if (keep.contains(e.getKey())) return false;
      e.getValue().stop(0);
      return true;
    });
  }

  InetSocketAddress socket(String address) {
    int colon = address.lastIndexOf(':');
    String host = address.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    int port = Integer.parseInt(address.substring(colon + 1));
    return new InetSocketAddress(host.isEmpty() ? defaultHost : host, port);
  }

  private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public synchronized void close() {
    servers.values().forEach(s -> s.stop(0));
    servers.clear();
  }
}
