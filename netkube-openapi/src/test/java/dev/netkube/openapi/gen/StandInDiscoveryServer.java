package dev.netkube.openapi.gen;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.netkube.model.openapi.OpenApiV3;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import dev.netkube.model.Json;

/**
 * TEST-ONLY stand-in for the API server's discovery endpoints (the real ones are being built in
 * netkube-apiserver by another engineer): just enough plain-HTTP /version, /api, /apis, /api/v1 and
 * /openapi/v3 for the real kubectl to run {@code explain} against {@link OpenApiV3}. For apply it
 * also keeps Services under /api/v1/namespaces/default/services/NAME in a map (no validation, no
 * patching: a PATCH answers the stored object) and records every write so tests can see what kubectl sent.
 */
final class StandInDiscoveryServer implements AutoCloseable {
  /** One write kubectl sent: method, path with query, Content-Type, body. */
  record Write(String method, String uri, String contentType, String body) {}

  private final HttpServer http;
  private final Map<String, byte[]> services = new ConcurrentHashMap<>();
  private final List<Write> writes = new CopyOnWriteArrayList<>();

  StandInDiscoveryServer(OpenApiV3 openApi) throws IOException {
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    http.createContext("/", exchange -> {
      try (exchange) {
        if (exchange.getRequestURI().getPath().startsWith("/api/v1/namespaces/")) {
          services(exchange);
        } else {
          route(exchange, openApi);
        }
      }
    });
    http.start();
  }

  String url() { return "http://127.0.0.1:" + http.getAddress().getPort(); }

  List<Write> writes() { return List.copyOf(writes); }

  private void services(HttpExchange ex) throws IOException {
    String path = ex.getRequestURI().getPath();
    String method = ex.getRequestMethod();
    byte[] body = ex.getRequestBody().readAllBytes();
    if (!method.equals("GET")) {
      writes.add(new Write(method, ex.getRequestURI().toString(), ex.getRequestHeaders().getFirst("Content-Type"),
          new String(body, StandardCharsets.UTF_8)));
    }
    int status;
    byte[] answer;
    if (method.equals("POST")) {
      String name = Json.parse(body).path("metadata").path("name").asText();
      services.put(path + "/" + name, body);
      status = 201;
      answer = body;
    } else if (services.containsKey(path)) {
      status = 200;
      answer = services.get(path);
    } else {
      status = 404;
      answer = utf8("""
          {"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"services \"%s\" not found",
           "reason":"NotFound","details":{"name":"%1$s","kind":"services"},"code":404}"""
          .formatted(path.substring(path.lastIndexOf('/') + 1)));
    }
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(status, answer.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(answer);
    }
  }

  private static void route(HttpExchange ex, OpenApiV3 openApi) throws IOException {
    String path = ex.getRequestURI().getPath();
    Optional<byte[]> body = switch (path) {
      case "/version" -> Optional.of(utf8("""
          {"major":"1","minor":"32","gitVersion":"v1.32.9","gitCommit":"0000000000000000000000000000000000000000",
           "gitTreeState":"clean","buildDate":"2025-01-01T00:00:00Z","goVersion":"go1.23.0","compiler":"gc",
           "platform":"linux/amd64"}"""));
      case "/api" -> Optional.of(utf8("""
          {"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[{"clientCIDR":"0.0.0.0/0","serverAddress":"127.0.0.1"}]}"""));
      case "/apis" -> Optional.of(utf8("{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[]}"));
      case "/api/v1" -> Optional.of(utf8("""
          {"kind":"APIResourceList","groupVersion":"v1","resources":[
            {"name":"services","singularName":"service","namespaced":true,"kind":"Service",
             "verbs":["create","delete","deletecollection","get","list","patch","update","watch"],
             "shortNames":["svc"],"categories":["all"]}]}"""));
      case "/openapi/v3" -> Optional.of(openApi.index());
      default -> path.startsWith("/openapi/v3/") ? openApi.document(path.substring("/openapi/v3/".length()))
          : Optional.empty();
    };
    byte[] bytes = body.orElse(utf8("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"NotFound\",\"code\":404}"));
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(body.isPresent() ? 200 : 404, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

  @Override
  public void close() { http.stop(0); }
}
