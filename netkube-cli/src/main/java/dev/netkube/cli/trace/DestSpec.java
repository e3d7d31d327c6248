package dev.netkube.cli.trace;

import dev.netkube.cli.UserError;
import dev.netkube.proxy.model.Ipv4;
import java.util.Optional;

/** {@code --to}: where the packet is addressed, as the user wrote it. */
public sealed interface DestSpec {
  String HINT = "--to takes svc/NAME[:PORT or :PORTNAME], IP:PORT, or node-N:PORT / node/NAME:PORT (a node port)";

  /** A service's cluster IP; {@code port} a number or a port name, empty for the service's only port. */
  record Service(String name, Optional<String> port) implements DestSpec {}

  record AddressPort(String ip, int port) implements DestSpec {}

  /** A port (a NodePort, typically) on a node's LAN IP. */
  record NodePort(String node, int port) implements DestSpec {}

  static DestSpec parse(String text) {
    String t = text.strip();
    int colon = t.lastIndexOf(':');
    String head = colon < 0 ? t : t.substring(0, colon);
    Optional<String> port = colon < 0 ? Optional.empty() : Optional.of(t.substring(colon + 1));
    if (port.isPresent() && port.get().isEmpty()) throw new UserError("--to " + text + ": empty port", HINT);
    int slash = head.indexOf('/');
    if (slash > 0) {
      String kind = head.substring(0, slash);
      String name = head.substring(slash + 1);
      if (name.isEmpty()) throw new UserError("--to " + text + ": no name after " + kind + "/", HINT);
      switch (kind) {
        case "svc", "service", "services":
          return new Service(name, port);
        case "node", "nodes", "no":
          return new NodePort(name, number(text, port));
        default:
          throw new UserError("--to " + text + ": a packet is addressed to a service, an address or a node, not a " + kind, HINT);
      }
    }
    if (SourceSpec.NODE_N.matcher(head).matches()) return new NodePort(head, number(text, port));
    if (Ipv4.isIpv4(head)) return new AddressPort(head, number(text, port));
    throw new UserError("--to " + text + ": not a destination", HINT);
  }

  private static int number(String text, Optional<String> port) {
    String p = port.orElseThrow(() -> new UserError("--to " + text + ": which port? add :PORT", HINT));
    try {
      int n = Integer.parseInt(p);
      if (n >= 1 && n <= 65535) return n;
    } catch (NumberFormatException e) {
      // falls through to the error below
    }
    throw new UserError("--to " + text + ": " + p + " is not a port number (1-65535)", HINT);
  }
}
