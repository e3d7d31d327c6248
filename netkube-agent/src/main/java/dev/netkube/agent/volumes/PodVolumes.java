package dev.netkube.agent.volumes;

import dev.netkube.agent.runtime.Mount;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's pod volumes (kubelet's volume manager, in small): made before the pod's sandbox, under
 * {@code <root>/pods/<uid>/volumes/<plugin>/<name>} as kubelet keeps them; API data rewritten by
 * {@link #resync()} when its sources change (and tokens renewed at 80 % of their life); bind
 * mounts for each container; all of it removed with the pod. Memory emptyDirs, secret and
 * projected volumes (tokens) live on the machine's /dev/shm tmpfs, as kubelet puts them on a
 * tmpfs, so no mount has to be made or cleaned up in the node's namespace.
 */
public final class PodVolumes {
  private static final Logger LOG = LoggerFactory.getLogger(PodVolumes.class);

  /** What the volumes read from the API. */
  public interface Api {
    Optional<ConfigMap> configMap(String namespace, String name);

    Optional<Secret> secret(String namespace, String name);

    /** A TokenRequest bound to the pod; the token and its expiry. */
    TokenRefresh token(String namespace, String serviceAccount, String audience, long expirationSeconds, String podName,
        String podUid) throws VolumeSources.SourceFailure;
  }

  /** Volumes that could not be set up: one FailedMount event's text each. */
  public static final class MountFailure extends Exception {
    private final List<String> events;

    public MountFailure(List<String> events) {
      super(String.join("; ", events));
      this.events = List.copyOf(events);
    }

    public MountFailure(String event) { this(List.of(event)); }

    public List<String> events() { return events; }
  }

  /** Where the nodes keep their memory volumes: one folder per node, named by its netns (nk-node-1). */
  public static final Path MEMORY_ROOT = Path.of("/dev/shm/netkube-volumes");

  /**
   * Removes the memory volumes of a cluster's nodes ({@code <prefix>-node-*}): `down` calls it, since
   * an agent killed before it could clean up leaves them (they hold the machine's memory).
   */
  public static void releaseCluster(Path root, String prefix) {
    if (!Files.isDirectory(root)) return;
    try (var list = Files.list(root)) {
      for (Path p : list.toList()) {
        if (p.getFileName().toString().startsWith(prefix + "-node-")) AtomicWriter.deleteTree(p);
      }
    } catch (IOException e) {
      LOG.warn("memory volumes under {} not removed: {}", root, e.toString());
    }
  }

  private final Path podsDir;
  private final Path memoryDir;
  private final Api api;
  private final Clock clock;
  private final VolumePayloads.NodeAllocatable node;
  private final AtomicWriter writer;
  private final Map<String, PodState> pods = new ConcurrentHashMap<>();

  /** A pod's volumes set up so far, its newest object and its tokens. */
  private static final class PodState {
    volatile Pod pod;
    final Map<String, Path> dirs = new ConcurrentHashMap<>();
    final Map<String, TokenRefresh> tokens = new ConcurrentHashMap<>();
    boolean removed;

    PodState(Pod pod) { this.pod = pod; }
  }

  public PodVolumes(Path podsDir, Path memoryDir, Api api, Clock clock, VolumePayloads.NodeAllocatable node) {
    this.podsDir = podsDir;
    this.memoryDir = memoryDir;
    this.api = api;
    this.clock = clock;
    this.node = node;
    this.writer = new AtomicWriter(clock);
  }

  /** Sets up every volume of the pod not set up yet; the first failure is thrown, the others are tried again later. */
  public void setUp(Pod pod) throws MountFailure {
    String uid = pod.getMetadata().getUid();
    PodState state = pods.computeIfAbsent(uid, u -> new PodState(pod));
    state.pod = pod;
    List<String> failures = new ArrayList<>();
    synchronized (state) {
      for (Volume v : pod.getSpec().getVolumes()) {
        if (state.dirs.containsKey(v.getName())) continue;
        Optional<String> error = setUp(state, v);
        error.ifPresent(e -> failures.add("MountVolume.SetUp failed for volume \"" + v.getName() + "\" : " + e));
      }
    }
    if (!failures.isEmpty()) throw new MountFailure(failures);
  }

  private Optional<String> setUp(PodState state, Volume v) {
    Pod pod = state.pod;
    String uid = pod.getMetadata().getUid();
    VolumeKind kind = VolumeKind.of(v);
    Path dir = podsDir.resolve(uid).resolve("volumes").resolve(VolumeKind.pluginDir(kind)).resolve(v.getName());
    try {
      if (kind instanceof VolumeKind.Unsupported u) {
        return Optional.of("netkube has no volume plugin for " + u.type() + " volumes");
      } else if (kind instanceof VolumeKind.HostPath h) {
        Optional<String> error = HostPaths.check(h.path(), h.type());
        if (error.isPresent()) return error;
        dir = Path.of(h.path());
      } else if (kind instanceof VolumeKind.EmptyDir e) {
        if (e.memory()) dir = memoryDir.resolve(uid).resolve(v.getName());
        Files.createDirectories(dir);
        // emptyDir is world-writable, as kubelet makes it (0777)
        Files.setPosixFilePermissions(dir, AtomicWriter.permissions(0777));
      } else {
        // secrets and tokens stay off the disk, as kubelet keeps them on a tmpfs
        if (holdsSecrets(v)) dir = memoryDir.resolve(uid).resolve(VolumeKind.pluginDir(kind)).resolve(v.getName());
        VolumePayloads.Outcome out = VolumePayloads.payload(pod, v, sources(state, v.getName(), api), node);
        if (out instanceof VolumePayloads.Outcome.Failed f) return Optional.of(f.message());
        writer.write(dir, ((VolumePayloads.Outcome.Files) out).files());
      }
    } catch (IOException e) {
      return Optional.of(e.getMessage());
    }
    state.dirs.put(v.getName(), dir);
    return Optional.empty();
  }

  private static boolean holdsSecrets(Volume v) { return v.getSecret() != null || v.getProjected() != null; }

  /** The newest object of a pod (its labels and annotations feed downwardAPI volumes at the next resync). */
  public void updated(Pod pod) {
    PodState s = pods.get(pod.getMetadata().getUid());
    if (s != null) s.pod = pod;
  }

  /** Rewrites the API-data volumes of every pod whose sources changed; errors are logged and tried again next time. */
  public void resync() {
    Api pass = new OncePerPass(api); // pods of one namespace share kube-root-ca.crt: read once per pass
    for (PodState state : pods.values()) {
      synchronized (state) {
        if (state.removed) continue;
        Pod pod = state.pod;
        for (Volume v : pod.getSpec().getVolumes()) {
          Path dir = state.dirs.get(v.getName());
          if (dir == null || !(VolumeKind.of(v) instanceof VolumeKind.ApiData)) continue;
          VolumePayloads.Outcome out = VolumePayloads.payload(pod, v, sources(state, v.getName(), pass), node);
          if (out instanceof VolumePayloads.Outcome.Failed f) {
            LOG.debug("pod {}/{}: volume {}: {}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), v.getName(), f.message());
            continue; // kubelet keeps the last good files when a source went away
          }
          try {
            writer.write(dir, ((VolumePayloads.Outcome.Files) out).files());
          } catch (IOException e) {
            LOG.warn("pod {}: volume {}: {}", pod.getMetadata().getName(), v.getName(), e.toString());
          }
        }
      }
    }
  }

  /** The bind mounts of a container's volumeMounts, read-only where kubelet makes them so. */
  public List<Mount> mounts(Pod pod, Container c) throws MountFailure {
    PodState state = pods.get(pod.getMetadata().getUid());
    List<Mount> out = new ArrayList<>();
    for (VolumeMount m : c.getVolumeMounts()) {
      Volume v = pod.getSpec().getVolumes().stream().filter(x -> x.getName().equals(m.getName())).findFirst()
          .orElseThrow(() -> new MountFailure("cannot find volume \"" + m.getName() + "\" to mount into container \"" + c.getName() + "\""));
      Path dir = state == null ? null : state.dirs.get(v.getName());
      if (dir == null) throw new MountFailure("volume \"" + v.getName() + "\" is not mounted yet");
      VolumeKind kind = VolumeKind.of(v);
      boolean apiData = kind instanceof VolumeKind.ApiData;
      Path source = dir;
      String sub = m.getSubPath() == null ? "" : m.getSubPath();
      if (!sub.isEmpty()) {
        source = dir.resolve(sub).normalize();
        if (!source.startsWith(dir)) throw new MountFailure("subPath \"" + sub + "\" must not leave the volume");
        if (apiData) {
          // a subPath of API data binds the file of today: it is not updated later, as on a real node
          if (!Files.exists(source)) throw new MountFailure("failed to prepare subPath for volumeMount \"" + m.getName()
              + "\" of container \"" + c.getName() + "\"");
        } else if (!Files.exists(source)) {
          try {
            Files.createDirectories(source); // kubelet makes a missing subPath folder inside the volume
          } catch (IOException e) {
            throw new MountFailure(e.getMessage());
          }
        }
      }
      boolean readOnly = apiData || Boolean.TRUE.equals(m.getReadOnly());
      out.add(new Mount(source, m.getMountPath(), readOnly));
    }
    return out;
  }

  /** The pod is gone: its volumes' folders go (hostPath volumes are the node's and stay). */
  public void remove(String uid) {
    PodState s = pods.remove(uid);
    if (s != null) {
      synchronized (s) {
        s.removed = true;
      }
    }
    try {
      AtomicWriter.deleteTree(podsDir.resolve(uid).resolve("volumes"));
      AtomicWriter.deleteTree(memoryDir.resolve(uid));
    } catch (IOException e) {
      LOG.warn("pod {}: volumes not removed: {}", uid, e.toString());
    }
  }

  /**
   * Memory emptyDirs of pods other than {@code keep} go (an earlier agent's, killed before it could
   * remove them): they hold the machine's memory. With an empty set, all of this node's go.
   */
  public void releaseAllBut(java.util.Set<String> keep) {
    if (!Files.isDirectory(memoryDir)) return;
    try (var list = Files.list(memoryDir)) {
      for (Path p : list.toList()) {
        if (!keep.contains(p.getFileName().toString())) AtomicWriter.deleteTree(p);
      }
      if (keep.isEmpty()) Files.deleteIfExists(memoryDir);
    } catch (IOException e) {
      LOG.warn("memory volumes under {} not removed: {}", memoryDir, e.toString());
    }
  }

  /** ConfigMaps and Secrets read at most once in one resync pass; tokens are the pods' own. */
  private static final class OncePerPass implements Api {
    private final Api api;
    private final Map<String, Optional<ConfigMap>> configMaps = new java.util.HashMap<>();
    private final Map<String, Optional<Secret>> secrets = new java.util.HashMap<>();

    OncePerPass(Api api) { this.api = api; }

    @Override
    public Optional<ConfigMap> configMap(String namespace, String name) {
      return configMaps.computeIfAbsent(namespace + "/" + name, k -> api.configMap(namespace, name));
    }

    @Override
    public Optional<Secret> secret(String namespace, String name) {
      return secrets.computeIfAbsent(namespace + "/" + name, k -> api.secret(namespace, name));
    }

    @Override
    public TokenRefresh token(String namespace, String serviceAccount, String audience, long expirationSeconds,
        String podName, String podUid) throws VolumeSources.SourceFailure {
      return api.token(namespace, serviceAccount, audience, expirationSeconds, podName, podUid);
    }
  }

  /** The pod's sources: its namespace's ConfigMaps and Secrets, and tokens kept until 80 % of their life. */
  private VolumeSources sources(PodState state, String volume, Api api) {
    Pod pod = state.pod;
    String ns = pod.getMetadata().getNamespace();
    return new VolumeSources() {
      @Override public Optional<ConfigMap> configMap(String name) { return api.configMap(ns, name); }

      @Override public Optional<Secret> secret(String name) { return api.secret(ns, name); }

      @Override
      public String serviceAccountToken(String audience, long expirationSeconds) throws SourceFailure {
        String key = volume + "|" + audience + "|" + expirationSeconds;
        Instant now = clock.instant();
        TokenRefresh t = state.tokens.get(key);
        if (t == null || t.due(now)) {
          String sa = pod.getSpec().getServiceAccountName() == null ? "default" : pod.getSpec().getServiceAccountName();
          try {
            t = api.token(ns, sa, audience, expirationSeconds, pod.getMetadata().getName(), pod.getMetadata().getUid());
          } catch (SourceFailure e) {
            if (t != null && now.isBefore(t.expiresAt())) return t.token(); // still valid: kept, tried again later
            throw e;
          }
          state.tokens.put(key, t);
        }
        return t.token();
      }
    };
  }
}
