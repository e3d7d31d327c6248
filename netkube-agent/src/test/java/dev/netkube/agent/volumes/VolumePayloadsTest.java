package dev.netkube.agent.volumes;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class VolumePayloadsTest {
  static final VolumePayloads.NodeAllocatable NODE = new VolumePayloads.NodeAllocatable(2000, 8L << 30, 100L << 30);

  /** ConfigMaps and Secrets by name; tokens numbered in the order they are asked for. */
  static final class Sources implements VolumeSources {
    final Map<String, ConfigMap> configMaps = new HashMap<>();
    final Map<String, Secret> secrets = new HashMap<>();
    final List<String> tokenRequests = new ArrayList<>();
    String tokenFailure = "";

    @Override public Optional<ConfigMap> configMap(String name) { return Optional.ofNullable(configMaps.get(name)); }

    @Override public Optional<Secret> secret(String name) { return Optional.ofNullable(secrets.get(name)); }

    @Override
    public String serviceAccountToken(String audience, long expirationSeconds) throws SourceFailure {
      if (!tokenFailure.isEmpty()) throw new SourceFailure(tokenFailure);
      tokenRequests.add(audience + "/" + expirationSeconds);
      return "token-" + tokenRequests.size();
    }
  }

  final Sources sources = new Sources();

  static Pod pod(String volumesYaml) {
    return Serialization.unmarshal("""
        metadata:
          name: web
          namespace: shop
          uid: 1234
          labels: {app: web, tier: "front \\"end\\""}
          annotations: {note: hi}
        spec:
          containers:
          - name: app
            image: nginx
            resources: {limits: {cpu: 500m, memory: 64Mi}, requests: {cpu: 250m}}
          volumes:
        """ + volumesYaml.indent(2), Pod.class);
  }

  static Map<String, String> texts(VolumePayloads.Outcome out) {
    assertThat(out).isInstanceOf(VolumePayloads.Outcome.Files.class);
    Map<String, String> m = new TreeMap<>();
    ((VolumePayloads.Outcome.Files) out).files().forEach((k, f) -> m.put(k, f.text() + " @" + Integer.toOctalString(f.mode())));
    return m;
  }

  VolumePayloads.Outcome payload(Pod p) {
    Volume v = p.getSpec().getVolumes().get(0);
    return VolumePayloads.payload(p, v, sources, NODE);
  }

  @Test
  void aConfigMapGivesEveryKeyWithTheDefaultModeOrItsItemsWithTheirPathsAndModes() {
    sources.configMaps.put("coredns", new ConfigMapBuilder().addToData("Corefile", ".:53 {}").addToData("extra", "x")
        .addToBinaryData("blob", "AAE=").build());
    assertThat(texts(payload(pod("- {name: config, configMap: {name: coredns}}"))))
        .containsExactly(Map.entry("Corefile", ".:53 {} @644"), Map.entry("blob", "\0\1 @644"), Map.entry("extra", "x @644"));
    assertThat(texts(payload(pod("""
        - name: config
          configMap:
            name: coredns
            defaultMode: 0400
            items: [{key: Corefile, path: conf/Corefile}, {key: extra, path: e, mode: 0600}]
        """)))).containsExactly(Map.entry("conf/Corefile", ".:53 {} @400"), Map.entry("e", "x @600"));
  }

  @Test
  void aMissingConfigMapOrKeyIsKubeletsErrorUnlessOptional() {
    assertThat(payload(pod("- {name: config, configMap: {name: nope}}")))
        .isEqualTo(new VolumePayloads.Outcome.Failed("configmap \"nope\" not found"));
    assertThat(texts(payload(pod("- {name: config, configMap: {name: nope, optional: true}}")))).isEmpty();
    sources.configMaps.put("cm", new ConfigMapBuilder().addToData("a", "1").build());
    assertThat(payload(pod("- {name: config, configMap: {name: cm, items: [{key: b, path: b}]}}")))
        .isEqualTo(new VolumePayloads.Outcome.Failed("configmap references non-existent config key: b"));
    assertThat(texts(payload(pod("- {name: config, configMap: {name: cm, optional: true, items: [{key: b, path: b}, {key: a, path: a}]}}"))))
        .containsExactly(Map.entry("a", "1 @644"));
  }

  @Test
  void secretsAreDecodedAndAMissingOneOrKeyFails() {
    sources.secrets.put("tls", new SecretBuilder().addToData("tls.key", "c2VjcmV0").addToData("tls.crt", "Y2VydA==").build());
    assertThat(texts(payload(pod("""
        - name: certs
          secret: {secretName: tls, defaultMode: 0440, items: [{key: tls.key, path: key.pem, mode: 0400}, {key: tls.crt, path: cert.pem}]}
        """)))).containsExactly(Map.entry("cert.pem", "cert @440"), Map.entry("key.pem", "secret @400"));
    assertThat(payload(pod("- {name: certs, secret: {secretName: gone}}")))
        .isEqualTo(new VolumePayloads.Outcome.Failed("secret \"gone\" not found"));
    assertThat(payload(pod("- {name: certs, secret: {secretName: tls, items: [{key: x, path: x}]}}")))
        .isEqualTo(new VolumePayloads.Outcome.Failed("references non-existent secret key: x"));
  }

  @Test
  void downwardApiShowsFieldsLabelsInKubeletsFormatAndResourcesDividedAndRoundedUp() {
    assertThat(texts(payload(pod("""
        - name: info
          downwardAPI:
            items:
            - {path: name, fieldRef: {fieldPath: metadata.name}}
            - {path: labels, fieldRef: {fieldPath: metadata.labels}}
            - {path: app, fieldRef: {fieldPath: "metadata.labels['app']"}}
            - {path: cpu, resourceFieldRef: {containerName: app, resource: limits.cpu}}
            - {path: cpu-m, resourceFieldRef: {containerName: app, resource: requests.cpu, divisor: 1m}}
            - {path: mem-mi, resourceFieldRef: {containerName: app, resource: limits.memory, divisor: 1Mi}}
            - {path: node-mem, resourceFieldRef: {containerName: app, resource: limits.ephemeral-storage, divisor: 1Gi}}
        """)))).containsExactly(
            Map.entry("app", "web @644"),
            Map.entry("cpu", "1 @644"),
            Map.entry("cpu-m", "250 @644"),
            Map.entry("labels", "app=\"web\"\ntier=\"front \\\"end\\\"\" @644"),
            Map.entry("mem-mi", "64 @644"),
            Map.entry("name", "web @644"),
            Map.entry("node-mem", "100 @644"));
  }

  @Test
  void theServiceAccountVolumeProjectsATokenTheCaAndTheNamespace() {
    sources.configMaps.put("kube-root-ca.crt", new ConfigMapBuilder().addToData("ca.crt", "PEM").build());
    String volume = """
        - name: kube-api-access-abcde
          projected:
            defaultMode: 420
            sources:
            - serviceAccountToken: {expirationSeconds: 3607, path: token}
            - configMap: {name: kube-root-ca.crt, items: [{key: ca.crt, path: ca.crt}]}
            - downwardAPI: {items: [{path: namespace, fieldRef: {apiVersion: v1, fieldPath: metadata.namespace}}]}
        """;
    assertThat(texts(payload(pod(volume)))).containsExactly(
        Map.entry("ca.crt", "PEM @644"), Map.entry("namespace", "shop @644"), Map.entry("token", "token-1 @644"));
    assertThat(sources.tokenRequests).containsExactly("/3607");

    // every failing source is named, the others still read (Go's aggregate error)
    sources.configMaps.clear();
    sources.tokenFailure = "serviceaccounts \"default\" not found";
    assertThat(payload(pod(volume))).isEqualTo(new VolumePayloads.Outcome.Failed(
        "[failed to fetch token: serviceaccounts \"default\" not found, configmap \"kube-root-ca.crt\" not found]"));
  }

  @Test
  void projectedSourcesTakeTheAudienceAndTheVolumesDefaultMode() {
    sources.secrets.put("s", new SecretBuilder().addToData("k", "dg==").build());
    assertThat(texts(payload(pod("""
        - name: p
          projected:
            defaultMode: 0440
            sources:
            - serviceAccountToken: {audience: vault, expirationSeconds: 7200, path: vault/token}
            - secret: {name: s, items: [{key: k, path: k, mode: 0400}]}
        """)))).containsExactly(Map.entry("k", "v @400"), Map.entry("vault/token", "token-1 @440"));
    assertThat(sources.tokenRequests).containsExactly("vault/7200");
  }
}
