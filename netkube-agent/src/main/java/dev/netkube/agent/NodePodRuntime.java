package dev.netkube.agent;

import dev.netkube.agent.cni.CniException;
import dev.netkube.agent.cni.CniRuntime;
import dev.netkube.agent.cni.NodeNetwork;
import dev.netkube.agent.cni.PodNetworking;
import dev.netkube.agent.cni.SandboxNetns;
import dev.netkube.agent.images.AddonImages;
import dev.netkube.agent.images.BuiltinImages;
import dev.netkube.agent.images.ContainerEnv;
import dev.netkube.agent.images.ImageFilesWriter;
import dev.netkube.agent.images.ImageRequest;
import dev.netkube.agent.images.ImageResolution;
import dev.netkube.agent.images.ImageResolver;
import dev.netkube.agent.pods.EnvSources;
import dev.netkube.agent.pods.PodRuntime;
import dev.netkube.agent.pods.ServiceLinks;
import dev.netkube.agent.runtime.ContainerExit;
import dev.netkube.agent.runtime.ContainerRuntime;
import dev.netkube.agent.runtime.ContainerSpec;
import dev.netkube.agent.runtime.EnvVar;
import dev.netkube.agent.runtime.ExecSession;
import dev.netkube.agent.runtime.Mount;
import dev.netkube.agent.runtime.RunningContainer;
import dev.netkube.agent.runtime.Signals;
import dev.netkube.agent.runtime.logs.ContainerLogPaths;
import dev.netkube.agent.volumes.PodVolumes;
import dev.netkube.agent.volumes.VolumePayloads;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The node's pod runtime (containerd + CNI, in kubelet's eyes): sandboxes through
 * {@link PodNetworking}, the pod's files, and containers as processes of the
 * {@link ContainerRuntime}, their image resolved through the catalog and their environment
 * composed as kubelet and containerd compose it.
 */
public final class NodePodRuntime implements PodRuntime, AutoCloseable {
  /** The node's settings; {@code launcher} runs netkube's roles for the add-on images. */
  public record Settings(String nodeName, String nodeIp, Path root, String netnsPrefix, AddonImages.Launcher launcher) {}

  private final Settings settings;
  private final PodNetworking networking;
  private final ContainerRuntime containers = new ContainerRuntime();
  private final dev.netkube.agent.images.ImageCatalog builtIn;
  private volatile ImageResolver images;
  private final PodFilesWriter files;
  private final ContainerLogPaths logs;
  private final EnvSources.Lookup lookup;
  private final Supplier<List<Service>> services;
  private final Map<String, RunningContainer> running = new ConcurrentHashMap<>();
  private final Map<String, Integer> starts = new ConcurrentHashMap<>();
  private final Map<String, Integer> stopSignals = new ConcurrentHashMap<>();
  /** What the streaming server asks about: the pods here by namespace/name, their sandboxes and newest containers. */
  private final Map<String, PodHere> pods = new ConcurrentHashMap<>();
  private volatile dev.netkube.agent.streaming.KubeletStreamingServer streaming;
  /** A pod's files, written once for all its containers (kubelet writes them once per pod). */
  private final Map<String, PodFilesWriter.PodFiles> filesByPod = new ConcurrentHashMap<>();
  /** Every container instance's folder per pod UID, removed with the pod. */
  private final Map<String, List<String>> instances = new ConcurrentHashMap<>();

  /** A pod this node runs, as the streaming server sees it. */
  record PodHere(Pod pod, Optional<Path> netns, Map<String, RunningContainer> newest, Map<String, ImageResolution.Resolved> images) {}

  private final PodVolumes volumes;
  /** Re-reads the sources of the pods' configMap, secret, downwardAPI and projected volumes. */
  private final java.util.concurrent.ScheduledExecutorService volumeResync =
      java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "agent-volumes");
        t.setDaemon(true);
        return t;
      });
  /** How often volumes follow their sources (kubelet: its sync period, about a minute; CoreDNS's reload needs it within one). */
  static final Duration VOLUME_RESYNC = Duration.ofSeconds(5);

  private NodePodRuntime(Settings settings, PodNetworking networking, EnvSources.Lookup lookup,
      Supplier<List<Service>> services, PodVolumes.Api volumesApi) {
    this.settings = settings;
    this.networking = networking;
    this.builtIn = BuiltinImages.catalog(settings.launcher(), BuiltinImages.NodeFacts.detect());
    this.images = new ImageResolver(builtIn);
    this.files = PodFilesWriter.forNode(settings.root(), settings.nodeName(), settings.nodeIp());
    this.logs = new ContainerLogPaths(settings.root().resolve("logs"));
    this.lookup = lookup;
    this.services = services;
    // memory emptyDirs on the machine's tmpfs, per node (the netns prefix names the cluster and the node)
    String node = settings.netnsPrefix().endsWith("-pod-")
        ? settings.netnsPrefix().substring(0, settings.netnsPrefix().length() - "-pod-".length()) : settings.netnsPrefix();
    this.volumes = new PodVolumes(settings.root().resolve("pods"), PodVolumes.MEMORY_ROOT.resolve(node), volumesApi,
        java.time.Clock.systemUTC(), nodeAllocatable(settings.root()));
    volumeResync.scheduleWithFixedDelay(this::resyncVolumes, VOLUME_RESYNC.toMillis(), VOLUME_RESYNC.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void resyncVolumes() {
    try {
      volumes.resync();
    } catch (RuntimeException e) {
      org.slf4j.LoggerFactory.getLogger(NodePodRuntime.class).warn("volume resync: {}", e.toString());
    }
  }

  /** What a resourceFieldRef to an unset limit shows: the machine's CPUs, memory and the root dir's disk. */
  private static VolumePayloads.NodeAllocatable nodeAllocatable(Path root) {
    long memory = 0;
    try {
      for (String line : java.nio.file.Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) memory = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    } catch (IOException | NumberFormatException e) {
      // no /proc: 0
    }
    long disk = 0;
    try {
      disk = java.nio.file.Files.getFileStore(root).getTotalSpace();
    } catch (IOException e) {
      // unknown: 0
    }
    return new VolumePayloads.NodeAllocatable(Runtime.getRuntime().availableProcessors() * 1000L, memory, disk);
  }

  @Override
  public void setUpVolumes(Pod pod) throws VolumeFailure {
    try {
      volumes.setUp(pod);
    } catch (PodVolumes.MountFailure e) {
      throw new VolumeFailure(e.events());
    }
  }

  @Override
  public void podUpdated(Pod pod) { volumes.updated(pod); }

  /** Writes the CNI configuration for the node's pod CIDR and releases what an earlier agent left behind. */
  public static NodePodRuntime start(Settings settings, String podCidr, Set<String> keepPods, EnvSources.Lookup lookup,
      Supplier<List<Service>> services, PodVolumes.Api volumes) throws CniException {
    Path cniState = settings.root().resolve("cni");
    CniRuntime cni = CniRuntime.start(NodeNetwork.of(podCidr, cniState), CniRuntime.Options.under(cniState));
    PodNetworking networking = new PodNetworking(cni, new SandboxNetns(settings.netnsPrefix()));
    networking.releaseAllBut(keepPods);
    NodePodRuntime runtime = new NodePodRuntime(settings, networking, lookup, services, volumes);
    runtime.volumes.releaseAllBut(keepPods);
    return runtime;
  }

  @Override
  public Sandbox createSandbox(Pod pod) throws SandboxFailure {
    if (Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
      pods.put(key(pod), new PodHere(pod, Optional.empty(), new ConcurrentHashMap<>(), new ConcurrentHashMap<>()));
      return new Sandbox(Optional.empty(), List.of(settings.nodeIp()));
    }
    try {
      PodNetworking.Attached a = networking.attach(pod);
      pods.put(key(pod), new PodHere(pod, Optional.of(a.netns()), new ConcurrentHashMap<>(), new ConcurrentHashMap<>()));
      return new Sandbox(Optional.of(a.netns()), a.podIps());
    } catch (PodNetworking.SetupFailure e) {
      throw new SandboxFailure(e.getMessage(), e);
    }
  }

  private static String key(Pod pod) { return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName(); }

  /**
   * The users' images (ConfigMap kube-system/netkube-images) changed: merged over the built-in
   * ones for the containers started from now on. Returns the entries' errors, to be logged.
   */
  public List<String> userImages(Map<String, String> data) {
    var parsed = dev.netkube.agent.images.UserImages.parse(data == null ? Map.of() : data);
    images = new ImageResolver(builtIn.merge(parsed.entries()));
    return parsed.errors();
  }

  /** The pod of that namespace and name this node runs now. */
  Optional<PodHere> pod(String namespace, String name) { return Optional.ofNullable(pods.get(namespace + "/" + name)); }

  @Override
  public void removeSandbox(Pod pod) {
    String uid = pod.getMetadata().getUid();
    if (!Boolean.TRUE.equals(pod.getSpec().getHostNetwork())) {
      try {
        networking.detach(uid);
      } catch (PodNetworking.TeardownFailure e) {
        throw new IllegalStateException(e.getMessage(), e); // the worker retries
      }
    }
  }

  @Override
  public void forgetPod(Pod pod) {
    String uid = pod.getMetadata().getUid();
    pods.computeIfPresent(key(pod), (k, here) -> here.pod().getMetadata().getUid().equals(uid) ? null : here);
    files.remove(uid);
    filesByPod.remove(uid);
    volumes.remove(uid);
    Path logDir = logs.podDir(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), uid);
    PodFilesWriter.deleteTree(logDir);
    starts.keySet().removeIf(k -> k.startsWith(uid + "/"));
    for (String id : instances.getOrDefault(uid, List.of())) {
      PodFilesWriter.deleteTree(settings.root().resolve("containers").resolve(id));
    }
    instances.remove(uid);
  }

  @Override
  public Started start(Pod pod, Container c, Sandbox sandbox) throws StartFailure {
    var meta = pod.getMetadata();
    String key = meta.getUid() + "/" + c.getName();
    String id = HexFormat.of().formatHex(randomBytes());
    PodFilesWriter.PodFiles podFiles;
    List<EnvVar> declared;
    List<Mount> volumeMounts;
    try {
      volumeMounts = volumes.mounts(pod, c);
    } catch (PodVolumes.MountFailure e) {
      throw new StartFailure("CreateContainerConfigError", e.getMessage());
    }
    try {
      podFiles = filesByPod.get(meta.getUid());
      if (podFiles == null) {
        podFiles = files.write(pod, sandbox.podIps());
        filesByPod.put(meta.getUid(), podFiles);
      }
      declared = environment(pod, c, sandbox.podIps());
    } catch (EnvSources.ConfigError e) {
      throw new StartFailure("CreateContainerConfigError", e.getMessage());
    } catch (IOException e) {
      throw new StartFailure("CreateContainerError", e.getMessage());
    }
    ImageResolution resolution = images.resolve(new ImageRequest(id, c.getImage(), c.getCommand(), c.getArgs(), declared,
        c.getWorkingDir() == null ? "" : c.getWorkingDir(), Boolean.TRUE.equals(c.getTty()), podFiles.hostname()));
    if (resolution instanceof ImageResolution.NotFound nf) {
      throw new StartFailure(nf.reason(), nf.message(), nf.failedEvent(),
          Optional.of(new StartFailure.PullBackOff(nf.backOffReason(), nf.backOffMessage(), nf.backOffEvent())));
    }
    if (resolution instanceof ImageResolution.InvalidName in) throw new StartFailure(in.reason(), in.message());
    if (resolution instanceof ImageResolution.NoCommand nc) throw new StartFailure(nc.reason(), nc.message());
    ImageResolution.Resolved resolved = (ImageResolution.Resolved) resolution;
    var launch = resolved.launch();
    int restart = starts.merge(key, 1, Integer::sum) - 1;
    Path stateDir = settings.root().resolve("containers").resolve(id);
    instances.computeIfAbsent(meta.getUid(), u -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(id);
    try {
      List<Mount> mounts = new ArrayList<>(podFiles.mounts());
      mounts.addAll(ImageFilesWriter.write(stateDir.resolve("image"), launch.mounts()));
      mounts.addAll(volumeMounts);
      ContainerSpec spec = new ContainerSpec(id, launch.argv(), launch.env(), launch.workingDir(), sandbox.netns(),
          Optional.of(podFiles.hostname()), mounts, stateDir.resolve("run"),
          logs.file(meta.getNamespace(), meta.getName(), meta.getUid(), c.getName(), restart),
          Boolean.TRUE.equals(c.getStdin()), Boolean.TRUE.equals(c.getStdinOnce()), Boolean.TRUE.equals(c.getTty()));
      RunningContainer container = containers.start(spec);
      running.put(id, container);
      PodHere here = pods.get(key(pod));
      if (here != null) {
        here.newest().put(c.getName(), container);
        here.images().put(c.getName(), resolved);
      }
      stopSignals.put(id, Signals.number(launch.stopSignal()).orElse(Signals.SIGTERM));
      return started(container, resolved.image(), resolved.imageId());
    } catch (IOException | RuntimeException e) {
      throw new StartFailure("RunContainerError", "failed to start containerd task \"" + id + "\": " + e.getMessage());
    }
  }

  private List<EnvVar> environment(Pod pod, Container c, List<String> podIps) throws EnvSources.ConfigError {
    EnvSources.Resolved r = EnvSources.resolve(pod, c, podIps, List.of(settings.nodeIp()), lookup);
    List<ContainerEnv.Declared> env = new ArrayList<>();
    for (EnvSources.Entry e : r.env()) {
      env.add(e.literal() ? new ContainerEnv.Literal(e.name(), e.value()) : new ContainerEnv.Resolved(e.name(), e.value()));
    }
    boolean links = !Boolean.FALSE.equals(pod.getSpec().getEnableServiceLinks());
    return ContainerEnv.compose(r.envFrom(), env, ServiceLinks.variables(services.get(), pod.getMetadata().getNamespace(), links));
  }

  private Started started(RunningContainer container, String image, String imageId) {
    CompletableFuture<Exit> exit = container.exit().thenApply(NodePodRuntime::exitOf);
    exit.whenComplete((e, t) -> {
      running.remove(container.id());
      stopSignals.remove(container.id());
    });
    return new Started() {
      @Override public String id() { return container.id(); }
      @Override public Instant startedAt() { return container.startedAt(); }
      @Override public CompletableFuture<Exit> exit() { return exit; }
      @Override public String image() { return image; }
      @Override public String imageId() { return imageId; }
    };
  }

  /** containerd's reasons: Completed for 0, Error otherwise, ContainerCannotRun when the process never ran. */
  static Exit exitOf(ContainerExit e) {
    if (e.startError().isPresent()) return new Exit(128, "ContainerCannotRun", e.startError().get(), e.finishedAt());
    return new Exit(e.exitCode(), e.exitCode() == 0 ? "Completed" : "Error", "", e.finishedAt());
  }

  @Override
  public void stop(String containerId, Duration grace) {
    RunningContainer c = running.get(containerId);
    if (c == null) return;
    c.stop(grace, stopSignals.getOrDefault(containerId, Signals.SIGTERM)).join(); // the image's STOPSIGNAL
  }

  @Override
  public Outcome exec(String containerId, List<String> command, Duration timeout) {
    RunningContainer c = running.get(containerId);
    if (c == null) return new Outcome(1, "container not running");
    try (ExecSession s = c.exec(command, false, false)) {
      CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(s.stdout()));
      CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(s.stderr()));
      int code = s.exit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      String output = new String(out.get(1, TimeUnit.SECONDS), StandardCharsets.UTF_8)
          + new String(err.get(1, TimeUnit.SECONDS), StandardCharsets.UTF_8);
      return new Outcome(code, output);
    } catch (TimeoutException e) {
      return new Outcome(-1, "");
    } catch (Exception e) {
      return new Outcome(1, e.getMessage() == null ? e.toString() : e.getMessage());
    }
  }

  ContainerLogPaths logs() { return logs; }

  private static byte[] readAll(InputStream in) {
    try {
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      in.transferTo(b);
      return b.toByteArray();
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[32];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  /**
   * kubelet's streaming server for this node's pods (exec, attach, port-forward, logs), on the
   * node's address: TLS with the node's serving certificate, clients signed by the cluster CA only.
   */
  public void serveStreaming(int port, String certificatePem, String keyPem, String caPem) throws InterruptedException {
    streaming = dev.netkube.agent.streaming.KubeletStreamingServer.start(settings.nodeIp(), port,
        dev.netkube.agent.streaming.StreamingTls.server(certificatePem, keyPem, caPem), new NodeStreaming(this));
  }

  @Override
  public void close() {
    volumeResync.shutdownNow();
    if (streaming != null) streaming.close();
    containers.close();
    volumes.releaseAllBut(Set.of()); // the containers are gone: what memory volumes hold goes with them
  }
}
