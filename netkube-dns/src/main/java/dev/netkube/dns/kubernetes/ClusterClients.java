package dev.netkube.dns.kubernetes;

import dev.netkube.dns.plugin.kubernetes.ClusterSource;
import dev.netkube.dns.plugin.kubernetes.KubernetesConfig;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Where the kubernetes plugin connects, as CoreDNS: {@code kubeconfig FILE [CONTEXT]}, else {@code endpoint URL},
 * else in cluster (KUBERNETES_SERVICE_HOST/PORT, the pod's service-account token re-read per request, its CA).
 * One informer set per connection, shared by every block and kept across reloads.
 */
public final class ClusterClients implements Function<KubernetesConfig, ClusterSource>, AutoCloseable {
  static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

  private record Key(String kubeconfig, String context, String endpoint, boolean verified, boolean noEndpoints) {}

  private final Map<String, String> env;
  private final Map<Key, InformerClusterSource> sources = new HashMap<>();
  private final Map<Key, KubernetesClient> clients = new HashMap<>();

  public ClusterClients(Map<String, String> env) { this.env = env; }

  @Override
  public synchronized ClusterSource apply(KubernetesConfig config) {
    Key key = new Key(config.kubeconfig().orElse(""), config.kubeconfigContext().orElse(""), config.endpoint().orElse(""),
        config.pods() == KubernetesConfig.PodMode.VERIFIED, config.noEndpoints());
    return sources.computeIfAbsent(key, k -> {
      KubernetesClient client = client(config);
      clients.put(k, client);
      return InformerClusterSource.start(client, config);
    });
  }

  KubernetesClient client(KubernetesConfig config) {
    Config c;
    if (config.kubeconfig().isPresent()) {
      try {
        c = Config.fromKubeconfig(config.kubeconfigContext().orElse(null), Files.readString(Path.of(config.kubeconfig().get())),
            config.kubeconfig().get());
      } catch (IOException e) {
        throw new UncheckedIOException("plugin/kubernetes: cannot read kubeconfig " + config.kubeconfig().get() + ": " + e.getMessage(), e);
      }
    } else {
      String master = config.endpoint().orElseGet(() -> {
        String host = env.get("KUBERNETES_SERVICE_HOST");
        String port = env.getOrDefault("KUBERNETES_SERVICE_PORT", "443");
        if (host == null) throw new IllegalStateException("plugin/kubernetes: not in a cluster (no KUBERNETES_SERVICE_HOST) "
            + "and no endpoint or kubeconfig in the Corefile");
        return "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
      });
      ConfigBuilder b = new ConfigBuilder(Config.empty()).withMasterUrl(master).withRequestTimeout(30_000)
          .withConnectionTimeout(10_000);
      Path ca = SERVICE_ACCOUNT.resolve("ca.crt");
      if (Files.exists(ca)) b.withCaCertFile(ca.toString());
      c = b.build();
      Path token = SERVICE_ACCOUNT.resolve("token");
      if (Files.exists(token)) {
        c.setOauthTokenProvider(() -> {
          try {
            return Files.readString(token).strip(); // kubelet rotates it
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      }
    }
    c.setOnlyHttpWatches(true); // watches as chunked HTTP streams, however it connects (no WebSocket upgrade)
    return new KubernetesClientBuilder().withConfig(c).build();
  }

  @Override
  public synchronized void close() {
    sources.values().forEach(InformerClusterSource::close);
    clients.values().forEach(KubernetesClient::close);
    sources.clear();
    clients.clear();
  }
}
