package dev.netkube.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.cli.server.ClusterCredentials;
import dev.netkube.cli.server.ReadinessProbe;
import dev.netkube.model.Json;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Watch from a resourceVersion, 410 once compacted, bookmarks, and consistent paged lists, over real HTTPS. */
class WatchAndPagingE2ETest extends ClusterTestBase {
  private HttpClient http;
  private String base;

  @Override
  protected void afterStart() throws Exception {
    var pki = cluster.server().pki();
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .sslContext(ReadinessProbe.sslContext(
            new ClusterCredentials(pki.caCertificatePem(), pki.adminCertificatePem(), pki.adminKeyPem())))
        .build();
    base = "https://127.0.0.1:" + cluster.port() + "/api/v1/namespaces/default/configmaps";
  }

  private JsonNode create(String name) throws Exception {
    String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\"}}";
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return Json.parse(r.body());
  }

  private JsonNode get(String query) throws Exception {
    return Json.parse(http.send(HttpRequest.newBuilder(URI.create(base + query)).build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }

  /**
   * The first {@code n} watch events from a watch URL (the stream ends after timeoutSeconds), but
   * for the namespace's kube-root-ca.crt, which the root CA publisher may add at any moment.
   */
  private List<JsonNode> watch(String query, int n) throws Exception {
    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base + query)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    List<JsonNode> events = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
      for (String line; events.size() < n && (line = in.readLine()) != null; ) {
        JsonNode event = Json.parse(line);
        if (!event.path("object").path("metadata").path("name").asText().equals("kube-root-ca.crt")) events.add(event);
      }
    }
    return events;
  }

  @Test
  void watchFromAResourceVersionReplaysHistoryThenGoneOnceCompacted() throws Exception {
    String rv = create("w-1").path("metadata").path("resourceVersion").asText();
    create("w-2");
    create("w-3");
    List<JsonNode> events = watch("?watch=1&timeoutSeconds=5&resourceVersion=" + rv, 2);
    assertThat(events).extracting(e -> e.path("type").asText() + " " + e.path("object").path("metadata").path("name").asText())
        .containsExactly("ADDED w-2", "ADDED w-3");

    cluster.server().store().compact(cluster.server().store().currentRevision());
    List<JsonNode> gone = watch("?watch=1&timeoutSeconds=5&resourceVersion=" + rv, 1);
    assertThat(gone.get(0).path("type").asText()).isEqualTo("ERROR");
    JsonNode status = gone.get(0).path("object");
    assertThat(status.path("code").asInt()).isEqualTo(410);
    assertThat(status.path("reason").asText()).isEqualTo("Expired");
    assertThat(status.path("message").asText()).startsWith("too old resource version: " + rv + " (");
  }

  @Test
  void initialEventsEndWithABookmark() throws Exception {
    create("b-1");
    List<JsonNode> events = watch("?watch=1&timeoutSeconds=5&allowWatchBookmarks=true&sendInitialEvents=true"
        + "&resourceVersionMatch=NotOlderThan&fieldSelector=metadata.name%3Db-1", 2);
    assertThat(events.get(0).path("type").asText()).isEqualTo("ADDED");
    assertThat(events.get(1).path("type").asText()).isEqualTo("BOOKMARK");
    assertThat(events.get(1).path("object").path("metadata").path("annotations").path("k8s.io/initial-events-end")
        .asText()).isEqualTo("true");
  }

  @Test
  void pagedListsKeepOneRevision() throws Exception {
    for (int i = 0; i < 5; i++) create("p-" + i);
    JsonNode first = get("?limit=2&labelSelector=&fieldSelector=");
    assertThat(first.path("items")).hasSize(2);
    String cont = first.path("metadata").path("continue").asText();
    assertThat(cont).isNotEmpty();
    create("p-later");
    List<String> names = new ArrayList<>();
    first.path("items").forEach(i -> names.add(i.path("metadata").path("name").asText()));
    JsonNode page = first;
    while (!page.path("metadata").path("continue").asText().isEmpty()) {
      page = get("?limit=2&continue=" + page.path("metadata").path("continue").asText());
      assertThat(page.path("metadata").path("resourceVersion").asText())
          .isEqualTo(first.path("metadata").path("resourceVersion").asText());
      page.path("items").forEach(i -> names.add(i.path("metadata").path("name").asText()));
    }
    assertThat(names).contains("p-0", "p-4").doesNotContain("p-later");
    assertThat(kubectl.run("get", "cm", "--chunk-size=2", "-o", "name").ok().out()).contains("configmap/p-later");
  }
}
