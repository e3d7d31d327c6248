package dev.netkube.e2e.nodes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What a netkube cluster may add to the host and must take away again: network namespaces, links
 * and nftables tables, as `ip netns`, `ip -o link` and `nft list tables` list them (link
 * counters and states dropped: only names count).
 */
public record HostSnapshot(List<String> netns, List<String> links, List<String> nftTables) {
  public static HostSnapshot take() throws IOException, InterruptedException {
    return new HostSnapshot(lines("ip", "netns", "list").stream().map(l -> l.split(" ")[0]).sorted().toList(),
        lines("ip", "-o", "link", "show").stream().map(l -> l.split(":")[1].trim().split("@")[0]).sorted().toList(),
        lines("nft", "list", "tables").stream().sorted().toList());
  }

  /** Only what carries {@code prefix} in its name. */
  public HostSnapshot named(String prefix) {
    return new HostSnapshot(netns.stream().filter(n -> n.contains(prefix)).toList(),
        links.stream().filter(n -> n.contains(prefix)).toList(), nftTables.stream().filter(n -> n.contains(prefix)).toList());
  }

  private static List<String> lines(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(10, TimeUnit.SECONDS);
    return Arrays.stream(out.split("\n")).filter(l -> !l.isBlank()).toList();
  }
}
