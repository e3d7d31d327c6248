package dev.netkube.cli.cluster;

import java.util.Optional;

/**
 * An IPv4 route of the host's main table.
 *
 * @param type {@code unicast} unless ip says otherwise ({@code blackhole}, {@code unreachable}, ...)
 */
public record HostRoute(Cidr destination, Optional<String> device, Optional<String> gateway, String type) {
  /** As {@code ip route} would print it, for messages. */
  public String describe() {
    StringBuilder text = new StringBuilder(type.equals("unicast") ? "" : type + " ").append(destination);
    gateway.ifPresent(g -> text.append(" via ").append(g));
    device.ifPresent(d -> text.append(" dev ").append(d));
    return text.toString();
  }
}
