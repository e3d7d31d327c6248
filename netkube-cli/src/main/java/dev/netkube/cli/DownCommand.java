package dev.netkube.cli;

import dev.netkube.cli.cluster.ClusterNetwork;
import dev.netkube.cli.cluster.LayoutObserver;
import dev.netkube.cli.cluster.LayoutState;
import dev.netkube.cli.cluster.Ownership;
import dev.netkube.cli.cluster.agents.AgentLauncher;
import dev.netkube.cli.kubeconfig.KubeconfigPaths;
import dev.netkube.cli.kubeconfig.KubeconfigUpdater;
import dev.netkube.cli.process.LinuxProcessTable;
import dev.netkube.cli.process.PidFile;
import dev.netkube.cli.process.ServerProcess;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Stops the node agents and the server (SIGTERM, then SIGKILL after 10 s) and removes the cluster's
 * network; with --purge also forgets the cluster.
 */
@Command(name = "down", mixinStandardHelpOptions = true,
    description = {"Stop netkube and remove its network (namespaces, links, routes, nftables table), also after a"
        + " crash. Nothing running is not an error.",
        "With --purge, also remove the \"netkube\" entries from your kubeconfig and the state folder ($NETKUBE_HOME)."})
public final class DownCommand implements Callable<Integer> {
  static final long GRACE_SECONDS = 10;

  @Option(names = "--purge", description = "Also delete all state (objects, certificates, logs) and the kubeconfig entries.")
  boolean purge;

  @Option(names = "--kubeconfig", paramLabel = "FILE",
      description = "Kubeconfig file to remove the entries from with --purge (default: $KUBECONFIG, else ~/.kube/config).")
  Path kubeconfig;

  @Override
  public Integer call() throws Exception {
    NetkubeHome home = NetkubeHome.fromEnvironment();
    List<Long> agents = AgentLauncher.stop(home, node -> true);
    if (!agents.isEmpty()) System.out.println("netkube: stopped " + agents.size() + " node agent" + (agents.size() == 1 ? "" : "s"));
    PidFile pidFile = new PidFile(home.pidFile());
    ServerProcess state = pidFile.check(new LinuxProcessTable());
    if (state instanceof ServerProcess.Running running) {
      stop(running.pid());
    } else if (state instanceof ServerProcess.Stale stale) {
      System.out.println("netkube: nothing was running (removed a stale pid file: " + stale.reason() + ")");
    } else {
      System.out.println("netkube: nothing was running");
    }
    pidFile.remove();
    Files.deleteIfExists(home.serverInfoFile());
    boolean removed = removeNetwork(home);
    if (purge) purge(home);
    return removed ? 0 : 1;
  }

  /**
   * Removes the network of every prefix this state folder made: the one its layout file names,
   * and any whose host link's alias names this folder (a layout file lost or damaged). False
   * when something could not be removed (said on stderr).
   */
  static boolean removeNetwork(NetkubeHome home) throws InterruptedException, IOException {
    Set<String> prefixes = new TreeSet<>();
    try {
      LayoutState.read(home.layoutFile()).ifPresent(state -> prefixes.add(state.spec().prefix()));
    } catch (IOException e) {
      System.err.println("netkube: " + e.getMessage() + "; looking for the network by its links' aliases");
    }
    String owner = Ownership.alias(home.dir());
    for (String link : LayoutObserver.hostLinks()) {
      if (link.endsWith("-lan") && LayoutObserver.alias(link).filter(owner::equals).isPresent()) {
        prefixes.add(link.substring(0, link.length() - "-lan".length()));
      }
    }
    boolean ok = true;
    for (String prefix : prefixes) {
      ClusterNetwork.Removed removed = ClusterNetwork.teardown(prefix, home.dir());
      // the agents' memory volumes (secrets, tokens, emptyDir Memory); a killed agent leaves its own
      dev.netkube.agent.volumes.PodVolumes.releaseCluster(dev.netkube.agent.volumes.PodVolumes.MEMORY_ROOT, prefix);
      if (removed.skippedBecause().isPresent()) {
        System.err.println("netkube: left the network alone: " + removed.skippedBecause().get());
        continue;
      }
      if (!removed.nothing()) System.out.println("netkube: removed the cluster network: " + describe(removed));
      if (!removed.leftovers().isEmpty()) {
        System.err.println("netkube: could not remove " + String.join(", ", removed.leftovers())
            + " (NETKUBE_DEBUG=1 ./netkube down again, or remove them by hand: ip link del, ip netns del, nft delete table)");
        ok = false;
      }
    }
    if (ok) Files.deleteIfExists(home.layoutFile());
    return ok;
  }

  private static String describe(ClusterNetwork.Removed removed) {
    List<String> parts = new java.util.ArrayList<>();
    if (!removed.netns().isEmpty()) {
      parts.add(removed.netns().size() + " network namespace" + (removed.netns().size() == 1 ? "" : "s") + " ("
          + String.join(", ", removed.netns()) + ")");
    }
    for (String link : removed.hostLinks()) parts.add("link " + link);
    for (String table : removed.nftTables()) parts.add("nftables table " + table);
    if (removed.processes() > 0) {
      parts.add("ended " + removed.processes() + " process" + (removed.processes() == 1 ? "" : "es") + " left in them");
    }
    return String.join(", ", parts);
  }

  private static void stop(long pid) throws InterruptedException {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty()) {
      System.out.println("netkube: the API server (pid " + pid + ") had already exited");
      return;
    }
    ProcessHandle process = handle.get();
    process.destroy(); // SIGTERM: the server's shutdown hook closes the store cleanly
    try {
      process.onExit().get(GRACE_SECONDS, TimeUnit.SECONDS);
      System.out.println("netkube: stopped the API server (pid " + pid + ")");
    } catch (java.util.concurrent.TimeoutException e) {
      process.destroyForcibly(); // SIGKILL
      try {
        process.onExit().get(5, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ignored) {
        // reported below either way
      }
      System.out.println("netkube: the API server (pid " + pid + ") did not stop within " + GRACE_SECONDS
          + " s of SIGTERM; killed it (SIGKILL)");
    } catch (java.util.concurrent.ExecutionException e) {
      System.out.println("netkube: stopped the API server (pid " + pid + ")");
    }
  }

  private void purge(NetkubeHome home) throws IOException {
    KubeconfigPaths paths = KubeconfigPaths.fromEnvironment(Optional.ofNullable(kubeconfig));
    List<Path> written = new KubeconfigUpdater(paths).remove(ClusterKubeconfig.NAME).written();
    for (Path file : written) System.out.println("netkube: removed the \"netkube\" entries from " + file);
    Path dir = home.dir();
    Path userHome = Path.of(System.getProperty("user.home")).toAbsolutePath().normalize();
    if (dir.getParent() == null || dir.equals(userHome)) {
      throw new UserError("refusing to delete " + dir + " (NETKUBE_HOME points at / or your home folder)",
          "set NETKUBE_HOME to netkube's own state folder");
    }
    if (Files.exists(dir)) {
      deleteRecursively(dir);
      System.out.println("netkube: deleted the state folder " + dir);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    Files.walkFileTree(dir, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.delete(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
        if (e != null) throw e;
        Files.delete(d);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
