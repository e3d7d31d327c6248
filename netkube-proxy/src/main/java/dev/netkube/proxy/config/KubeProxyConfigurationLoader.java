package dev.netkube.proxy.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.netkube.model.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a KubeProxyConfiguration file as kube-proxy does: decoded (unknown fields only warned about, as kube-proxy
 * falls back to lenient decoding for v1alpha1), defaulted ({@code SetDefaults_KubeProxyConfiguration}), then
 * validated with upstream's field paths and messages. Pure: text in, {@link ConfigLoad} out.
 */
public final class KubeProxyConfigurationLoader {
  private static final String MODE_MESSAGE =
      "must be iptables, ipvs, nftables or blank (blank means the best-available proxy [currently iptables])";
  private static final List<String> LOCAL_MODES = List.of("ClusterCIDR", "NodeCIDR", "BridgeInterface", "InterfaceNamePrefix", "");

  /** v1alpha1's fields (those netkube ignores too, so that only real typos are warned about). */
  private static final Map<String, Set<String>> KNOWN = Map.of(
      "", Set.of("apiVersion", "kind", "featureGates", "clientConnection", "logging", "hostnameOverride", "bindAddress",
          "healthzBindAddress", "metricsBindAddress", "bindAddressHardFail", "enableProfiling", "showHiddenMetricsForVersion",
          "mode", "iptables", "ipvs", "nftables", "winkernel", "detectLocalMode", "detectLocal", "clusterCIDR",
          "nodePortAddresses", "oomScoreAdj", "conntrack", "configSyncPeriod", "portRange", "udpIdleTimeout", "windowsRunAsService"),
      "clientConnection", Set.of("kubeconfig", "acceptContentTypes", "contentType", "qps", "burst"),
      "iptables", Set.of("masqueradeAll", "masqueradeBit", "localhostNodePorts", "syncPeriod", "minSyncPeriod"),
      "nftables", Set.of("masqueradeAll", "masqueradeBit", "syncPeriod", "minSyncPeriod"),
      "ipvs", Set.of("syncPeriod", "minSyncPeriod", "scheduler", "excludeCIDRs", "strictARP", "tcpTimeout", "tcpFinTimeout",
          "udpTimeout"),
      "conntrack", Set.of("maxPerCore", "min", "tcpEstablishedTimeout", "tcpCloseWaitTimeout", "tcpBeLiberal", "udpTimeout",
          "udpStreamTimeout"),
      "detectLocal", Set.of("bridgeInterface", "interfaceNamePrefix", "clusterCIDRs"));

  private KubeProxyConfigurationLoader() {}

  public static ConfigLoad load(String text) { return load(text, Map.of()); }

  /**
   * With kube-proxy's flags applied over the file: {@code overrides} are top-level fields (flag --proxy-mode is
   * {@code mode}, --cluster-cidr is {@code clusterCIDR}) that replace the file's, as upstream's flags do.
   */
  public static ConfigLoad load(String text, Map<String, String> overrides) {
    JsonNode root;
    try {
      root = Json.parseYaml(text);
    } catch (IOException e) {
      return new ConfigLoad.Invalid("failed to decode: " + firstLine(e.getMessage()));
    }
    if (root == null || !root.isObject()) return new ConfigLoad.Invalid("failed to decode: Object 'Kind' is missing in '" + text.strip() + "'");
    overrides.forEach(((ObjectNode) root)::put);
    String kind = root.path("kind").asText("");
    String apiVersion = root.path("apiVersion").asText("");
    if (kind.isEmpty()) return new ConfigLoad.Invalid("failed to decode: Object 'Kind' is missing in '" + text.strip() + "'");
    if (!kind.equals(KubeProxyConfiguration.KIND) || !apiVersion.equals(KubeProxyConfiguration.API_VERSION)) {
      return new ConfigLoad.Invalid("failed to decode: no kind \"" + kind + "\" is registered for version \"" + apiVersion
          + "\" in scheme \"pkg/runtime/scheme.go:100\"");
    }
    List<String> warnings = unknownFields(root);
    Reader r = new Reader(root);
    ProxyMode mode;
    String modeText = r.text("mode");
    List<String> errors = new ArrayList<>();
    Optional<ProxyMode> parsed = ProxyMode.of(modeText);
    if (parsed.isEmpty()) {
      errors.add("KubeProxyConfiguration.ProxyMode: Invalid value: \"" + modeText + "\": " + MODE_MESSAGE);
      mode = ProxyMode.IPTABLES;
    } else {
      mode = parsed.get();
    }
    // the sync periods and masquerade settings come from the mode's own section (nftables: or iptables:)
    String section = mode == ProxyMode.NFTABLES ? "nftables" : mode == ProxyMode.IPVS ? "ipvs" : "iptables";
    Duration syncPeriod = r.duration(section + ".syncPeriod", Duration.ofSeconds(30));
    Duration minSyncPeriod = r.duration(section + ".minSyncPeriod", Duration.ofSeconds(1));
    boolean masqueradeAll = r.bool(section + ".masqueradeAll", false);
    int masqueradeBit = r.integer(section + ".masqueradeBit", 14);
    boolean localhostNodePorts = r.bool("iptables.localhostNodePorts", true);
    String bindAddress = r.text("bindAddress");
    boolean ipv6 = bindAddress.contains(":");
    String healthz = withPort(r.text("healthzBindAddress"), ipv6 ? "[::]" : "0.0.0.0", 10256);
    String metrics = withPort(r.text("metricsBindAddress"), ipv6 ? "[::1]" : "127.0.0.1", 10249);
    String clusterCidr = r.text("clusterCIDR");
    List<String> nodePortAddresses = r.strings("nodePortAddresses");
    String detectLocalMode = r.text("detectLocalMode");
    KubeProxyConfiguration.Conntrack conntrack = new KubeProxyConfiguration.Conntrack(
        r.integer("conntrack.maxPerCore", 32 * 1024), r.integer("conntrack.min", 128 * 1024),
        r.duration("conntrack.tcpEstablishedTimeout", Duration.ofHours(24)), r.duration("conntrack.tcpCloseWaitTimeout", Duration.ofHours(1)),
        r.bool("conntrack.tcpBeLiberal", false), r.duration("conntrack.udpTimeout", Duration.ZERO),
        r.duration("conntrack.udpStreamTimeout", Duration.ZERO));
    Duration configSyncPeriod = r.duration("configSyncPeriod", Duration.ofMinutes(15));
    String portRangeText = r.text("portRange");
    // the userspace proxy's field of v1alpha1 before 1.26 (default 250ms); later releases dropped it with the mode
    Duration udpIdleTimeout = r.duration("udpIdleTimeout", Duration.ofMillis(250));
    if (!r.decodeErrors.isEmpty()) return new ConfigLoad.Invalid("failed to decode: " + r.decodeErrors.get(0));

    String path = "KubeProxyConfiguration.";
    if (syncPeriod.compareTo(Duration.ZERO) <= 0) errors.add(invalid(path + "SyncPeriod", GoDuration.format(syncPeriod), "must be greater than 0"));
    if (minSyncPeriod.isNegative()) errors.add(invalid(path + "MinSyncPeriod", GoDuration.format(minSyncPeriod), "must be greater than or equal to 0"));
    if (syncPeriod.compareTo(minSyncPeriod) < 0) {
      errors.add(invalid(path + "SyncPeriod", GoDuration.format(minSyncPeriod), "must be greater than or equal to KubeProxyConfiguration.MinSyncPeriod"));
    }
    if (configSyncPeriod.compareTo(Duration.ZERO) <= 0) errors.add(invalid(path + "ConfigSyncPeriod", GoDuration.format(configSyncPeriod), "must be greater than 0"));
    if (masqueradeBit < 0 || masqueradeBit > 31) {
      String sectionPath = mode == ProxyMode.NFTABLES ? "KubeNFTablesConfiguration" : "KubeIPTablesConfiguration";
      errors.add(invalid(path + sectionPath + ".MasqueradeBit", Integer.toString(masqueradeBit), "must be within the range [0, 31]"));
    }
    Optional<PortRange> portRange = PortRange.parse(portRangeText);
    if (portRange.isEmpty()) errors.add(invalid(path + "PortRange", portRangeText, "must be a valid port range (e.g. 300-2000)"));
    if (udpIdleTimeout.compareTo(Duration.ZERO) <= 0) {
      errors.add(invalid(path + "UDPIdleTimeout", GoDuration.format(udpIdleTimeout), "must be greater than 0"));
    }
    if (!isIpPort(healthz)) errors.add(invalid(path + "HealthzBindAddress", healthz, "must be IP:port"));
    if (!isIpPort(metrics)) errors.add(invalid(path + "MetricsBindAddress", metrics, "must be IP:port"));
    if (!LOCAL_MODES.contains(detectLocalMode)) {
      errors.add(path + "DetectLocalMode: Unsupported value: \"" + detectLocalMode + "\": supported values: \"ClusterCIDR\", \"NodeCIDR\", "
          + "\"BridgeInterface\", \"InterfaceNamePrefix\", \"\"");
    }
    if (!clusterCidr.isEmpty()) {
      String[] parts = clusterCidr.split(",", -1);
      for (String cidr : parts) {
        if (!Cidrs.isCidr(cidr.strip())) {
          errors.add(invalid(path + "ClusterCIDR", clusterCidr, "must be a valid CIDR block (e.g. 10.100.0.0/16 or fde4:8dba:82e1::/48)"));
          break;
        }
      }
    }
    for (int i = 0; i < nodePortAddresses.size(); i++) {
      String a = nodePortAddresses.get(i);
      if (a.equals("primary") && nodePortAddresses.size() == 1) continue;
      if (a.equals("primary")) {
        errors.add(invalid(path + "NodePortAddresses[" + i + "]", a, "can't use both 'primary' and CIDRs"));
      } else if (!Cidrs.isCidr(a)) {
        errors.add(invalid(path + "NodePortAddresses[" + i + "]", a, "must be a valid CIDR"));
      } else if (mode == ProxyMode.NFTABLES && Cidrs.isLoopback(a)) {
        // nftables mode never accepts NodePorts on 127.0.0.0/8 (route_localnet is an iptables-only hack)
        errors.add(invalid(path + "NodePortAddresses[" + i + "]", a, "loopback addresses are not supported in nftables mode"));
      }
    }
    if (conntrack.maxPerCore() < 0) errors.add(invalid(path + "Conntrack.MaxPerCore", Integer.toString(conntrack.maxPerCore()), "must be greater than or equal to 0"));
    if (conntrack.min() < 0) errors.add(invalid(path + "Conntrack.Min", Integer.toString(conntrack.min()), "must be greater than or equal to 0"));
    if (!errors.isEmpty()) {
      // utilerrors.NewAggregate: one error alone, several as a bracketed list
      return new ConfigLoad.Invalid("failed validate: " + (errors.size() == 1 ? errors.get(0) : "[" + String.join(", ", errors) + "]"));
    }
    return new ConfigLoad.Loaded(new KubeProxyConfiguration(optional(r.text("clientConnection.kubeconfig")),
        optional(r.text("hostnameOverride")), mode, syncPeriod, minSyncPeriod, masqueradeAll, masqueradeBit, localhostNodePorts,
        optional(clusterCidr), nodePortAddresses, healthz, metrics, detectLocalMode.isEmpty() ? "ClusterCIDR" : detectLocalMode,
        conntrack, configSyncPeriod, portRange.orElseThrow(), udpIdleTimeout), warnings);
  }

  private static String invalid(String field, String value, String detail) {
    return field + ": Invalid value: \"" + value + "\": " + detail;
  }

  private static Optional<String> optional(String s) { return s.isEmpty() ? Optional.empty() : Optional.of(s); }

  /** proxyutil.AppendPortIfNeeded, and upstream's default address when blank. */
  private static String withPort(String address, String defaultHost, int port) {
    if (address.isEmpty()) return defaultHost + ":" + port;
    if (isIpPort(address)) return address;
    if (Cidrs.isIp(address)) return address.contains(":") ? "[" + address + "]:" + port : address + ":" + port;
    return address;
  }

  private static boolean isIpPort(String s) {
    int colon = s.lastIndexOf(':');
    if (colon <= 0) return false;
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
    else if (host.contains(":")) return false;
    try {
      int port = Integer.parseInt(s.substring(colon + 1));
      return port >= 0 && port <= 65535 && Cidrs.isIp(host);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static List<String> unknownFields(JsonNode root) {
    List<String> out = new ArrayList<>();
    check(root, "", out);
    return out;
  }

  private static void check(JsonNode node, String section, List<String> out) {
    Set<String> known = KNOWN.get(section);
    if (known == null || !node.isObject()) return;
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      String path = section.isEmpty() ? name : section + "." + name;
      if (!known.contains(name)) out.add("strict decoding error: unknown field \"" + path + "\"");
      else if (section.isEmpty()) check(node.get(name), name, out);
    }
  }

  private static String firstLine(String s) {
    if (s == null) return "invalid YAML";
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Dotted paths into the tree; a field that is absent or null reads as its default. */
  private static final class Reader {
    private final JsonNode root;
    final List<String> decodeErrors = new ArrayList<>();

    Reader(JsonNode root) { this.root = root; }

    private JsonNode at(String dotted) {
      JsonNode n = root;
      for (String part : dotted.split("\\.")) {
        n = n.path(part);
      }
      return n.isMissingNode() || n.isNull() ? null : n;
    }

    String text(String path) {
      JsonNode n = at(path);
      if (n == null) return "";
      if (!n.isTextual()) {
        decodeErrors.add("json: cannot unmarshal " + jsonType(n) + " into Go struct field of type string (" + path + ")");
        return "";
      }
      return n.asText();
    }

    boolean bool(String path, boolean dflt) {
      JsonNode n = at(path);
      if (n == null) return dflt;
      if (!n.isBoolean()) {
        decodeErrors.add("json: cannot unmarshal " + jsonType(n) + " into Go struct field of type bool (" + path + ")");
        return dflt;
      }
      return n.asBoolean();
    }

    /** Upstream's pointer fields: null or absent take the default; so does 0 for the counts kubeadm writes as 0. */
    int integer(String path, int dflt) {
      JsonNode n = at(path);
      if (n == null) return dflt;
      if (!n.isIntegralNumber()) {
        decodeErrors.add("json: cannot unmarshal " + jsonType(n) + " into Go struct field of type int32 (" + path + ")");
        return dflt;
      }
      return n.asInt();
    }

    /** metav1.Duration: a Go duration string; 0 (what kubeadm writes) means "use the default". */
    Duration duration(String path, Duration dflt) {
      JsonNode n = at(path);
      if (n == null) return dflt;
      if (!n.isTextual()) {
        decodeErrors.add("json: cannot unmarshal " + jsonType(n) + " into Go struct field of type metav1.Duration (" + path + ")");
        return dflt;
      }
      Optional<Duration> d = GoDuration.parse(n.asText());
      if (d.isEmpty()) {
        decodeErrors.add("time: invalid duration \"" + n.asText() + "\"");
        return dflt;
      }
      return d.get().isZero() ? dflt : d.get();
    }

    List<String> strings(String path) {
      JsonNode n = at(path);
      if (n == null) return List.of();
      if (!n.isArray()) {
        decodeErrors.add("json: cannot unmarshal " + jsonType(n) + " into Go struct field of type []string (" + path + ")");
        return List.of();
      }
      List<String> out = new ArrayList<>();
      n.forEach(e -> out.add(e.asText()));
      return out;
    }

    private static String jsonType(JsonNode n) {
      if (n.isTextual()) return "string";
      if (n.isNumber()) return "number";
      if (n.isBoolean()) return "bool";
      if (n.isArray()) return "array";
      return "object";
    }
  }
}
