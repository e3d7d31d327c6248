package dev.netkube.proxy.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.netkube.model.Json;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A client from the kubeconfig kubeadm gives kube-proxy ({@code kubeconfig.conf} in its ConfigMap): the server,
 * {@code certificate-authority} (a file) and {@code tokenFile}, the pod's projected service-account token, read
 * anew for each request because kubelet rotates it. Client certificates and inline data work too.
 */
public final class KubeconfigClient {
  private KubeconfigClient() {}

  public static KubernetesClient from(Path kubeconfig) {
    JsonNode root;
    try {
      root = Json.parseYaml(Files.readString(kubeconfig));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the kubeconfig " + kubeconfig + ": " + e.getMessage(), e);
    }
    String contextName = root.path("current-context").asText("");
    JsonNode context = named(root.path("contexts"), contextName).path("context");
    JsonNode cluster = named(root.path("clusters"), context.path("cluster").asText("")).path("cluster");
    JsonNode user = named(root.path("users"), context.path("user").asText("")).path("user");
    String server = cluster.path("server").asText("");
    if (server.isEmpty()) throw new IllegalArgumentException("the kubeconfig " + kubeconfig + " names no server for context \"" + contextName + "\"");
    Path base = kubeconfig.toAbsolutePath().getParent();
    ConfigBuilder b = new ConfigBuilder(Config.empty()).withMasterUrl(server).withRequestTimeout(30_000)
        .withConnectionTimeout(10_000).withOnlyHttpWatches(true);
    text(cluster, "certificate-authority").ifPresent(f -> b.withCaCertFile(base.resolve(f).toString()));
    text(cluster, "certificate-authority-data").ifPresent(b::withCaCertData);
    text(user, "client-certificate").ifPresent(f -> b.withClientCertFile(base.resolve(f).toString()));
    text(user, "client-certificate-data").ifPresent(b::withClientCertData);
    text(user, "client-key").ifPresent(f -> b.withClientKeyFile(base.resolve(f).toString()));
    text(user, "client-key-data").ifPresent(b::withClientKeyData);
    text(user, "token").ifPresent(b::withOauthToken);
    Config config = b.build();
    text(user, "tokenFile").ifPresent(f -> {
      Path tokenFile = base.resolve(f);
      config.setOauthTokenProvider(() -> {
        try {
          return Files.readString(tokenFile).strip();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read the token file " + tokenFile + ": " + e.getMessage(), e);
        }
      });
    });
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static JsonNode named(JsonNode list, String name) {
    for (JsonNode e : list) if (name.equals(e.path("name").asText())) return e;
    return Json.object();
  }

  private static java.util.Optional<String> text(JsonNode node, String field) {
    String v = node.path(field).asText("");
    return v.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(v);
  }
}
