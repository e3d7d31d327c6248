package dev.netkube.cli.cluster;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether the names a plan needs are free or already this netkube's: a namespace or host link
 * of the prefix that another netkube made (its alias says so) or that nobody claims must not be
 * taken over. Pure.
 */
public final class NameCheck {
  private NameCheck() {}

  /** Why the names are not ours to use. */
  public record NameConflict(String message, String hint) {}

  /**
   * @param allNetns every namespace in /run/netns
   * @param hostLinkAlias the alias of the plan's host link, or empty when the link does not exist;
   *     {@code Optional.of("")} for a link without alias
   * @param claimedByState whether this state folder's layout file names the plan's prefix (it is
   *     written before anything is made, so it covers a crash before the alias was set)
   */
  public static Optional<NameConflict> check(LayoutPlan plan, Set<String> allNetns, Optional<String> hostLinkAlias,
      boolean claimedByState, String ownerAlias) {
    String link = plan.host().link();
    if (hostLinkAlias.isPresent() && !hostLinkAlias.get().equals(ownerAlias)) {
      Optional<String> other = Ownership.home(hostLinkAlias.get());
      if (other.isPresent()) {
        return Optional.of(new NameConflict("the names of prefix \"" + plan.spec().prefix() + "\" (link " + link
            + ", namespace " + plan.lanNetns() + ", ...) belong to the netkube of NETKUBE_HOME=" + other.get(),
            "stop that one first (NETKUBE_HOME=" + other.get() + " ./netkube down), or give this one its own --prefix,"
                + " --lan-cidr, --pod-cidr and --port"));
      }
      if (!claimedByState) {
        return Optional.of(new NameConflict("the host already has a link named " + link + " that netkube did not make",
            "choose another --prefix (the link is named <prefix>-lan), or remove that link if it is a leftover"
                + " (ip link del " + link + ")"));
      }
    }
    if (hostLinkAlias.isEmpty() && !claimedByState) {
      List<String> taken = plan.netnsNames().stream().filter(allNetns::contains).toList();
      if (!taken.isEmpty()) {
        return Optional.of(new NameConflict("network namespace " + taken.get(0) + " already exists and no netkube"
            + " claims it", "choose another --prefix, or remove it if it is a leftover (ip netns del " + taken.get(0)
            + "; NETKUBE_HOME=<its state folder> ./netkube down removes a whole leftover layout)"));
      }
    }
    return Optional.empty();
  }
}
