package dev.netkube.dns.plugin.kubernetes;

import dev.netkube.dns.plugin.kubernetes.ClusterModel.Endpoint;
import dev.netkube.dns.plugin.kubernetes.ClusterModel.Pod;
import dev.netkube.dns.plugin.kubernetes.ClusterModel.Service;
import dev.netkube.dns.plugin.kubernetes.ClusterModel.Slice;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the informers saw, kept by key; queries read an immutable {@link ClusterIndex} rebuilt only after a change
 * (many queries per change: the index is built once, read lock-free).
 */
public final class ClusterState {
  private final Clock clock;
  private final Map<String, Service> services = new HashMap<>();
  private final Map<String, Slice> slices = new HashMap<>();
  private final Map<String, Pod> pods = new HashMap<>();
  private final Set<String> namespaces = new HashSet<>();
  private volatile ClusterIndex index;
  private long modified;

  public ClusterState(Clock clock) {
    this.clock = clock;
    this.modified = clock.millis() / 1000;
    this.index = ClusterIndex.EMPTY;
  }

  public synchronized void putService(Service s) { services.put(s.namespace() + "/" + s.name(), s);
    changed(); }

  public synchronized void removeService(String namespace, String name) { services.remove(namespace + "/" + name);
    changed(); }

  public synchronized void putSlice(Slice s) { slices.put(s.namespace() + "/" + s.name(), s);
    changed(); }

  public synchronized void removeSlice(String namespace, String name) { slices.remove(namespace + "/" + name);
    changed(); }

  public synchronized void putPod(Pod p) { pods.put(p.namespace() + "/" + p.name(), p);
    changed(); }

  public synchronized void removePod(String namespace, String name) { pods.remove(namespace + "/" + name);
    changed(); }

  public synchronized void putNamespace(String name) {
    if (namespaces.add(name)) changed();
  }

  public synchronized void removeNamespace(String name) {
    if (namespaces.remove(name)) changed();
  }

  private void changed() {
    modified = clock.millis() / 1000;
    index = null;
  }

  /** The current index, rebuilt if anything changed since the last one. */
  public ClusterIndex index() {
    ClusterIndex i = index;
    if (i != null) return i;
    synchronized (this) {
      if (index == null) {
        index = new ClusterIndex(List.copyOf(services.values()), List.copyOf(slices.values()),
            List.copyOf(pods.values()), Set.copyOf(namespaces), modified);
      }
      return index;
    }
  }

  /** For tests and diagnostics. */
  public synchronized List<Endpoint> endpointsOf(String namespace, String service) {
    List<Endpoint> out = new ArrayList<>();
    for (Slice s : slices.values()) if (s.namespace().equals(namespace) && s.service().equals(service)) out.addAll(s.endpoints());
    return out;
  }
}
