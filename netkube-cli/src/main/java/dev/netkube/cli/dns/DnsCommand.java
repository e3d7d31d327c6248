package dev.netkube.cli.dns;

import dev.netkube.cli.UserError;
import dev.netkube.dns.corefile.CorefileException;
import dev.netkube.dns.corefile.ImportSource;
import dev.netkube.dns.kubernetes.ClusterClients;
import dev.netkube.dns.metrics.DnsMetrics;
import dev.netkube.dns.plugin.PluginRegistry;
import dev.netkube.dns.server.CorefileLoader;
import dev.netkube.dns.server.DnsServer;
import dev.netkube.dns.server.ServerBlockConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The cluster DNS role (CoreDNS), as the coredns Deployment's image runs it: CoreDNS's own flags
 * ({@code -conf /etc/coredns/Corefile}, {@code -dns.port}), its Corefile, its log lines on standard output.
 */
@Command(name = "dns", mixinStandardHelpOptions = true,
    description = "Run the cluster DNS server (CoreDNS-compatible) in the foreground.")
public final class DnsCommand implements Callable<Integer> {
  @Option(names = {"-conf", "--conf"}, paramLabel = "FILE", description = "The Corefile (default: ./Corefile).")
  Path conf = Path.of("Corefile");

  @Option(names = {"-dns.port", "--dns.port", "-p"}, paramLabel = "PORT", description = "The port of keys without one (default 53).")
  int port = 53;

  @Option(names = {"-bind", "--bind"}, paramLabel = "ADDRESS", description = "The address to listen on (default: all).")
  String bind = "0.0.0.0";

  @Option(names = {"-quiet", "--quiet"}, description = "Do not print the start banner (CoreDNS's -quiet).")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    if (!Files.isRegularFile(conf)) {
      throw new UserError("open " + conf + ": no such file or directory",
          "kubectl -n kube-system get configmap coredns (its Corefile is mounted at /etc/coredns)");
    }
    DnsMetrics metrics = new DnsMetrics();
    ClusterClients clusters = new ClusterClients(System.getenv());
    CorefileLoader loader = new CorefileLoader(PluginRegistry.standard(), System::getenv, ImportSource.FILES, port);
    DnsServer server;
    try {
      server = DnsServer.start(conf, loader, new dev.netkube.dns.server.ServerServices(metrics, DnsCommand::out,
          Clock.systemUTC(), clusters, reason -> {
            System.out.flush();
            Runtime.getRuntime().halt(1); // CoreDNS's log.Fatal: the process ends, kubelet restarts it
          }), bind);
    } catch (CorefileException e) {
      clusters.close();
      throw new UserError(e.getMessage(), "fix the Corefile (kubectl -n kube-system edit configmap coredns)");
    }
    if (!quiet) {
      for (ServerBlockConfig b : server.generation().corefile().blocks()) {
        for (var a : b.addresses()) out(a.zone() + ":" + a.port());
      }
      out("CoreDNS-" + DnsMetrics.VERSION + " (netkube)");
      out("linux/" + System.getProperty("os.arch") + ", java" + System.getProperty("java.version"));
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      clusters.close();
      stopped.countDown();
    }, "dns-shutdown"));
    stopped.await();
    return 0;
  }

  private static synchronized void out(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
