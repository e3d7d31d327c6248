package dev.netkube.agent.volumes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.netkube.agent.runtime.Mount;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PodVolumesTest {
  @TempDir Path root;

  static final class MovingClock extends Clock {
    Instant now = Instant.parse("2026-12-02T02:00:00Z");

    @Override public ZoneId getZone() { return ZoneOffset.UTC; }

    @Override public Clock withZone(ZoneId zone) { return this; }

    @Override public Instant instant() { return now; }
  }

  final MovingClock clock = new MovingClock();
  final Map<String, ConfigMap> configMaps = new ConcurrentHashMap<>();
  final List<String> tokens = new ArrayList<>();
  final java.util.concurrent.atomic.AtomicInteger configMapReads = new java.util.concurrent.atomic.AtomicInteger();

  final PodVolumes.Api api = new PodVolumes.Api() {
    @Override public Optional<ConfigMap> configMap(String ns, String name) {
      configMapReads.incrementAndGet();
      return Optional.ofNullable(configMaps.get(ns + "/" + name));
    }

    @Override public Optional<Secret> secret(String ns, String name) { return Optional.empty(); }

    @Override
    public TokenRefresh token(String ns, String sa, String audience, long seconds, String pod, String uid) {
      tokens.add(ns + "/" + sa + " for " + pod + "/" + uid);
      return new TokenRefresh("token-" + tokens.size(), clock.now, clock.now.plusSeconds(seconds));
    }
  };

  PodVolumes volumes() {
    return new PodVolumes(root.resolve("pods"), root.resolve("shm"), api, clock, VolumePayloadsTest.NODE);
  }

  static final Pod POD = Serialization.unmarshal("""
      metadata: {name: web, namespace: shop, uid: u1}
      spec:
        serviceAccountName: builder
        containers:
        - name: a
          image: busybox
          volumeMounts:
          - {name: config, mountPath: /etc/app}
          - {name: scratch, mountPath: /scratch}
          - {name: scratch, mountPath: /logs, subPath: logs/a}
          - {name: token, mountPath: /var/run/secrets/kubernetes.io/serviceaccount, readOnly: true}
        - name: b
          image: busybox
          volumeMounts:
          - {name: scratch, mountPath: /data, readOnly: true}
          - {name: ram, mountPath: /cache}
        volumes:
        - {name: config, configMap: {name: app}}
        - {name: scratch, emptyDir: {}}
        - {name: ram, emptyDir: {medium: Memory}}
        - name: token
          projected:
            sources: [{serviceAccountToken: {expirationSeconds: 3607, path: token}}]
      """, Pod.class);

  @Test
  void aMissingConfigMapFailsTheMountInKubeletsWordsUntilItExists() throws Exception {
    PodVolumes v = volumes();
    assertThatThrownBy(() -> v.setUp(POD)).isInstanceOf(PodVolumes.MountFailure.class)
        .satisfies(e -> assertThat(((PodVolumes.MountFailure) e).events())
            .containsExactly("MountVolume.SetUp failed for volume \"config\" : configmap \"app\" not found"));
    configMaps.put("shop/app", new ConfigMapBuilder().addToData("app.conf", "v1").build());
    v.setUp(POD);
    Path config = root.resolve("pods/u1/volumes/kubernetes.io~configmap/config");
    assertThat(Files.readString(config.resolve("app.conf"))).isEqualTo("v1");
    assertThat(tokens).containsExactly("shop/builder for web/u1");
    assertThat(Files.readString(root.resolve("shm/u1/kubernetes.io~projected/token/token"))).isEqualTo("token-1");
  }

  @Test
  void containersGetTheirMountsApiDataAlwaysReadOnlyAndEmptyDirsShared() throws Exception {
    configMaps.put("shop/app", new ConfigMapBuilder().addToData("app.conf", "v1").build());
    PodVolumes v = volumes();
    v.setUp(POD);
    Path scratch = root.resolve("pods/u1/volumes/kubernetes.io~empty-dir/scratch");
    assertThat(v.mounts(POD, POD.getSpec().getContainers().get(0))).containsExactly(
        Mount.readOnly(root.resolve("pods/u1/volumes/kubernetes.io~configmap/config"), "/etc/app"),
        Mount.readWrite(scratch, "/scratch"),
        Mount.readWrite(scratch.resolve("logs/a"), "/logs"),
        Mount.readOnly(root.resolve("shm/u1/kubernetes.io~projected/token"), "/var/run/secrets/kubernetes.io/serviceaccount"));
    assertThat(Files.isDirectory(scratch.resolve("logs/a"))).isTrue(); // a missing subPath folder is made
    assertThat(v.mounts(POD, POD.getSpec().getContainers().get(1))).containsExactly(
        Mount.readOnly(scratch, "/data"), Mount.readWrite(root.resolve("shm/u1/ram"), "/cache"));
  }

  @Test
  void resyncFollowsTheSourceAndRenewsTokensAt80PercentThenRemoveLeavesNothing() throws Exception {
    configMaps.put("shop/app", new ConfigMapBuilder().addToData("app.conf", "v1").build());
    PodVolumes v = volumes();
    v.setUp(POD);
    Path conf = root.resolve("pods/u1/volumes/kubernetes.io~configmap/config/app.conf");
    configMaps.put("shop/app", new ConfigMapBuilder().addToData("app.conf", "v2").build());
    v.resync();
    assertThat(Files.readString(conf)).isEqualTo("v2");
    // the source went: the last files stay, as kubelet keeps them
    configMaps.clear();
    v.resync();
    assertThat(Files.readString(conf)).isEqualTo("v2");

    Path token = root.resolve("shm/u1/kubernetes.io~projected/token/token");
    clock.now = clock.now.plusSeconds(2800);
    v.resync();
    assertThat(Files.readString(token)).isEqualTo("token-1");
    clock.now = clock.now.plusSeconds(100);
    v.resync();
    assertThat(Files.readString(token)).isEqualTo("token-2");

    Files.writeString(root.resolve("shm/u1/ram/f"), "x");
    v.remove("u1");
    assertThat(Files.exists(root.resolve("pods/u1/volumes"))).isFalse();
    assertThat(Files.exists(root.resolve("shm/u1"))).isFalse();
  }

  @Test
  void memoryVolumesOfPodsNoLongerHereAreReleasedAndAllOfThemAtTheEnd() throws Exception {
    configMaps.put("shop/app", new ConfigMapBuilder().addToData("app.conf", "v1").build());
    Files.createDirectories(root.resolve("shm/old-pod/cache"));
    PodVolumes v = volumes();
    v.setUp(POD);
    v.releaseAllBut(java.util.Set.of("u1"));
    assertThat(Files.exists(root.resolve("shm/old-pod"))).isFalse();
    assertThat(Files.isDirectory(root.resolve("shm/u1/ram"))).isTrue();
    v.releaseAllBut(java.util.Set.of());
    assertThat(Files.exists(root.resolve("shm"))).isFalse();
  }

  @Test
  void downRemovesTheMemoryVolumesOfItsClustersNodesOnly() throws Exception {
    for (String n : new String[] {"nk-node-1/u1/ram", "nk-node-2/u2/kubernetes.io~secret/s", "nk2-node-1/u3/ram"}) {
      Files.createDirectories(root.resolve("mem").resolve(n));
    }
    PodVolumes.releaseCluster(root.resolve("mem"), "nk");
    try (var left = Files.list(root.resolve("mem"))) {
      assertThat(left.map(p -> p.getFileName().toString())).containsExactly("nk2-node-1");
    }
  }

  @Test
  void podsSharingAConfigMapReadItOncePerResync() throws Exception {
    configMaps.put("shop/app", new ConfigMapBuilder().addToData("app.conf", "v1").build());
    PodVolumes v = volumes();
    v.setUp(POD);
    v.setUp(new PodBuilder(POD).editMetadata().withName("web-2").withUid("u9").endMetadata().build());
    configMapReads.set(0);
    v.resync();
    assertThat(configMapReads.get()).isEqualTo(1);
    assertThat(Files.readString(root.resolve("pods/u9/volumes/kubernetes.io~configmap/config/app.conf"))).isEqualTo("v1");
  }

  @Test
  void downwardApiFollowsTheNewestLabels() throws Exception {
    Pod p = Serialization.unmarshal("""
        metadata: {name: web, namespace: shop, uid: u2, labels: {v: "1"}}
        spec:
          containers: [{name: a, image: busybox}]
          volumes: [{name: info, downwardAPI: {items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]}}]
        """, Pod.class);
    PodVolumes v = volumes();
    v.setUp(p);
    Path labels = root.resolve("pods/u2/volumes/kubernetes.io~downward-api/info/labels");
    assertThat(Files.readString(labels)).isEqualTo("v=\"1\"");
    v.updated(new PodBuilder(p).editMetadata().addToLabels("v", "2").endMetadata().build());
    v.resync();
    assertThat(Files.readString(labels)).isEqualTo("v=\"2\"");
  }

  @Test
  void aHostPathOfTheWrongTypeFailsAndAnUnsupportedVolumeIsNamed() {
    Pod p = Serialization.unmarshal("""
        metadata: {name: web, namespace: shop, uid: u3}
        spec:
          containers: [{name: a, image: busybox}]
          volumes:
          - {name: h, hostPath: {path: /proc/version, type: Directory}}
          - {name: c, persistentVolumeClaim: {claimName: data}}
        """, Pod.class);
    assertThatThrownBy(() -> volumes().setUp(p)).isInstanceOf(PodVolumes.MountFailure.class)
        .satisfies(e -> assertThat(((PodVolumes.MountFailure) e).events()).containsExactly(
            "MountVolume.SetUp failed for volume \"h\" : hostPath type check failed: /proc/version is not a directory",
            "MountVolume.SetUp failed for volume \"c\" : netkube has no volume plugin for persistentVolumeClaim volumes"));
  }
}
