package dev.netkube.e2e.proxy;

import dev.netkube.proxy.server.ProxyServer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The proxy in this JVM (nftables: it drives nft and conntrack in the node namespace with `ip netns exec`). */
record InJvmProxy(ProxyServer server) implements ProxyUnderTest {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Override
  public int healthPort() { return server.http().orElseThrow().healthPort(); }

  @Override
  public int metricsPort() { return server.http().orElseThrow().metricsPort(); }

  @Override
  public Optional<HttpAnswer> get(int port, String path) throws Exception {
    try {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
          .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
      Map<String, String> headers = new TreeMap<>();
      r.headers().map().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
      return Optional.of(new HttpAnswer(r.statusCode(), headers, r.body()));
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() { server.close(); }
}
