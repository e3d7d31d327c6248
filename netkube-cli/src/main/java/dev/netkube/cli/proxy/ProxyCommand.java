package dev.netkube.cli.proxy;

import dev.netkube.cli.UserError;
import dev.netkube.proxy.config.ConfigLoad;
import dev.netkube.proxy.config.KubeProxyConfiguration;
import dev.netkube.proxy.config.KubeProxyConfigurationLoader;
import dev.netkube.proxy.server.KubeconfigClient;
import dev.netkube.proxy.server.ProxyServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The service proxy role (kube-proxy), as the kube-proxy DaemonSet's image runs it on each node: kube-proxy's own
 * flags ({@code --config}, {@code --hostname-override}, ...), its KubeProxyConfiguration file, its messages.
 */
@Command(name = "proxy", mixinStandardHelpOptions = true,
    description = "Run the service proxy (kube-proxy) of this node in the foreground.")
public final class ProxyCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", description = "The KubeProxyConfiguration file (kubeadm: /var/lib/kube-proxy/config.conf).")
  Path config;

  @Option(names = "--hostname-override", paramLabel = "NAME", description = "This node's name.")
  String hostnameOverride;

  @Option(names = "--kubeconfig", paramLabel = "FILE", description = "The kubeconfig (overrides clientConnection.kubeconfig).")
  Path kubeconfig;

  @Option(names = "--proxy-mode", paramLabel = "MODE", description = "nftables, iptables or userspace (overrides mode).")
  String proxyMode;

  @Option(names = "--cluster-cidr", paramLabel = "CIDR", description = "The pod network (overrides clusterCIDR).")
  String clusterCidr;

  @Option(names = {"--v", "-v"}, paramLabel = "LEVEL", description = "Log verbosity (accepted for kube-proxy's sake).")
  int verbosity;

  @Override
  public Integer call() throws Exception {
    String text;
    try {
      text = config == null ? "apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nmode: nftables\n"
          : Files.readString(config);
    } catch (NoSuchFileException e) {
      // kube-proxy's words; in a pod this is the ConfigMap volume at /var/lib/kube-proxy
      throw new UserError("failed to load config file \"" + config + "\": open " + config + ": no such file or directory",
          "kubectl -n kube-system get configmap kube-proxy (its config.conf is mounted at /var/lib/kube-proxy)");
    }
    Map<String, String> flags = new HashMap<>();
    if (proxyMode != null) flags.put("mode", proxyMode);
    if (clusterCidr != null) flags.put("clusterCIDR", clusterCidr);
    ConfigLoad load = KubeProxyConfigurationLoader.load(text, flags);
    if (load instanceof ConfigLoad.Invalid invalid) {
      throw new UserError("failed to load config file \"" + (config == null ? "(flags)" : config) + "\": " + invalid.message(),
          "fix the KubeProxyConfiguration (kubectl -n kube-system edit configmap kube-proxy), then restart the pods");
    }
    ConfigLoad.Loaded loaded = (ConfigLoad.Loaded) load;
    loaded.warnings().forEach(w -> System.err.println("Using lenient decoding as strict decoding failed: " + w));
    KubeProxyConfiguration c = loaded.config();
    String node = hostnameOverride != null ? hostnameOverride
        : c.hostnameOverride().orElse(InetAddress.getLocalHost().getHostName());
    Path kc = kubeconfig != null ? kubeconfig : c.kubeconfig().map(Path::of).orElseThrow(() -> new UserError(
        "no kubeconfig: set clientConnection.kubeconfig or --kubeconfig", "kubeadm's ConfigMap gives /var/lib/kube-proxy/kubeconfig.conf"));
    KubernetesClient client = KubeconfigClient.from(kc);
    ProxyServer server;
    try {
      server = ProxyServer.start(c, client, node);
    } catch (IllegalStateException e) {
      client.close();
      throw new UserError(e.getMessage(), "set mode in the kube-proxy ConfigMap");
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      client.close();
      stopped.countDown();
    }, "proxy-shutdown"));
    System.out.println("netkube: proxy of " + node + " serving (" + c.mode().word() + " mode, healthz " + c.healthzBindAddress()
        + ", metrics " + c.metricsBindAddress() + ")");
    stopped.await();
    return 0;
  }
}
