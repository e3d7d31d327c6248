package dev.netkube.cli.server;

import dev.netkube.apiserver.ApiServer;
import dev.netkube.apiserver.ApiServerConfig;
import dev.netkube.cli.NetkubeHome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * The training run for the server's class data sharing archive: starts a real API server in a
 * scratch folder on a free loopback port and sends it the requests `kubectl apply/get/describe`
 * send (discovery, OpenAPI, create, patch, table, watch, delete), so the archive holds the
 * classes a real server start and its first requests load. Touches nothing outside that folder.
 */
@Command(name = "cds-training-server", hidden = true, description = "Internal: training run for the server's CDS archive.")
public final class ServerCdsTrainingCommand implements Callable<Integer> {
  private static final String SERVICE = "{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"cds\"},"
      + "\"spec\":{\"selector\":{\"app\":\"cds\"},\"ports\":[{\"port\":80}]}}";

  @Parameters(index = "0", description = "An empty scratch folder.")
  Path scratch;

  @Override
  public Integer call() throws Exception {
    NetkubeHome home = new NetkubeHome(scratch.resolve("home"));
    ApiServerConfig config = new ApiServerConfig(home.dir(), List.of("127.0.0.1"), 0,
        new ApiServerConfig.StoreConfig.Sqlite(home.dir().resolve("data/state.db")));
    try (ControlPlane controlPlane = ControlPlane.start(config)) {
      ApiServer server = controlPlane.server();
      HttpClient http = HttpClient.newBuilder()
          .sslContext(ReadinessProbe.sslContext(ClusterCredentials.load(home).orElseThrow()))
          .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
      String base = "https://127.0.0.1:" + server.port();
      String aggregated = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";
      String table = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json";
      send(http, get(base + "/version", "application/json"));
      send(http, get(base + "/api", aggregated));
      send(http, get(base + "/apis", aggregated));
      send(http, get(base + "/openapi/v3", "application/json"));
      send(http, get(base + "/openapi/v3/api/v1", "application/json"));
      String services = base + "/api/v1/namespaces/default/services";
      send(http, HttpRequest.newBuilder(URI.create(services + "?fieldManager=kubectl-client-side-apply&fieldValidation=Strict"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(SERVICE)).build());
      send(http, HttpRequest.newBuilder(URI.create(services + "/cds?fieldManager=kubectl-client-side-apply"))
          .header("Content-Type", "application/strategic-merge-patch+json")
          .method("PATCH", HttpRequest.BodyPublishers.ofString("{\"metadata\":{\"labels\":{\"a\":\"b\"}}}")).build());
      send(http, get(services, table));
      send(http, get(services + "?watch=1&timeoutSeconds=1", table));
      // The controllers' classes too (fabric8, informers): they load right after every start.
      controlPlane.controllers().get(60, java.util.concurrent.TimeUnit.SECONDS).ready().get(60, java.util.concurrent.TimeUnit.SECONDS);
      send(http, HttpRequest.newBuilder(URI.create(services + "/cds")).DELETE().build());
    }
    return 0;
  }

  private static HttpRequest get(String url, String accept) {
    return HttpRequest.newBuilder(URI.create(url)).header("Accept", accept).GET().build();
  }

  private static void send(HttpClient http, HttpRequest request) throws Exception {
    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) System.err.println("cds-training-server: " + request.uri() + " -> " + r.statusCode());
  }
}
