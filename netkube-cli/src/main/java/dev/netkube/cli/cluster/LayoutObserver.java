package dev.netkube.cli.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Looks at what the kernel has of a plan: /run/netns and /sys/class/net directly, and one
 * {@code ip -j -d addr show} per namespace of the plan that exists (none on a first {@code up}).
 */
public final class LayoutObserver {
  static final Path SYS_CLASS_NET = Path.of("/sys/class/net");

  private LayoutObserver() {}

  public static ObservedLayout observe(LayoutPlan plan) {
    Set<String> netns = new HashSet<>(NetnsProcesses.names());
    Set<String> unreadable = new HashSet<>();
    Map<String, List<LinkState>> links = new HashMap<>();
    for (String ns : plan.netnsNames()) {
      if (!netns.contains(ns)) continue;
      try {
        links.put(ns, IpJson.links(Ip.json(Optional.of(ns), "-d", "addr", "show")));
      } catch (Exec.Failed e) {
        unreadable.add(ns); // a name without a namespace behind it (e.g. a failed ip netns add)
      }
    }
    String link = plan.host().link();
    Optional<LinkState> hostLink = Optional.empty();
    if (Files.exists(SYS_CLASS_NET.resolve(link))) {
      try {
        hostLink = IpJson.links(Ip.json(Optional.empty(), "-d", "addr", "show", "dev", link)).stream().findFirst();
      } catch (Exec.Failed e) {
        // vanished meanwhile
      }
    }
    return new ObservedLayout(netns, unreadable, links, hostLink, alias(link));
  }

  /** A host link's alias: empty when the link does not exist, "" when it has none. */
  public static Optional<String> alias(String link) {
    try {
      return Optional.of(Files.readString(SYS_CLASS_NET.resolve(link).resolve("ifalias")).strip());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Sets a host link's alias (through sysfs: any characters, no quoting). */
  public static void setAlias(String link, String alias) throws IOException {
    Files.writeString(SYS_CLASS_NET.resolve(link).resolve("ifalias"), alias + "\n");
  }

  /** The names of the host's links. */
  public static List<String> hostLinks() {
    try (var names = Files.list(SYS_CLASS_NET)) {
      return names.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  /** The host's IPv4 addresses, main-table routes and link aliases, for {@link HostRangeCheck}. */
  public static HostRangeCheck.HostNetwork hostNetwork() {
    Map<String, String> aliases = new HashMap<>();
    for (String link : hostLinks()) alias(link).filter(a -> !a.isEmpty()).ifPresent(a -> aliases.put(link, a));
    return new HostRangeCheck.HostNetwork(IpJson.addresses(Ip.json(Optional.empty(), "-4", "addr", "show")),
        IpJson.routes(Ip.json(Optional.empty(), "-4", "route", "show", "table", "main")), aliases);
  }
}
