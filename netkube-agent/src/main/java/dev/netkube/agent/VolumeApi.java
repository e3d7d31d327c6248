package dev.netkube.agent;

import dev.netkube.agent.pods.EnvSources;
import dev.netkube.agent.volumes.PodVolumes;
import dev.netkube.agent.volumes.TokenRefresh;
import dev.netkube.agent.volumes.VolumeSources;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The volumes' view of the API: ConfigMaps and Secrets as env reads them, and TokenRequests bound to the pod as kubelet sends them. */
final class VolumeApi implements PodVolumes.Api {
  private final KubernetesClient client;
  private final EnvSources.Lookup lookup;

  VolumeApi(KubernetesClient client, EnvSources.Lookup lookup) {
    this.client = client;
    this.lookup = lookup;
  }

  @Override public Optional<ConfigMap> configMap(String namespace, String name) { return lookup.configMap(namespace, name); }

  @Override public Optional<Secret> secret(String namespace, String name) { return lookup.secret(namespace, name); }

  @Override
  public TokenRefresh token(String namespace, String serviceAccount, String audience, long expirationSeconds, String podName,
      String podUid) throws VolumeSources.SourceFailure {
    TokenRequest request = new TokenRequestBuilder().withNewSpec()
        .withAudiences(audience.isEmpty() ? List.of() : List.of(audience))
        .withExpirationSeconds(expirationSeconds)
        .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod").withName(podName).withUid(podUid).endBoundObjectRef()
        .endSpec().build();
    Instant asked = Instant.now();
    try {
      TokenRequest answer = client.serviceAccounts().inNamespace(namespace).withName(serviceAccount).tokenRequest(request);
      Instant expires = Instant.parse(answer.getStatus().getExpirationTimestamp());
      return new TokenRefresh(answer.getStatus().getToken(), asked, expires);
    } catch (KubernetesClientException e) {
      String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage() : e.getMessage();
      throw new VolumeSources.SourceFailure(message);
    } catch (RuntimeException e) {
      throw new VolumeSources.SourceFailure(e.toString());
    }
  }
}
