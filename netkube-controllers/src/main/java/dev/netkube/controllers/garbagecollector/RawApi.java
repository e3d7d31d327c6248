package dev.netkube.controllers.garbagecollector;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.model.Json;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.http.HttpClient;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * JSON requests to any resource URL over the client's HTTP connection (its TLS and credentials):
 * the collector works on every resource type, including ones no Java class describes, and needs
 * DeleteOptions with preconditions.
 */
final class RawApi {
  record Response(int code, JsonNode body) {
    boolean ok() { return code >= 200 && code < 300; }
  }

  private final HttpClient http;
  private final String base;

  RawApi(KubernetesClient client) {
    this.http = client.getHttpClient();
    String url = client.getMasterUrl().toString();
    this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  Response send(String method, String path, String accept, String contentType, String body) {
    HttpRequest.Builder b = http.newHttpRequestBuilder().uri(base + path).header("Accept", accept);
    if (body == null) b.method(method, null, (String) null);
    else b.method(method, contentType, body);
    try {
      HttpResponse<String> r = http.sendAsync(b.build(), String.class).get(30, TimeUnit.SECONDS);
      String text = r.body();
      JsonNode json = text == null || text.isEmpty() ? Json.object() : Json.parse(text);
      return new Response(r.code(), json);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KubernetesClientException("interrupted: " + method + " " + path);
    } catch (ExecutionException | TimeoutException | IOException e) {
      throw new KubernetesClientException(method + " " + path + " failed: " + e, e);
    }
  }

  /** The object at {@code path}; empty on 404. Other errors throw (the caller's work is retried). */
  Optional<JsonNode> get(String path) {
    Response r = send("GET", path, "application/json", null, null);
    if (r.code() == 404) return Optional.empty();
    return Optional.of(check("GET", path, r));
  }

  static JsonNode check(String method, String path, Response r) {
    if (r.ok()) return r.body();
    throw new KubernetesClientException(method + " " + path + ": " + r.code() + " "
        + r.body().path("message").asText(""), r.code(), null);
  }
}
