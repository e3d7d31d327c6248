package dev.netkube.proxy.userspace;

import dev.netkube.proxy.model.Protocol;
import dev.netkube.proxy.model.ServicePort;
import dev.netkube.proxy.model.ServicePortName;
import java.util.Comparator;

/** What one listener of the userspace proxy serves: one port of one service, over one protocol. */
public record ListenerKey(ServicePortName name, Protocol protocol) implements Comparable<ListenerKey> {
  private static final Comparator<ListenerKey> ORDER = Comparator.comparing(ListenerKey::name).thenComparing(ListenerKey::protocol);

  public static ListenerKey of(ServicePort port) { return new ListenerKey(port.name(), port.protocol()); }

  @Override
  public int compareTo(ListenerKey other) { return ORDER.compare(this, other); }

  @Override
  public String toString() { return name + "/" + protocol; }
}
