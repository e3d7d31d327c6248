package dev.netkube.proxy.userspace;

import dev.netkube.proxy.model.Protocol;
import dev.netkube.proxy.model.ServicePort;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which listeners a snapshot needs, against those running: one per TCP or UDP service port (upstream's userspace
 * proxy had no SCTP). A listener outlives changes of its service's addresses and policies (only its portal rules
 * change), so its clients' affinity survives them; it is replaced only when its port or protocol goes.
 *
 * @param open listeners to start
 * @param close listeners no port needs any more (closed once the rules no longer point at them)
 * @param skipped ports no listener can serve (SCTP)
 */
public record ListenerPlan(SortedSet<ListenerKey> open, SortedSet<ListenerKey> close, List<ServicePort> skipped) {
  public static ListenerPlan between(Collection<ListenerKey> running, List<ServicePort> ports) {
    SortedSet<ListenerKey> wanted = new TreeSet<>();
    List<ServicePort> skipped = ports.stream().filter(p -> p.protocol() == Protocol.SCTP).toList();
    for (ServicePort p : ports) if (p.protocol() != Protocol.SCTP) wanted.add(ListenerKey.of(p));
    SortedSet<ListenerKey> open = new TreeSet<>(wanted);
    open.removeAll(Set.copyOf(running));
    SortedSet<ListenerKey> close = new TreeSet<>(running);
    close.removeAll(wanted);
    return new ListenerPlan(open, close, skipped);
  }
}
