package dev.netkube.controllers.runtime;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** fabric8 clients for in-process components: a server URL and PEM credentials, no kubeconfig lookups. */
public final class Clients {
  private Clients() {}

  public static KubernetesClient forServer(String url, String caPem, String certificatePem, String keyPem) {
    Config config = new ConfigBuilder(Config.empty())
        .withMasterUrl(url)
        .withCaCertData(base64(caPem))
        .withClientCertData(base64(certificatePem))
        .withClientKeyData(base64(keyPem))
        .withClientKeyAlgo("RSA")
        .withRequestTimeout(30_000)
        .withConnectionTimeout(10_000)
        .withMaxConcurrentRequests(256)
        .withMaxConcurrentRequestsPerHost(64)
        .withOnlyHttpWatches(true) // kube-apiserver's chunked watch stream, as client-go uses; no WebSocket upgrade
        .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  private static String base64(String pem) {
    return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
  }
}
