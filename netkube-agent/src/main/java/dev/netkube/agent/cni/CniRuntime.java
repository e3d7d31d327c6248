package dev.netkube.agent.cni;

import dev.netkube.model.GoQuote;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * netkube as a CNI runtime (kubelet + containerd's part): ADD, DEL and CHECK of pod sandboxes by
 * executing the real plugins per the CNI spec. Each sandbox gets two networks, as containerd
 * gives it: "cni-loopback" on lo, then the node's network (bridge, portmap) on eth0. Plugins of a
 * list run in order on ADD, each given the previous one's result; in reverse on DEL; results are
 * cached per (network, container id, interface) in libcni's format, so DEL and CHECK get the
 * ADD's result as prevResult, also after the agent restarts.
 *
 * <p>Thread-safe; operations on one sandbox are serialized, different sandboxes run side by side
 * (host-local locks its own store).
 */
public final class CniRuntime {
  private static final Logger log = LoggerFactory.getLogger(CniRuntime.class);
  public static final Path DEFAULT_PLUGIN_DIR = Path.of("/usr/lib/cni");
  private static final String LOOPBACK_IF = "lo";
  private static final String PORT_MAPPINGS = "portMappings";

  /**
   * Where the runtime keeps its files (kubelet's --cni-conf-dir, libcni's cache dir), where the
   * plugins are (--cni-bin-dir; CNI_PATH) and how they are run.
   */
  public record Options(Path confDir, Path cacheDir, List<Path> pluginDirs, PluginExecutor executor) {
    public Options {
      pluginDirs = List.copyOf(pluginDirs);
      if (pluginDirs.isEmpty()) throw new IllegalArgumentException("no plugin directories");
    }

    /** {@code <stateDir>/net.d}, {@code <stateDir>/cache}, /usr/lib/cni, plugins in the agent's netns. */
    public static Options under(Path stateDir) {
      Path s = stateDir.toAbsolutePath();
      return new Options(s.resolve("net.d"), s.resolve("cache"), List.of(DEFAULT_PLUGIN_DIR), PluginExecutor.local());
    }

    public Options withExecutor(PluginExecutor e) { return new Options(confDir, cacheDir, pluginDirs, e); }

    public Options withPluginDirs(List<Path> dirs) { return new Options(confDir, cacheDir, dirs, executor); }
  }

  private final NodeNetwork network;
  private final NetworkConfigList main;
  private final NetworkConfigList loopback;
  private final Options options;
  private final ResultCache cache;
  private final Object[] locks = new Object[64];

  private CniRuntime(NodeNetwork network, Options options) {
    this.network = network;
    this.main = NetworkConfigList.of(network.conflist());
    this.loopback = NetworkConfigList.of(network.loopbackConflist());
    this.options = options;
    this.cache = new ResultCache(options.cacheDir());
    for (int i = 0; i < locks.length; i++) locks[i] = new Object();
  }

  /**
   * Asks every plugin the network uses for its versions (VERSION), settles on the newest one all
   * support, writes the conflists to the conf dir and returns the runtime. The cache of an earlier
   * run in the same cache dir is used as it is.
   */
  public static CniRuntime start(NodeNetwork network, Options options) throws CniException {
    CniRuntime probe = new CniRuntime(network, options);
    Map<String, List<String>> supported = new LinkedHashMap<>();
    for (String type : probe.pluginTypes()) supported.put(type, probe.versionsOf(type, network.cniVersion()));
    String version;
    try {
      version = CniVersions.choose(network.cniVersion(), supported);
    } catch (IllegalStateException e) {
      throw CniException.runtime(CniCommand.VERSION, e.getMessage(), e);
    }
    if (!version.equals(network.cniVersion())) {
      log.info("CNI plugins do not all support {}; using {} ({})", network.cniVersion(), version, supported);
    }
    CniRuntime runtime = version.equals(network.cniVersion()) ? probe : new CniRuntime(network.withCniVersion(version), options);
    runtime.writeConfFiles();
    return runtime;
  }

  /** The network as the runtime uses it (cniVersion as negotiated). */
  public NodeNetwork network() { return network; }

  /** The node network's conflist in the conf dir. */
  public Path conflistFile() { return options.confDir().resolve("10-" + network.name() + ".conflist"); }

  /** The loopback network's conflist in the conf dir. */
  public Path loopbackConflistFile() { return options.confDir().resolve("99-loopback.conflist"); }

  /** libcni's results directory: one file per attachment. */
  public Path cacheResultsDir() { return cache.dir(); }

  /**
   * Wires a sandbox: loopback on lo, then the node's network on its ifName, with its hostPorts.
   * On failure the runtime tears down what the plugins made (DEL of both networks, as containerd
   * does) and throws the failure; {@link KubeletMessages#failedCreatePodSandbox} words the event.
   */
  public PodNetwork add(PodSandbox sandbox) throws CniException {
    synchronized (lock(sandbox.containerId())) {
      String netns = sandbox.netns().toString();
      Map<String, JsonNode> caps = capabilityArgs(sandbox.portMappings());
      CachedAttachment lo = new CachedAttachment(sandbox.containerId(), loopback.name(), LOOPBACK_IF, netns,
          sandbox.cniArgs(), Map.of(), loopback.bytes(), Optional.empty());
      CachedAttachment eth = new CachedAttachment(sandbox.containerId(), main.name(), sandbox.ifName(), netns,
          sandbox.cniArgs(), caps, main.bytes(), Optional.empty());
      writeCache(lo, CniCommand.ADD);
      writeCache(eth, CniCommand.ADD);
      try {
        JsonNode loResult = addList(loopback, invocation(lo));
        writeCache(lo.withResult(loResult), CniCommand.ADD);
        JsonNode result = addList(main, invocation(eth), caps);
        writeCache(eth.withResult(result), CniCommand.ADD);
        PodNetwork pod = PodNetwork.of(sandbox.containerId(), sandbox.ifName(), CniResult.parse(result));
        log.debug("CNI ADD {} {}: {}", sandbox.pod().namespace() + "/" + sandbox.pod().name(), sandbox.containerId(), pod.podIps());
        return pod;
      } catch (CniException e) {
        try {
          deleteAttachments(sandbox.containerId(), List.of(eth, lo), true);
        } catch (CniException teardown) {
          log.warn("Failed to destroy network for sandbox {} after a failed ADD: {}", sandbox.containerId(), teardown.getMessage());
        }
        throw e;
      }
    }
  }

  /**
   * Releases what ADD gave a sandbox (reverse order, cached result as prevResult, the cached
   * hostPorts when the sandbox names none). Idempotent: a second DEL, or a DEL after the netns is
   * gone (then CNI_NETNS is empty, as containerd passes it), succeeds.
   */
  public void del(PodSandbox sandbox) throws CniException {
    synchronized (lock(sandbox.containerId())) {
      String netns = sandbox.netns().toString();
      Map<String, JsonNode> caps = capabilityArgs(sandbox.portMappings());
      List<CachedAttachment> wanted = List.of(
          attachmentFor(main, sandbox.containerId(), sandbox.ifName(), netns, sandbox.cniArgs(), caps),
          attachmentFor(loopback, sandbox.containerId(), LOOPBACK_IF, netns, sandbox.cniArgs(), Map.of()));
      deleteAttachments(sandbox.containerId(), wanted, false);
    }
  }

  /**
   * Releases every attachment of a container id that the cache knows (an agent restarted after a
   * crash knows the id, not the pod). With nothing cached it still runs DEL on both networks with
   * an empty CNI_NETNS, which makes host-local release the id's IP.
   */
  public void del(String containerId) throws CniException {
    CniNames.containerId(containerId);
    synchronized (lock(containerId)) {
      List<CachedAttachment> known = cache.all().stream().filter(a -> a.containerId().equals(containerId)).toList();
      if (known.isEmpty()) {
        known = List.of(
            new CachedAttachment(containerId, main.name(), PodSandbox.DEFAULT_IFNAME, "", CniArgs.none(), Map.of(),
                main.bytes(), Optional.empty()),
            new CachedAttachment(containerId, loopback.name(), LOOPBACK_IF, "", CniArgs.none(), Map.of(),
                loopback.bytes(), Optional.empty()));
      }
      deleteAttachments(containerId, known, false);
    }
  }

  /** CHECK of both networks against the cached results (per the spec; kubelet itself never calls it). */
  public void check(PodSandbox sandbox) throws CniException {
    synchronized (lock(sandbox.containerId())) {
      String netns = sandbox.netns().toString();
      Map<String, JsonNode> caps = capabilityArgs(sandbox.portMappings());
      checkList(loopback, attachmentFor(loopback, sandbox.containerId(), LOOPBACK_IF, netns, sandbox.cniArgs(), Map.of()));
      checkList(main, attachmentFor(main, sandbox.containerId(), sandbox.ifName(), netns, sandbox.cniArgs(), caps));
    }
  }

  /** Whether the cache has an attachment of the sandbox on the node's network (eth0) or on lo. */
  public boolean knows(String containerId) {
    return cache.read(main.name(), containerId, PodSandbox.DEFAULT_IFNAME).isPresent()
        || cache.read(loopback.name(), containerId, LOOPBACK_IF).isPresent();
  }

  /** The cached attachments: what the plugins were asked to set up and not yet to release. */
  public List<CachedAttachment> attachments() { return cache.all(); }

  /** The pod network a sandbox got, from the cache (an agent restart rebuilds pod IPs from it). */
  public Optional<PodNetwork> cachedNetwork(String containerId, String ifName) {
    return cache.read(main.name(), containerId, ifName)
        .flatMap(CachedAttachment::result)
        .map(r -> PodNetwork.of(containerId, ifName, CniResult.parse(r)));
  }

  // ---- lists of plugins -----------------------------------------------------------------------

  private JsonNode addList(NetworkConfigList list, PluginInvocation inv) throws CniException {
    return addList(list, inv, Map.of());
  }

  private JsonNode addList(NetworkConfigList list, PluginInvocation inv, Map<String, JsonNode> caps) throws CniException {
    Optional<JsonNode> prev = Optional.empty();
    for (ObjectNode plugin : list.plugins()) {
      String type = NetworkConfigList.type(plugin);
      PluginOutcome outcome = run(CniCommand.ADD, type, inv, PluginStdin.build(list, plugin, prev, caps));
      if (outcome instanceof PluginOutcome.Failed f) throw CniException.pluginFailed(CniCommand.ADD, type, f.error());
      byte[] out = ((PluginOutcome.Succeeded) outcome).stdout();
      try {
        prev = Optional.of(CniJson.object(out, "invalid result"));
      } catch (IllegalArgumentException e) {
        throw CniException.pluginNotRun(CniCommand.ADD, type,
            e.getMessage() + ": " + GoQuote.quote(new String(out, StandardCharsets.UTF_8)), e);
      }
    }
    return prev.orElseThrow();
  }

  private void delList(NetworkConfigList list, CachedAttachment a) throws CniException {
    PluginInvocation inv = invocation(a);
    List<ObjectNode> plugins = list.plugins();
    for (int i = plugins.size() - 1; i >= 0; i--) {
      ObjectNode plugin = plugins.get(i);
      String type = NetworkConfigList.type(plugin);
      PluginOutcome outcome = run(CniCommand.DEL, type, inv, PluginStdin.build(list, plugin, a.result(), a.capabilityArgs()));
      if (outcome instanceof PluginOutcome.Failed f) throw CniException.pluginFailed(CniCommand.DEL, type, f.error());
    }
  }

  private void checkList(NetworkConfigList list, CachedAttachment a) throws CniException {
    if (list.disableCheck()) return;
    PluginInvocation inv = invocation(a);
    for (ObjectNode plugin : list.plugins()) {
      String type = NetworkConfigList.type(plugin);
      PluginOutcome outcome = run(CniCommand.CHECK, type, inv, PluginStdin.build(list, plugin, a.result(), a.capabilityArgs()));
      if (outcome instanceof PluginOutcome.Failed f) throw CniException.pluginFailed(CniCommand.CHECK, type, f.error());
    }
  }

  /**
   * DEL of each attachment; the first failure is thrown after all were tried, and a failed one
   * keeps its cache entry so that the next DEL tries again.
   */
  private void deleteAttachments(String containerId, List<CachedAttachment> attachments, boolean afterFailedAdd)
      throws CniException {
    CniException first = null;
    for (CachedAttachment a : attachments) {
      try {
        CachedAttachment current = afterFailedAdd ? withCachedResult(a) : a;
        delList(listFor(current), withLiveNetns(current));
        cache.remove(a.networkName(), containerId, a.ifName());
      } catch (CniException e) {
        if (first == null) first = e;
      } catch (IOException e) {
        if (first == null) first = CniException.runtime(CniCommand.DEL, "failed to remove network " + GoQuote.quote(a.networkName())
            + " cached result: " + e.getMessage(), e);
      }
    }
    if (first != null) throw first;
  }

  // ---- attachments and the cache -----------------------------------------------------------------

  /** What DEL and CHECK run with: the caller's view, completed from the cache. */
  private CachedAttachment attachmentFor(NetworkConfigList list, String containerId, String ifName, String netns,
      CniArgs args, Map<String, JsonNode> caps) {
    Optional<CachedAttachment> cached = cache.read(list.name(), containerId, ifName);
    Map<String, JsonNode> capabilities = !caps.isEmpty() ? caps : cached.map(CachedAttachment::capabilityArgs).orElse(Map.of());
    return new CachedAttachment(containerId, list.name(), ifName, netns, args, capabilities, list.bytes(),
        cached.flatMap(CachedAttachment::result));
  }

  private CachedAttachment withCachedResult(CachedAttachment a) {
    return cache.read(a.networkName(), a.containerId(), a.ifName()).orElse(a);
  }

  /**
   * containerd passes an empty CNI_NETNS when the netns is gone; the plugins then release only
   * what is outside it. A /run/netns name with no namespace mounted on it counts as gone: the
   * plugins would fail on it ("not a network namespace") at every DEL.
   */
  private static CachedAttachment withLiveNetns(CachedAttachment a) {
    if (a.netns().isEmpty() || NetnsMounts.isLive(Path.of(a.netns()))) return a;
    return new CachedAttachment(a.containerId(), a.networkName(), a.ifName(), "", a.cniArgs(), a.capabilityArgs(), a.config(),
        a.result());
  }

  /** The runtime's own list for its networks; for any other, the config the attachment was added with. */
  private NetworkConfigList listFor(CachedAttachment a) throws CniException {
    if (a.networkName().equals(main.name())) return main;
    if (a.networkName().equals(loopback.name())) return loopback;
    try {
      return NetworkConfigList.parse(a.config());
    } catch (IllegalArgumentException e) {
      throw CniException.runtime(CniCommand.DEL, "cached config of network " + GoQuote.quote(a.networkName()) + ": "
          + e.getMessage(), e);
    }
  }

  private void writeCache(CachedAttachment a, CniCommand command) throws CniException {
    try {
      cache.write(a);
    } catch (IOException e) {
      throw CniException.runtime(command, "failed to set network " + GoQuote.quote(a.networkName()) + " cached result: "
          + e.getMessage(), e);
    }
  }

  private PluginInvocation invocation(CachedAttachment a) {
    return new PluginInvocation(CniCommand.ADD, a.containerId(), a.netns(), a.ifName(), a.cniArgs(), options.pluginDirs());
  }

  private static Map<String, JsonNode> capabilityArgs(List<PortMapping> mappings) {
    if (mappings.isEmpty()) return Map.of();
    ArrayNode list = Json.array();
    mappings.forEach(m -> list.add(m.json()));
    return Map.of(PORT_MAPPINGS, list);
  }

  private Object lock(String containerId) { return locks[Math.floorMod(containerId.hashCode(), locks.length)]; }

  // ---- running plugins ---------------------------------------------------------------------------

  private PluginOutcome run(CniCommand command, String type, PluginInvocation inv, ObjectNode stdin) throws CniException {
    Path plugin = find(command, type);
    try {
      return options.executor().execute(plugin, inv.withCommand(command).env(), Json.bytes(stdin));
    } catch (IllegalStateException e) {
      throw CniException.pluginNotRun(command, type, e.getMessage(), e);
    }
  }

  /** libcni's FindInPath, with its message. */
  private Path find(CniCommand command, String type) throws CniException {
    if (type.isEmpty() || type.contains("/")) throw CniException.pluginNotRun(command, type, "invalid plugin name: " + type, null);
    for (Path dir : options.pluginDirs()) {
      Path p = dir.resolve(type);
      if (Files.isRegularFile(p)) return p;
    }
    throw CniException.pluginNotRun(command, type, "failed to find plugin " + GoQuote.quote(type) + " in path "
        + "[" + String.join(" ", options.pluginDirs().stream().map(Path::toString).toList()) + "]", null);
  }

  /** Every plugin type the networks use, IPAM plugins included. */
  private List<String> pluginTypes() {
    List<String> types = new ArrayList<>();
    for (NetworkConfigList list : List.of(main, loopback)) {
      for (ObjectNode p : list.plugins()) {
        if (!types.contains(NetworkConfigList.type(p))) types.add(NetworkConfigList.type(p));
        String ipam = p.path("ipam").path("type").asText("");
        if (!ipam.isEmpty() && !types.contains(ipam)) types.add(ipam);
      }
    }
    return types;
  }

  private List<String> versionsOf(String type, String preferred) throws CniException {
    ObjectNode stdin = Json.object().put("cniVersion", preferred);
    PluginOutcome outcome = run(CniCommand.VERSION, type, PluginInvocation.version(options.pluginDirs()), stdin);
    if (outcome instanceof PluginOutcome.Failed f) throw CniException.pluginFailed(CniCommand.VERSION, type, f.error());
    try {
      return CniVersions.supported(CniJson.object(((PluginOutcome.Succeeded) outcome).stdout(), "invalid VERSION answer"));
    } catch (IllegalArgumentException e) {
      throw CniException.pluginNotRun(CniCommand.VERSION, type, e.getMessage(), e);
    }
  }

  private void writeConfFiles() throws CniException {
    try {
      Files.createDirectories(options.confDir());
      writeAtomically(conflistFile(), CniJson.pretty(network.conflist()));
      writeAtomically(loopbackConflistFile(), CniJson.pretty(network.loopbackConflist()));
    } catch (IOException e) {
      throw CniException.runtime(CniCommand.ADD, "failed to write the CNI configuration to " + options.confDir() + ": "
          + e.getMessage(), e);
    }
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
    Files.writeString(tmp, text);
    try {
      Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
