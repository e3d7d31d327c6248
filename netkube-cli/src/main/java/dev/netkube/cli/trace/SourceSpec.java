package dev.netkube.cli.trace;

import dev.netkube.cli.UserError;
import dev.netkube.proxy.model.Ipv4;
import java.util.regex.Pattern;

/** {@code --from}: where the packet starts, as the user wrote it (resolved against the API by {@link Resolver}). */
public sealed interface SourceSpec {
  String HINT = "--from takes pod/NAME, node/NAME (or node-N), lan, host or an IP address (then --node NAME)";

  /** A pod: its IP, on its node. */
  record Pod(String name) implements SourceSpec {}

  /** A node itself (its LAN IP): the packet starts in the output hook. */
  record Node(String name) implements SourceSpec {}

  /** The lan client ({@code ./netkube lan -- CMD}). */
  record Lan() implements SourceSpec {}

  /** The host, on the LAN as its first address. */
  record Host() implements SourceSpec {}

  /** A plain address; which node's rules it meets comes from --node or from whose address or pod CIDR it is. */
  record Address(String ip) implements SourceSpec {}

  Pattern NODE_N = Pattern.compile("node-[0-9]+");

  static SourceSpec parse(String text) {
    String t = text.strip();
    if (t.equals("lan")) return new Lan();
    if (t.equals("host")) return new Host();
    if (NODE_N.matcher(t).matches()) return new Node(t);
    if (Ipv4.isIpv4(t)) return new Address(t);
    int slash = t.indexOf('/');
    if (slash > 0 && slash < t.length() - 1) {
      String kind = t.substring(0, slash);
      String name = t.substring(slash + 1);
      switch (kind) {
        case "pod", "pods", "po": return new Pod(name);
        case "node", "nodes", "no": return new Node(name);
        default: throw new UserError("--from " + text + ": a packet cannot start at a " + kind, HINT);
      }
    }
    throw new UserError("--from " + text + ": not a source", HINT);
  }
}
