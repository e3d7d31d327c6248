package dev.netkube.agent.volumes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.Optional;

/** What a pod's volumes read from the API, for the pod's namespace; tests give their own. */
public interface VolumeSources {
  Optional<ConfigMap> configMap(String name);

  Optional<Secret> secret(String name);

  /**
   * A token of the pod's service account bound to the pod (the TokenRequest API), for {@code audience}
   * (empty: the API server's) lasting {@code expirationSeconds}; the message of a failure is the API's.
   */
  String serviceAccountToken(String audience, long expirationSeconds) throws SourceFailure;

  /** A source that could not be read. */
  final class SourceFailure extends Exception {
    public SourceFailure(String message) { super(message); }
  }
}
