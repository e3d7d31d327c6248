package dev.netkube.dns.plugin.kubernetes;

import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.corefile.Dispenser;
import dev.netkube.dns.plugin.Fallthrough;
import dev.netkube.dns.plugin.GoDuration;
import dev.netkube.dns.plugin.Handler;
import dev.netkube.dns.plugin.Plugin;
import dev.netkube.dns.plugin.PluginContext;
import dev.netkube.dns.plugin.Zones;
import dev.netkube.dns.plugin.autopath.SearchDomains;
import dev.netkube.dns.plugin.kubernetes.KubernetesConfig.PodMode;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code kubernetes [ZONES...] { ... }}: CoreDNS's options and its setup's error words. */
public final class KubernetesSetup implements Plugin<KubernetesConfig> {
  public static final String NAME = "kubernetes";

  @Override public String name() { return NAME; }

  @Override
  public KubernetesConfig parse(Dispenser c, List<String> blockZones) throws CorefileException {
    KubernetesConfig config = null;
    while (c.next()) {
      if (config != null) throw CorefileException.plugin(NAME, "this plugin can only be used once per Server Block");
      List<String> zones = Zones.fromArgsOrBlock(c.remainingArgs(), blockZones);
      Optional<String> endpoint = Optional.empty();
      Optional<String> kubeconfig = Optional.empty();
      Optional<String> context = Optional.empty();
      Set<String> namespaces = new LinkedHashSet<>();
      Optional<String> labels = Optional.empty();
      Optional<String> namespaceLabels = Optional.empty();
      PodMode pods = PodMode.DISABLED;
      boolean podNames = false;
      int ttl = 5;
      boolean noEndpoints = false;
      Fallthrough fall = Fallthrough.OFF;
      boolean ignoreEmpty = false;
      Duration startup = Duration.ofSeconds(5);
      while (c.nextBlock()) {
        String property = c.val();
        List<String> args;
        switch (property) {
          case "endpoint_pod_names" -> {
            if (!c.remainingArgs().isEmpty()) throw plugin(c.argErr());
            podNames = true;
          }
          case "pods" -> {
            args = c.remainingArgs();
            if (args.size() != 1) throw plugin(c.argErr());
            pods = switch (args.get(0)) {
              case "disabled" -> PodMode.DISABLED;
              case "insecure" -> PodMode.INSECURE;
              case "verified" -> PodMode.VERIFIED;
              default -> throw plugin(c.errf("wrong value for pods: %s,  must be one of: disabled, verified, insecure", args.get(0)));
            };
          }
          case "namespaces" -> {
            args = c.remainingArgs();
            if (args.isEmpty()) throw plugin(c.argErr());
            namespaces.addAll(args);
          }
          case "endpoint" -> {
            args = c.remainingArgs();
            if (args.size() != 1) throw plugin(c.argErr());
            endpoint = Optional.of(args.get(0));
          }
          case "tls" -> {
            if (c.remainingArgs().size() != 3) throw plugin(c.argErr());
            throw plugin(c.err("tls is not supported by netkube: use kubeconfig"));
          }
          case "labels" -> {
            args = c.remainingArgs();
            if (args.isEmpty()) throw plugin(c.argErr());
            labels = Optional.of(String.join(" ", args));
          }
          case "namespace_labels" -> {
            args = c.remainingArgs();
            if (args.isEmpty()) throw plugin(c.argErr());
            namespaceLabels = Optional.of(String.join(" ", args));
          }
          case "fallthrough" -> fall = Fallthrough.of(c.remainingArgs());
          case "ttl" -> {
            args = c.remainingArgs();
            if (args.size() != 1) throw plugin(c.argErr());
            try {
              ttl = Integer.parseInt(args.get(0));
            } catch (NumberFormatException e) {
              throw CorefileException.plugin(NAME, "strconv.Atoi: parsing \"" + args.get(0) + "\": invalid syntax");
            }
            if (ttl < 0 || ttl > 3600) throw plugin(c.errf("ttl must be in range [0, 3600]: %d", ttl));
          }
          case "noendpoints" -> {
            if (!c.remainingArgs().isEmpty()) throw plugin(c.argErr());
            noEndpoints = true;
          }
          case "ignore" -> {
            args = c.remainingArgs();
            if (args.isEmpty()) throw plugin(c.argErr());
            if (!args.get(0).equals("empty_service")) {
              throw CorefileException.plugin(NAME, "unable to parse ignore value: '" + args.get(0) + "'");
            }
            ignoreEmpty = true;
          }
          case "kubeconfig" -> {
            args = c.remainingArgs();
            if (args.isEmpty() || args.size() > 2) throw plugin(c.argErr());
            kubeconfig = Optional.of(args.get(0));
            if (args.size() == 2) context = Optional.of(args.get(1));
          }
          case "startup_timeout" -> {
            args = c.remainingArgs();
            if (args.size() != 1) throw plugin(c.argErr());
            try {
              startup = GoDuration.parse(args.get(0));
            } catch (IllegalArgumentException e) {
              throw CorefileException.plugin(NAME, e.getMessage());
            }
          }
          default -> throw plugin(c.errf("unknown property '%s'", property));
        }
      }
      if (!namespaces.isEmpty() && namespaceLabels.isPresent()) {
        throw plugin(c.err("namespaces and namespace_labels cannot both be set"));
      }
      config = new KubernetesConfig(zones, endpoint, kubeconfig, context, namespaces, labels, namespaceLabels, pods,
          podNames, ttl, noEndpoints, fall, ignoreEmpty, startup);
    }
    return config;
  }

  /** The server's own search domains, appended to a pod's by autopath (CoreDNS's searchFromResolvConf). */
  private static List<String> hostSearch() {
    try {
      return SearchDomains.of(java.nio.file.Files.readString(java.nio.file.Path.of("/etc/resolv.conf")));
    } catch (java.io.IOException e) {
      return List.of();
    }
  }

  private static CorefileException plugin(CorefileException e) { return CorefileException.plugin(NAME, e.getMessage()); }

  @Override
  public Handler start(KubernetesConfig config, PluginContext context) throws InterruptedException {
    ClusterSource source = context.services().clusterSource(config);
    context.ready(NAME, source::synced);
    // CoreDNS holds the server's start up to startup_timeout for the first sync, then serves SERVFAIL until it comes
    long deadline = System.nanoTime() + config.startupTimeout().toNanos();
    while (!source.synced() && System.nanoTime() < deadline) Thread.sleep(20);
    if (!source.synced()) context.log("[WARNING] plugin/kubernetes: starting server with unsynced Kubernetes API");
    context.provide(NAME, new KubernetesAutoPath(config, source, hostSearch()));
    return new KubernetesHandler(config, source, context.lookup());
  }
}
