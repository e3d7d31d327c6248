package dev.netkube.cli.cluster;

import dev.netkube.cli.UserError;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Makes, repairs and removes the cluster's network layout in the kernel: the adapter around
 * {@link LayoutPlanner}, {@link LayoutDiff}, {@link HostRangeCheck} and {@link TeardownPlan}.
 */
public final class ClusterNetwork {
  /** How long processes left in the layout's namespaces get between SIGTERM and SIGKILL. */
  static final Duration PROCESS_GRACE = Duration.ofSeconds(5);

  private ClusterNetwork() {}

  /** What {@link #ensure} did. */
  public record Made(int commands, boolean wasComplete, List<String> removedNetns, Duration took) {}

  /** What {@link #teardown} did. */
  public record Removed(int processes, List<String> netns, List<String> hostLinks, List<String> nftTables,
      List<String> leftovers, Optional<String> skippedBecause) {
    public boolean nothing() { return processes == 0 && netns.isEmpty() && hostLinks.isEmpty() && nftTables.isEmpty(); }
  }

  /**
   * Refuses, as a {@link UserError} saying what and how to fix it, a plan whose names another
   * netkube (or something else) holds, or whose ranges overlap the host's addresses or routes.
   *
   * @param claimedByState this state folder's layout file names the plan's prefix
   */
  public static void check(LayoutPlan plan, Path home, boolean claimedByState) {
    if (!Capabilities.canMakeNamespaces()) {
      throw new UserError("the cluster's network (network namespaces " + plan.lanNetns() + ", " + plan.nodes().get(0).netns()
          + ", ...) needs root: CAP_SYS_ADMIN and CAP_NET_ADMIN", "run it as root, e.g. sudo ./netkube up");
    }
    String owner = Ownership.alias(home);
    Optional<NameCheck.NameConflict> names = NameCheck.check(plan, java.util.Set.copyOf(NetnsProcesses.names()),
        LayoutObserver.alias(plan.host().link()), claimedByState, owner);
    if (names.isPresent()) throw new UserError(names.get().message(), names.get().hint());
    HostRangeCheck.HostNetwork host = LayoutObserver.hostNetwork();
    List<RangeConflict> conflicts = HostRangeCheck.conflicts(plan.spec(), plan.host().link(), host);
    if (!conflicts.isEmpty()) {
      StringBuilder message = new StringBuilder("the cluster's address ranges overlap what this host already has:");
      for (RangeConflict c : conflicts) message.append("\n  - ").append(c.describe());
      throw new UserError(message.toString(), String.join("\n  ",
          HostRangeCheck.fixes(plan.spec(), plan.host().link(), conflicts, host)));
    }
  }

  /**
   * Makes what is missing of the plan (everything on a first run, nothing on a re-run). A batch
   * that fails is looked at again: the kernel removes the links of a deleted namespace
   * asynchronously, so a link seen a moment ago may be gone by the time `ip` deletes it.
   */
  public static Made ensure(LayoutPlan plan, Path home) throws IOException, InterruptedException {
    long t0 = System.nanoTime();
    for (int attempt = 1; ; attempt++) {
      ObservedLayout seen = LayoutObserver.observe(plan);
      LayoutChanges changes = LayoutDiff.between(plan, seen, Ownership.alias(home), extraNodes(plan, seen.netns()));
      if (!changes.removedNetns().isEmpty()) NetnsProcesses.end(NetnsProcesses.in(changes.removedNetns()), PROCESS_GRACE);
      int commands = 0;
      try {
        for (IpBatch batch : changes.batches()) {
          Ip.run(batch);
          commands += batch.lines().size();
        }
      } catch (Exec.Failed e) {
        if (attempt == 3) throw e;
        Thread.sleep(100L * attempt);
        continue;
      }
      if (changes.hostLinkAlias().isPresent()) LayoutObserver.setAlias(plan.host().link(), changes.hostLinkAlias().get());
      Nft.run(HostGuard.script(plan.spec().prefix(), plan.host().link()));
      boolean complete = attempt == 1 && changes.linksComplete();
      return new Made(commands, complete, changes.removedNetns(), Duration.ofNanos(System.nanoTime() - t0));
    }
  }

  /** Namespaces of former nodes of this prefix ({@code <prefix>-node-K}, K beyond the plan's count). Pure. */
  public static List<String> extraNodes(LayoutPlan plan, java.util.Collection<String> allNetns) {
    Pattern node = Pattern.compile(Pattern.quote(plan.namePrefix()) + "node-([1-9][0-9]{0,4})");
    List<String> extra = new ArrayList<>();
    for (String ns : allNetns) {
      var m = node.matcher(ns);
      if (m.matches() && Integer.parseInt(m.group(1)) > plan.nodes().size()) extra.add(ns);
    }
    return extra.stream().sorted().toList();
  }

  /**
   * Removes everything of the prefix: processes in its namespaces (SIGTERM, then SIGKILL), host
   * links, namespaces, nftables tables. Skipped when the host link says another netkube owns
   * the prefix.
   */
  public static Removed teardown(String prefix, Path home) throws InterruptedException {
    String link = prefix + "-lan";
    Optional<String> alias = LayoutObserver.alias(link);
    Optional<String> otherOwner = alias.flatMap(Ownership::home).filter(h -> !Ownership.alias(home).equals(Ownership.TAG + h));
    if (otherOwner.isPresent()) {
      return new Removed(0, List.of(), List.of(), List.of(), List.of(),
          Optional.of("the names of prefix \"" + prefix + "\" belong to the netkube of NETKUBE_HOME=" + otherOwner.get()));
    }
    List<String> tables = nftTables();
    TeardownPlan plan = TeardownPlan.of(prefix, LayoutObserver.hostLinks(), NetnsProcesses.names(), tables);
    int processes = NetnsProcesses.end(NetnsProcesses.in(plan.netns()), PROCESS_GRACE);
    Ip.runAll(plan.ipBatch());
    if (!plan.nftTables().isEmpty()) {
      try {
        Nft.run(plan.nftScript());
      } catch (Exec.Failed e) {
        // reported below as a leftover
      }
    }
    TeardownPlan left = TeardownPlan.of(prefix, LayoutObserver.hostLinks(), NetnsProcesses.names(), nftTables());
    List<String> leftovers = new ArrayList<>();
    left.hostLinks().forEach(l -> leftovers.add("link " + l));
    left.netns().forEach(n -> leftovers.add("network namespace " + n));
    left.nftTables().forEach(t -> leftovers.add("nftables table " + t));
    return new Removed(processes, plan.netns(), plan.hostLinks(), plan.nftTables(), leftovers, Optional.empty());
  }

  private static List<String> nftTables() {
    try {
      return Nft.tables();
    } catch (Exec.Failed e) {
      return List.of(); // no nft on this host: netkube made no table either
    }
  }
}
